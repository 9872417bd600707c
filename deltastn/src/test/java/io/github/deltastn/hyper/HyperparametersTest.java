package io.github.deltastn.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
import org.junit.jupiter.api.function.Executable;

class HyperparametersTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double S0 = 0.541325;

    /** The CIFAR-10 augmentation and dropout hyperparameters of algorithm.md §2.3/§2.4 with their initial u. */
    private static Hyperparameters table() {
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout0", 0, 0.95, 0.05);
        hp.register(Hyperparameter.of("cutout_length", 2, 24, 4).withDiscrete(true));
        hp.register(Hyperparameter.of("cutout_holes", 0, 5, 1).withDiscrete(true));
        hp.register("hue", 0, 0.5, 0.05);
        hp.register("brightness", 0, 1, 0.05);
        hp.register("contrast", 0, 1, 0.05);
        hp.register("saturation", 0, 1, 0.05);
        hp.register("degrees", 0, 45, 5);
        hp.register("shear", 0, 45, 5);
        hp.register("scale", 0, 0.5, 0.05);
        hp.register("translate", 0, 0.5, 0.05);
        return hp.freeze();
    }

    private static final double[] TABLE_U = {
        -2.8904, -2.3026, -1.3863, -2.1972, -2.9444, -2.9444, -2.9444, -2.0794, -2.0794, -2.1972, -2.1972};

    @Test
    void initialisationMatchesTheTable() {
        Hyperparameters hp = table();
        assertEquals(11, hp.size());
        for (int i = 0; i < TABLE_U.length; i++) {
            assertEquals(TABLE_U[i], hp.lam0().data()[i], 5e-5, hp.get(i).name());
            assertEquals(S0, hp.rawScale().data()[i], 1e-6, hp.get(i).name());
            assertEquals(1.0, hp.sigma().data()[i], 1e-15, hp.get(i).name());
            assertEquals(Transform.Kind.S_SIGMOID, hp.get(i).transform().kind());
        }
        assertEquals(Math.log(0.05 / 0.9), hp.lam0().data()[0], 1e-15);
        assertEquals(Math.log(2.0 / 20.0), hp.lam0().data()[1], 1e-15);
        assertTrue(hp.lam0().hasShape(11));
        assertTrue(hp.rawScale().hasShape(11));
    }

    @Test
    void currentValuesReproduceTheInitialValues() {
        Hyperparameters hp = table();
        Tensor cur = hp.currentValues();
        for (int i = 0; i < hp.size(); i++) {
            assertEquals(hp.get(i).initial(), cur.data()[i], 1e-12, hp.get(i).name());
        }
        assertEquals(4.0, hp.currentValue("cutout_length"));
        assertEquals(1.0, hp.currentValue("cutout_holes"));
    }

    @Test
    void initialScaleSetsS() {
        Hyperparameter a = Hyperparameter.of("a", 0, 1, 0.5).withInitialScale(0.5);
        assertEquals(Math.log(Math.expm1(0.5)), a.initialRawScale(), 1e-15);
        Hyperparameters hp = new Hyperparameters();
        hp.register(a);
        hp.freeze();
        assertEquals(0.5, hp.sigma().data()[0], 1e-15);
    }

    @Test
    void registrationOrderIsTheIndex() {
        Hyperparameters hp = new Hyperparameters();
        assertEquals(0, hp.register("dropout0", 0, 0.95, 0.05));
        assertEquals(1, hp.register("dropout1", 0, 0.95, 0.05));
        assertEquals(2, hp.register(Hyperparameter.of("wd", 0, INF, 1e-3).withTransform(Transform.EXP)));
        assertEquals(List.of("dropout0", "dropout1", "wd"), hp.names());
        assertEquals(1, hp.indexOf("dropout1"));
        assertEquals("wd", hp.get(2).name());
        assertSame(Transform.EXP, hp.get("wd").transform());
        assertFalse(hp.isFrozen());
        assertSame(hp, hp.freeze());
        assertSame(hp.lam0(), hp.freeze().lam0());
        assertTrue(hp.isFrozen());
        assertEquals(Math.log(1e-3), hp.lam0().data()[2], 1e-15);
        assertThrows(UnsupportedOperationException.class, () -> hp.all().clear());
    }

    @Test
    void defaultTransformsFollowTheBounds() {
        Hyperparameters hp = new Hyperparameters();
        hp.register("both", -1, 1, 0.2);
        hp.register("below", -INF, 3, 1);
        hp.register("above", 3, INF, 4);
        hp.register("none", -INF, INF, -5);
        hp.freeze();
        assertEquals(Transform.Kind.S_SIGMOID, hp.get(0).transform().kind());
        assertEquals(Transform.Kind.UPPER_SOFTPLUS, hp.get(1).transform().kind());
        assertEquals(Transform.Kind.LOWER_SOFTPLUS, hp.get(2).transform().kind());
        assertEquals(Transform.Kind.LINEAR, hp.get(3).transform().kind());
        assertEquals(3 - Math.log(Math.expm1(2)), hp.lam0().data()[1], 1e-14);
        assertEquals(Math.log(Math.expm1(1)), hp.lam0().data()[2], 1e-14);
        assertEquals(-5.0, hp.lam0().data()[3]);
        assertEquals(Transform.lowerSoftplus(0),
                Hyperparameter.of("wd", 0, INF, 1e-3).withTransform(Transform.EXP).withTransform(null).transform());
        assertTrue(hp.currentValues().allClose(Tensor.of(new double[] {0.2, 1, 4, -5}), 1e-13, 1e-13));
    }

    // ------------------------------------------------------------------ discrete values

    @Test
    void integerInitialValuesSurviveTheRoundTrip() {
        for (int k = 3; k <= 23; k++) {
            Hyperparameter h = Hyperparameter.of("cutout_length", 2, 24, k).withDiscrete(true);
            double u = h.initialUnconstrained();
            assertEquals(k, h.currentValue(u), "current " + k);
            assertEquals(k, h.perturbedValue(u), "perturbed " + k);
        }
        for (int k = 1; k <= 4; k++) {
            Hyperparameter h = Hyperparameter.of("cutout_holes", 0, 5, k).withDiscrete(true);
            double u = h.initialUnconstrained();
            assertEquals(k, h.currentValue(u), "current " + k);
            assertEquals(k, h.perturbedValue(u), "perturbed " + k);
        }
    }

    @Test
    void valuesJustBelowAnIntegerAreSnappedOnlyWhenWithinRoundingError() {
        Hyperparameter h = Hyperparameter.of("k", -INF, INF, 1).withDiscrete(true);
        assertEquals(4.0, h.perturbedValue(Math.nextDown(4.0)));
        assertEquals(4.0, h.perturbedValue(3.9999999999999996));
        assertEquals(4.0, h.perturbedValue(4.0 - 1e-10));
        assertEquals(4.0, h.currentValue(4.0 - 1e-10));
        assertEquals(3.0, h.perturbedValue(4.0 - 1e-7));
        assertEquals(3.0, h.perturbedValue(3.99));
        assertEquals(3.0, h.currentValue(3.99));
        assertEquals(4.0, h.perturbedValue(4.0));
        assertEquals(4.0, h.perturbedValue(4.7));
        assertEquals(1e6, h.perturbedValue(1e6 - 1e-4));
        assertEquals(-2.0, h.currentValue(-2.0000000000000004));
        assertEquals(-2.0, h.perturbedValue(-1.5));
        assertEquals(-1.0, h.currentValue(-1.5));
        Hyperparameter c = Hyperparameter.of("c", -INF, INF, 1);
        assertEquals(3.99, c.perturbedValue(3.99));
    }

    @Test
    void saturatedDiscreteValuesStayBelowTheUpperBound() {
        Hyperparameter h = Hyperparameter.of("cutout_length", 2, 24, 4).withDiscrete(true);
        assertEquals(24.0, h.transform().forward(1e3));
        assertEquals(23.0, h.perturbedValue(1e3));
        assertEquals(23.0, h.currentValue(1e3));
        assertEquals(23.0, h.perturbedValue(25));
        assertEquals(2.0, h.perturbedValue(-1e3));
        Hyperparameter holes = Hyperparameter.of("cutout_holes", 0, 5, 1).withDiscrete(true);
        assertEquals(4.0, holes.perturbedValue(1e3));
        assertEquals(0.0, holes.perturbedValue(-1e3));
    }

    // ------------------------------------------------------------------ state updates

    @Test
    void withValuesReturnsANewFrozenContainer() {
        Hyperparameters hp = table();
        Tensor lam0 = hp.lam0();
        Tensor s = hp.rawScale();
        Tensor newLam0 = Tensor.full(0.3, 11);
        Tensor newS = Tensor.full(-1.0, 11);
        Hyperparameters next = hp.withValues(newLam0, newS);
        assertNotSame(hp, next);
        assertSame(lam0, hp.lam0());
        assertSame(s, hp.rawScale());
        assertSame(newLam0, next.lam0());
        assertSame(newS, next.rawScale());
        assertTrue(next.isFrozen());
        assertEquals(hp.names(), next.names());
        assertEquals(Transform.softplus(-1.0), next.sigma().data()[3], 1e-15);
        assertEquals(14.0, next.currentValue("cutout_length")); // 2 + 22·sigmoid(0.3) = 14.64
        assertThrows(IllegalStateException.class, () -> next.register("x", 0, 1, 0.5));
    }

    // ------------------------------------------------------------------ entropy

    @Test
    void entropyAtUnitScale() {
        Hyperparameters hp = table();
        double h = hp.entropy(Var.constant(hp.rawScale())).item();
        assertEquals(11 * 1.4189385332046727, h, 1e-12);
        assertEquals(1.41894, Hyperparameters.UNIT_GAUSSIAN_ENTROPY, 1e-5);
    }

    @Test
    void entropyValueAndGradientMatchTheClosedForm() {
        Hyperparameters hp = table();
        Rng rng = new Rng(3);
        Tensor s = Tensor.uniform(rng, -4, 4, 11);
        Var sv = Var.param(s);
        Var h = hp.entropy(sv);
        double expected = 0;
        for (double x : s.data()) {
            expected += Math.log(Transform.softplus(x) * Math.sqrt(2 * Math.PI * Math.E));
        }
        assertEquals(expected, h.item(), 1e-12);
        Tensor g = Grad.values(h, sv)[0];
        for (int i = 0; i < 11; i++) {
            double x = s.data()[i];
            assertEquals(Transform.sigmoid(x) / Transform.softplus(x), g.data()[i], 1e-13);
            double step = 1e-6;
            double fd = (Math.log(Transform.softplus(x + step)) - Math.log(Transform.softplus(x - step))) / (2 * step);
            assertEquals(fd, g.data()[i], 1e-7);
        }
        GradCheck.check(x -> hp.entropy(x[0]), new Tensor[] {s}, 2, rng);
    }

    @Test
    void entropyRejectsAWrongShape() {
        Hyperparameters hp = table();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hp.entropy(Var.constant(Tensor.zeros(3))));
        assertTrue(e.getMessage().contains("[11]") && e.getMessage().contains("[3]"), e.getMessage());
    }

    // ------------------------------------------------------------------ differentiable constrained values

    @Test
    void constrainAppliesEachColumnsTransform() {
        Hyperparameters hp = new Hyperparameters();
        hp.register("p", 0, 0.95, 0.05);
        hp.register(Hyperparameter.of("len", 2, 24, 4).withDiscrete(true));
        hp.register(Hyperparameter.of("wd", 0, INF, 1e-2).withTransform(Transform.EXP));
        hp.register("b", -INF, 1, 0);
        hp.freeze();
        Rng rng = new Rng(11);
        Tensor u = Tensor.uniform(rng, -3, 3, 5, 4);
        Tensor v = hp.constrain(Var.constant(u)).value();
        assertTrue(v.hasShape(5, 4));
        for (int b = 0; b < 5; b++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(hp.get(i).transform().forward(u.get(b, i)), v.get(b, i), 1e-14);
            }
        }
        assertEquals(4.0, hp.constrain(Var.constant(hp.lam0())).value().data()[1], 1e-12);
        assertEquals(2 + 22 * Transform.sigmoid(0.3), hp.constrain(Var.constant(Tensor.full(0.3, 4))).value().data()[1],
                1e-14, "discrete columns are not floored");
        GradCheck.check(x -> hp.constrain(x[0]), new Tensor[] {u}, 2, rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hp.constrain(Var.constant(Tensor.zeros(5, 3))));
        assertTrue(e.getMessage().contains("[5, 3]"), e.getMessage());
    }

    @Test
    void emptyContainer() {
        Hyperparameters hp = new Hyperparameters().freeze();
        assertEquals(0, hp.size());
        assertTrue(hp.lam0().hasShape(0));
        assertEquals(0.0, hp.entropy(Var.constant(hp.rawScale())).item());
        assertTrue(hp.sample(3, new Rng(1)).noise().hasShape(3, 0));
    }

    // ------------------------------------------------------------------ bad input

    private static void assertMessage(Class<? extends RuntimeException> type, Executable call, String... parts) {
        RuntimeException e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void badBounds() {
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("dropout0", 0.95, 0, 0.5),
                "dropout0", "lo=0.95", "hi=0.0", "lo < hi");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("dropout0", 1, 1, 1),
                "dropout0", "lo=1.0", "hi=1.0");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("dropout0", Double.NaN, 1, 0.5),
                "dropout0", "NaN");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("dropout0", 0, Double.NaN, 0.5),
                "dropout0", "NaN");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("x", INF, INF, 0.5), "'x'", "Infinity");
    }

    @Test
    void badInitialValues() {
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("dropout0", 0, 0.95, 0.97),
                "dropout0", "0.97", "(0.0, 0.95)");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("dropout0", 0, 0.95, 0.0),
                "dropout0", "got 0.0", "strictly inside");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("dropout0", 0, 0.95, 0.95),
                "dropout0", "got 0.95");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("wd", 0, INF, Double.NaN), "wd", "NaN");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("a", -INF, INF, INF), "'a'", "Infinity");
        // inside the declared bounds but on the bound of the manual transform's range
        assertMessage(IllegalArgumentException.class,
                () -> Hyperparameter.of("wd", -1, 1, 0.0).withTransform(Transform.EXP),
                "wd", "got 0.0", "exp");
        assertMessage(IllegalArgumentException.class,
                () -> Hyperparameter.of("p", -1, 1, 0.5).withTransform(Transform.sSigmoid(0, 0.4)),
                "'p'", "got 0.5", "s_sigmoid(0.0, 0.4)");
        // logit's inverse sigmoid(50) rounds to 1: no representable unconstrained value
        assertMessage(IllegalArgumentException.class,
                () -> Hyperparameter.of("q", -INF, INF, 50).withTransform(Transform.LOGIT), "'q'", "50.0", "representable");
    }

    @Test
    void badScalesAndNames() {
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("d", 0, 1, 0.5).withInitialScale(0),
                "'d'", "sigma0", "got 0.0", "> 0");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("d", 0, 1, 0.5).withInitialScale(-1),
                "'d'", "got -1.0");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of("d", 0, 1, 0.5).withInitialScale(Double.NaN),
                "'d'", "NaN");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of(" ", 0, 1, 0.5), "name", "' '");
        assertMessage(IllegalArgumentException.class, () -> Hyperparameter.of(null, 0, 1, 0.5), "name", "null");
    }

    @Test
    void duplicateNamesAndLateRegistration() {
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout0", 0, 0.95, 0.05);
        assertMessage(IllegalArgumentException.class, () -> hp.register("dropout0", 0, 0.9, 0.1),
                "dropout0", "already registered", "index 0");
        assertEquals(1, hp.size());
        hp.freeze();
        assertMessage(IllegalStateException.class, () -> hp.register("dropout1", 0, 0.95, 0.05),
                "dropout1", "frozen", "before freeze()");
    }

    @Test
    void unknownNamesAndIndices() {
        Hyperparameters hp = table();
        assertMessage(IllegalArgumentException.class, () -> hp.indexOf("dropout9"), "dropout9", "dropout0", "translate");
        assertMessage(IllegalArgumentException.class, () -> hp.get("dropout9"), "dropout9");
        assertMessage(IllegalArgumentException.class, () -> hp.currentValue("dropout9"), "dropout9");
        assertMessage(IllegalArgumentException.class, () -> hp.get(11), "[0, 11)", "got 11");
        assertMessage(IllegalArgumentException.class, () -> hp.get(-1), "got -1");
    }

    @Test
    void stateNeedsFreeze() {
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout0", 0, 0.95, 0.05);
        assertMessage(IllegalStateException.class, hp::lam0, "lam0", "freeze()", "dropout0");
        assertMessage(IllegalStateException.class, hp::rawScale, "rawScale", "freeze()");
        assertMessage(IllegalStateException.class, hp::currentValues, "freeze()");
        assertMessage(IllegalStateException.class, () -> hp.sample(4, new Rng(0)), "sample", "freeze()");
        assertMessage(IllegalStateException.class, () -> hp.withValues(Tensor.zeros(1), Tensor.zeros(1)), "freeze()");
    }

    @Test
    void badBatchSizeAndState() {
        Hyperparameters hp = table();
        assertMessage(IllegalArgumentException.class, () -> hp.sample(0, new Rng(0)), "batch size", ">= 1", "got 0");
        assertMessage(IllegalArgumentException.class, () -> hp.sample(-3, new Rng(0)), "got -3");
        assertMessage(IllegalArgumentException.class, () -> hp.withValues(Tensor.zeros(10), hp.rawScale()),
                "lam0", "[11]", "[10]");
        assertMessage(IllegalArgumentException.class, () -> hp.withValues(hp.lam0(), Tensor.zeros(1, 11)),
                "rawScale", "[1, 11]");
        assertMessage(IllegalArgumentException.class,
                () -> hp.withValues(hp.lam0().with(Double.NaN, 4), hp.rawScale()), "lam0", "brightness", "NaN");
        assertMessage(IllegalArgumentException.class,
                () -> hp.withValues(hp.lam0(), hp.rawScale().with(Double.POSITIVE_INFINITY, 0)), "rawScale", "dropout0",
                "Infinity");
    }
}
