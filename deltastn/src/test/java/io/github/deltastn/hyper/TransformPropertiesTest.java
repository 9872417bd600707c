package io.github.deltastn.hyper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Round trips and monotonicity of every transform over wide ranges. Tolerances follow the conditioning:
 * recovering u from v is only as accurate as v's rounding divided by T'(u).
 */
class TransformPropertiesTest {

    @Provide
    Arbitrary<Transform> transforms() {
        return Arbitraries.of(TransformTest.ALL);
    }

    /** Where T is not saturated (the value still determines u); for logit, parameters t of u = sigmoid(t). */
    private static double[] unsaturated(Transform t) {
        switch (t.kind()) {
            case S_SIGMOID:
                return new double[] {-30, 30};
            case UPPER_SOFTPLUS:
                return new double[] {-1e3, t.hi() + 30};
            case LOWER_SOFTPLUS:
                return new double[] {t.lo() == 0 ? -700 : -30, 1e3};
            case EXP:
                return new double[] {-700, 700};
            case SIGMOID:
                return new double[] {-700, 30};
            case SOFTPLUS:
                return new double[] {-700, 1e3};
            case LOGIT:
                return new double[] {-690, 36};
            default:
                return new double[] {-1e3, 1e3};
        }
    }

    private static double at(double[] range, double f) {
        return range[0] + f * (range[1] - range[0]);
    }

    /** The largest magnitude among v and the finite bounds: the scale of v's rounding error. */
    private static double scale(Transform t, double v) {
        double s = Math.abs(v);
        if (Double.isFinite(t.lo())) {
            s = Math.max(s, Math.abs(t.lo()));
        }
        if (Double.isFinite(t.hi())) {
            s = Math.max(s, Math.abs(t.hi()));
        }
        if (Double.isFinite(t.lo()) && Double.isFinite(t.hi())) {
            s = Math.max(s, t.hi() - t.lo());
        }
        return s;
    }

    private static double derivative(Transform t, double u) {
        Var p = Var.param(Tensor.scalar(u));
        return Grad.values(t.forward(p), p)[0].item();
    }

    @Property(tries = 400)
    void inverseOfForwardIsIdentity(@ForAll("transforms") Transform t, @ForAll @DoubleRange(min = 0, max = 1) double f) {
        double u = at(unsaturated(t), f);
        if (t.kind() == Transform.Kind.LOGIT) {
            u = Transform.sigmoid(u);
        }
        double v = t.forward(u);
        double back = t.inverse(v);
        double tol = 8 * Math.ulp(scale(t, v)) / derivative(t, u) + 1e-12 * Math.max(1, Math.abs(u));
        assertTrue(Math.abs(back - u) <= tol, t + ": u=" + u + " v=" + v + " back=" + back + " tol=" + tol);
    }

    @Property(tries = 400)
    void forwardOfInverseIsIdentity(@ForAll("transforms") Transform t, @ForAll @DoubleRange(min = 0, max = 1) double f) {
        double v;
        switch (t.kind()) {
            case S_SIGMOID:
                v = t.lo() + (t.hi() - t.lo()) * (1e-9 + f * (1 - 2e-9));
                break;
            case UPPER_SOFTPLUS:
                v = t.hi() - Math.pow(10, -10 + f * 310);
                break;
            case LOWER_SOFTPLUS:
                v = t.lo() + Math.pow(10, (t.lo() == 0 ? -300 : -10) + f * (t.lo() == 0 ? 600 : 310));
                break;
            case EXP:
            case SOFTPLUS:
                v = Math.pow(10, -300 + f * 600);
                break;
            case SIGMOID:
                v = 1e-12 + f * (1 - 2e-12);
                break;
            case LOGIT:
                v = -700 + f * 736;
                break;
            default:
                v = -1e300 + f * 2e300;
                break;
        }
        double u = t.inverse(v);
        double back = t.forward(u);
        // plus the effect of rounding u itself (matters for logit, whose u crowds against 1)
        double tol = 1e-12 * scale(t, v) + 4 * Math.ulp(u) * derivative(t, u);
        assertTrue(Math.abs(back - v) <= tol, t + ": v=" + v + " back=" + back + " tol=" + tol);
    }

    @Property(tries = 400)
    void monotone(@ForAll("transforms") Transform t,
            @ForAll @DoubleRange(min = -1e3, max = 1e3) double a, @ForAll @DoubleRange(min = -1e3, max = 1e3) double b) {
        double u1 = Math.min(a, b);
        double u2 = Math.max(a, b);
        if (t.kind() == Transform.Kind.LOGIT) {
            u1 = Transform.sigmoid(u1 / 30);
            u2 = Transform.sigmoid(u2 / 30);
            if (!(t.inDomain(u1) && t.inDomain(u2))) {
                return;
            }
        }
        assertTrue(t.forward(u1) <= t.forward(u2), t + ": T(" + u1 + ") > T(" + u2 + ")");
    }

    @Property(tries = 200)
    void varFormAgreesWithDoubleForm(@ForAll("transforms") Transform t, @ForAll @DoubleRange(min = -1e3, max = 1e3) double a) {
        double u = t.kind() == Transform.Kind.LOGIT ? Transform.sigmoid(a / 30) : a;
        if (!t.inDomain(u)) {
            return;
        }
        double v = t.forward(u);
        double w = t.forward(Var.constant(Tensor.scalar(u))).item();
        assertTrue(v == w || Math.abs(v - w) <= 4 * Math.ulp(scale(t, v)), t + " at " + u + ": " + v + " vs " + w);
    }
}
