package io.github.deltastn.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** One of each kind, with a few different bounds. */
    static final List<Transform> ALL = List.of(
            Transform.sSigmoid(0, 0.95), Transform.sSigmoid(2, 24), Transform.sSigmoid(-3, 1e3),
            Transform.upperSoftplus(0.5), Transform.upperSoftplus(-7),
            Transform.lowerSoftplus(0), Transform.lowerSoftplus(3.5), Transform.lowerSoftplus(-2),
            Transform.LINEAR, Transform.EXP, Transform.SIGMOID, Transform.SOFTPLUS, Transform.LOGIT);

    @Test
    void forBoundsPicksTheReferenceKind() {
        assertEquals(Transform.Kind.S_SIGMOID, Transform.forBounds(0, 0.95).kind());
        assertEquals(Transform.Kind.UPPER_SOFTPLUS, Transform.forBounds(-INF, 3).kind());
        assertEquals(Transform.Kind.LOWER_SOFTPLUS, Transform.forBounds(0, INF).kind());
        assertSame(Transform.LINEAR, Transform.forBounds(-INF, INF));
        Transform t = Transform.forBounds(2, 24);
        assertEquals(2.0, t.lo());
        assertEquals(24.0, t.hi());
        assertEquals("s_sigmoid(2.0, 24.0)", t.toString());
        assertEquals("lower_softplus(0.0, Infinity)", Transform.forBounds(0, INF).toString());
        assertEquals("exp", Transform.EXP.toString());
        assertEquals(Transform.sSigmoid(2, 24), t);
        assertEquals(Transform.sSigmoid(2, 24).hashCode(), t.hashCode());
        assertFalse(t.equals(Transform.sSigmoid(2, 25)));
    }

    @Test
    void formulasAtKnownPoints() {
        double log2 = Math.log(2);
        assertEquals(0.475, Transform.sSigmoid(0, 0.95).forward(0.0), 1e-15);
        assertEquals(2 + 22 / (1 + Math.exp(-1.5)), Transform.sSigmoid(2, 24).forward(1.5), 1e-13);
        assertEquals(1 - log2, Transform.upperSoftplus(1).forward(1.0), 1e-15);
        assertEquals(1 + log2, Transform.lowerSoftplus(1).forward(0.0), 1e-15);
        assertEquals(-0.3, Transform.LINEAR.forward(-0.3));
        assertEquals(Math.E, Transform.EXP.forward(1.0), 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.7)), Transform.SIGMOID.forward(0.7), 1e-15);
        assertEquals(Math.log1p(Math.exp(0.7)), Transform.SOFTPLUS.forward(0.7), 1e-15);
        assertEquals(Math.log(0.3 / 0.7), Transform.LOGIT.forward(0.3), 1e-15);
        assertEquals(Math.log(0.05) - Math.log(0.9), Transform.sSigmoid(0, 0.95).inverse(0.05), 1e-15);
        assertEquals(Math.log(Math.expm1(2.0)), Transform.lowerSoftplus(1).inverse(3.0), 1e-14);
        assertEquals(1 - Math.log(Math.expm1(2.0)), Transform.upperSoftplus(1).inverse(-1.0), 1e-14);
    }

    @Test
    void derivativeMatchesCentralDifferences() {
        Transform[] all = {Transform.sSigmoid(-1, 3), Transform.upperSoftplus(2), Transform.lowerSoftplus(-1),
            Transform.LINEAR, Transform.EXP, Transform.SIGMOID, Transform.SOFTPLUS, Transform.LOGIT};
        for (Transform t : all) {
            for (double u : t.kind() == Transform.Kind.LOGIT ? new double[] {0.1, 0.5, 0.8} : new double[] {-2.5, 0.3, 1.7}) {
                double h = 1e-6;
                double fd = (t.forward(u + h) - t.forward(u - h)) / (2 * h);
                assertEquals(fd, t.derivative(u), 1e-7 * Math.max(1, Math.abs(fd)), t + " at " + u);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Transform.LOGIT.derivative(1.5));
    }

    @Test
    void stableScalarFunctions() {
        assertEquals(1e3, Transform.softplus(1e3));
        assertEquals(0.0, Transform.softplus(-1e3));
        assertEquals(Math.exp(-700), Transform.softplus(-700), 1e-310);
        assertEquals(1e3, Transform.inverseSoftplus(1e3));
        assertEquals(Math.log(1e-300), Transform.inverseSoftplus(1e-300), 1e-12);
        assertEquals(Math.log(Math.E - 1), Transform.inverseSoftplus(1.0), 1e-15);
        assertEquals(0.541324854612918, Transform.inverseSoftplus(1.0), 1e-15);
        assertEquals(1.0, Transform.sigmoid(1e3));
        assertEquals(0.0, Transform.sigmoid(-1e3));
        assertEquals(Math.exp(-700), Transform.sigmoid(-700), 1e-310);
        assertEquals(0.0, Transform.logit(0.5));
    }

    @Test
    void noNanOrOverflowAtExtremes() {
        double[] us = {-1e3, -745.2, -700, -100, -30, -1, 0, 1e-300, 1, 30, 100, 700, 709.7, 745.2, 1e3};
        for (Transform t : ALL) {
            double[] points = t.kind() == Transform.Kind.LOGIT
                    ? new double[] {Double.MIN_VALUE, 1e-300, 1e-16, 0.5, 1 - 1e-16, Math.nextDown(1.0)}
                    : us;
            for (double u : points) {
                double v = t.forward(u);
                boolean mayOverflow = t.kind() == Transform.Kind.EXP && u > Math.log(Double.MAX_VALUE);
                assertFalse(Double.isNaN(v), t + " at " + u);
                assertTrue(Double.isFinite(v) || mayOverflow, t + " at " + u + " gave " + v);
                Var p = Var.param(Tensor.scalar(u));
                Var y = t.forward(p);
                assertEquals(v, y.item(), 0.0, t + " Var vs double at " + u);
                double g = Grad.values(y, p)[0].item();
                assertFalse(Double.isNaN(g), t + " gradient at " + u);
                assertTrue(g >= 0, t + " gradient at " + u + " = " + g);
                boolean gradMayOverflow = mayOverflow || (t.kind() == Transform.Kind.LOGIT && u < 1e-300);
                assertTrue(Double.isFinite(g) || gradMayOverflow, t + " gradient at " + u + " = " + g);
            }
        }
        assertEquals(INF, Transform.EXP.forward(1e3));
    }

    @Test
    void inverseNearTheBoundsIsFiniteAndOnTheBoundsThrows() {
        Transform t = Transform.sSigmoid(0, 0.95);
        assertTrue(Double.isFinite(t.inverse(Double.MIN_VALUE)));
        assertTrue(Double.isFinite(t.inverse(Math.nextDown(0.95))));
        assertTrue(Double.isFinite(Transform.lowerSoftplus(3.5).inverse(Math.nextUp(3.5))));
        assertTrue(Double.isFinite(Transform.upperSoftplus(-7).inverse(Math.nextDown(-7.0))));
        assertTrue(Double.isFinite(Transform.SIGMOID.inverse(Math.nextDown(1.0))));
        assertTrue(Double.isFinite(Transform.EXP.inverse(Double.MIN_VALUE)));
        assertTrue(Double.isFinite(Transform.LOGIT.inverse(-700)));

        assertInverseThrows(t, 0.0, "0.0");
        assertInverseThrows(t, 0.95, "0.95");
        assertInverseThrows(t, 1.5, "1.5");
        assertInverseThrows(t, Double.NaN, "NaN");
        assertInverseThrows(Transform.lowerSoftplus(3.5), 3.5, "3.5");
        assertInverseThrows(Transform.upperSoftplus(-7), -7.0, "-7.0");
        assertInverseThrows(Transform.EXP, 0.0, "0.0");
        assertInverseThrows(Transform.SOFTPLUS, -1.0, "-1.0");
        assertInverseThrows(Transform.SIGMOID, 1.0, "1.0");
        assertInverseThrows(Transform.LINEAR, INF, "Infinity");
        // logit's preimage sigmoid(40) rounds to 1, outside the open domain (0, 1)
        assertInverseThrows(Transform.LOGIT, 40.0, "40.0");
    }

    private static void assertInverseThrows(Transform t, double v, String shown) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.inverse(v));
        assertTrue(e.getMessage().contains(shown) && e.getMessage().contains(t.kind().label()), e.getMessage());
    }

    @Test
    void forwardRejectsArgumentsOutsideTheDomain() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transform.LOGIT.forward(1.5));
        assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("(0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Transform.LOGIT.forward(0.0));
        assertThrows(IllegalArgumentException.class, () -> Transform.EXP.forward(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Transform.sSigmoid(0, 1).forward(INF));
        e = assertThrows(IllegalArgumentException.class,
                () -> Transform.LOGIT.forward(Var.param(Tensor.of(new double[] {0.5, -0.1}))));
        assertTrue(e.getMessage().contains("-0.1") && e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void badBoundsAreRejected() {
        assertBadBounds(1.0, 1.0);
        assertBadBounds(2.0, 1.0);
        assertBadBounds(Double.NaN, 1.0);
        assertBadBounds(0.0, Double.NaN);
        assertBadBounds(INF, INF);
        assertBadBounds(-INF, -INF);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transform.sSigmoid(0, INF));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Transform.lowerSoftplus(-INF));
        assertThrows(IllegalArgumentException.class, () -> Transform.upperSoftplus(Double.NaN));
    }

    private static void assertBadBounds(double lo, double hi) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transform.forBounds(lo, hi));
        assertTrue(e.getMessage().contains("lo=" + lo) && e.getMessage().contains("hi=" + hi), e.getMessage());
    }

    @Test
    void tensorFormsApplyElementwise() {
        Transform t = Transform.sSigmoid(2, 24);
        Tensor u = Tensor.of(new double[] {-1, 0, 2, 3, 4, 5}, 2, 3);
        Tensor v = t.forward(u);
        assertTrue(v.hasShape(2, 3));
        for (int i = 0; i < 6; i++) {
            assertEquals(t.forward(u.data()[i]), v.data()[i]);
        }
        assertTrue(t.inverse(v).allClose(u, 1e-12, 1e-12));
    }

    @Test
    void derivativesOfVarForms() {
        Rng rng = new Rng(7);
        for (Transform t : ALL) {
            Tensor u = t.kind() == Transform.Kind.LOGIT
                    ? Tensor.uniform(rng, 0.2, 0.8, 2, 3)
                    : Tensor.uniform(rng, -3, 3, 2, 3);
            GradCheck.check(x -> t.forward(x[0]), new Tensor[] {u}, 2, rng);
        }
    }
}
