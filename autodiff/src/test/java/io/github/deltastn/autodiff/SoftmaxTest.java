package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link Var#softmax} and {@link Var#logsumexp} against closed forms and against {@link Var#logSoftmax}. */
class SoftmaxTest {

    static Tensor add(Tensor t, double c) {
        return Var.constant(t).add(c).value();
    }

    static void assertAllFinite(Tensor t, String what) {
        for (double v : t.data()) {
            assertTrue(Double.isFinite(v), what + " has a non-finite entry: " + t);
        }
    }

    @Test
    void softmaxIsExpOfLogSoftmaxInValueGradientAndTangent() {
        Rng r = new Rng(1);
        Tensor x0 = Tensor.normal(r, 0, 2, 3, 4, 2);
        Tensor w = Tensor.normal(r, 0, 1, 3, 4, 2);
        Tensor t = Tensor.normal(r, 0, 1, 3, 4, 2);
        for (int axis : new int[] {0, 1, -1}) {
            Function<Var, Var> viaSoftmax = x -> x.softmax(axis);
            Function<Var, Var> viaLog = x -> x.logSoftmax(axis).exp();
            Var x = Var.param(x0);
            Var a = viaSoftmax.apply(x);
            Var b = viaLog.apply(x);
            assertTrue(a.value().allClose(b.value(), 1e-14, 1e-15), "value, axis " + axis);
            Tensor ga = Grad.values(a.mul(Var.constant(w)).sum(), x)[0];
            Tensor gb = Grad.values(b.mul(Var.constant(w)).sum(), x)[0];
            assertTrue(ga.allClose(gb, 1e-12, 1e-14), "gradient, axis " + axis);
            Tensor ta = Jvp.of(viaSoftmax, x, Var.constant(t)).tangent().value();
            Tensor tb = Jvp.of(viaLog, x, Var.constant(t)).tangent().value();
            assertTrue(ta.allClose(tb, 1e-12, 1e-14), "tangent, axis " + axis);
            // each slice sums to one
            assertTrue(a.sum(axis).value().allClose(Tensor.ones(a.sum(axis).shape()), 1e-14, 0));
        }
    }

    @Test
    void logsumexpMatchesTheNaiveFormulaAndItsGradientIsTheSoftmax() {
        Rng r = new Rng(2);
        Tensor x0 = Tensor.normal(r, 0, 1, 3, 5);
        Var x = Var.param(x0);
        Var y = x.logsumexp(1);
        Tensor naive = x.exp().sum(1).log().value();
        assertTrue(y.value().allClose(naive, 1e-14, 0), y + " vs " + naive);
        Tensor w = Tensor.normal(r, 0, 1, 3);
        Tensor g = Grad.values(y.mul(Var.constant(w)).sum(), x)[0];
        Tensor expected = x.softmax(1).mul(Var.constant(w.reshape(3, 1))).value();
        assertTrue(g.allClose(expected, 1e-14, 1e-15), g + " vs " + expected);
        // JVP: Σ_axis softmax ⊙ t
        Tensor t = Tensor.normal(r, 0, 1, 3, 5);
        Tensor ty = Jvp.of(v -> v.logsumexp(1), x, Var.constant(t)).tangent().value();
        assertTrue(ty.allClose(x.softmax(1).mul(Var.constant(t)).sum(1).value(), 1e-14, 1e-15));
    }

    @Test
    void largeInputsDoNotOverflow() {
        Rng r = new Rng(3);
        Tensor small = Tensor.normal(r, 0, 1, 2, 4);
        for (double shift : new double[] {1000, -1000}) {
            Var big = Var.param(add(small, shift));
            Var ref = Var.param(small);
            // softmax is shift-invariant; logsumexp shifts by the constant
            Var s = big.softmax(1);
            assertAllFinite(s.value(), "softmax at " + shift);
            assertTrue(s.value().allClose(ref.softmax(1).value(), 1e-12, 1e-15));
            Var l = big.logsumexp(1);
            assertAllFinite(l.value(), "logsumexp at " + shift);
            assertTrue(l.value().allClose(add(ref.logsumexp(1).value(), shift), 1e-14, 0));
            // gradients and second derivatives stay finite and shift-invariant too
            Tensor w = Tensor.normal(r, 0, 1, 2, 4);
            Function<Var, Var> f = x -> x.softmax(1).mul(Var.constant(w)).sum().add(x.logsumexp(1).sum());
            Tensor g = Grad.values(f.apply(big), big)[0];
            assertAllFinite(g, "gradient at " + shift);
            assertTrue(g.allClose(Grad.values(f.apply(ref), ref)[0], 1e-9, 1e-12));
            Tensor hv = Hvp.of(f, big, Var.constant(w)).value();
            assertAllFinite(hv, "Hessian-vector product at " + shift);
            assertTrue(hv.allClose(Hvp.of(f, ref, Var.constant(w)).value(), 1e-9, 1e-12));
        }
        // the naive formula overflows where the stable one does not
        Var x = Var.constant(Tensor.of(new double[] {1000, 1000}));
        assertEquals(Double.POSITIVE_INFINITY, x.exp().sum().log().item());
        assertEquals(1000 + Math.log(2), x.logsumexp(0).item(), 1e-12);
        assertTrue(x.softmax(0).value().allClose(Tensor.of(new double[] {0.5, 0.5}), 0, 0));
    }
}
