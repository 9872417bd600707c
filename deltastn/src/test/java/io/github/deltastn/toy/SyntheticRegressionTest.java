package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import org.junit.jupiter.api.Test;

class SyntheticRegressionTest {

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        SyntheticRegression.Config cfg = SyntheticRegression.Config.defaults();
        RegressionData a = SyntheticRegression.generate(cfg, new Rng(5));
        RegressionData b = SyntheticRegression.generate(cfg, new Rng(5));
        RegressionData c = SyntheticRegression.generate(cfg, new Rng(6));
        assertEquals(a.xTrain(), b.xTrain());
        assertEquals(a.yValid(), b.yValid());
        assertEquals(a.yTest(), b.yTest());
        assertNotEquals(a.xTrain(), c.xTrain());
    }

    @Test
    void defaultDataShapesAndStandardisationSwitch() {
        RegressionData d = SyntheticRegression.defaultData();
        assertEquals(20, d.features());
        assertEquals(40, d.nTrain());
        assertEquals(200, d.nValid());
        assertEquals(1000, d.nTest());
        RegressionData raw = SyntheticRegression.generate(SyntheticRegression.Config.defaults().withStandardize(false),
                new Rng(SyntheticRegression.DEFAULT_SEED));
        assertEquals(raw.standardized().xValid(), d.xValid(), "standardised default = raw data standardised");
        double[] means = Linalg.columnMeans(raw.xTrain().data(), raw.nTrain(), raw.features());
        double largest = 0;
        for (double m : means) {
            largest = Math.max(largest, Math.abs(m));
        }
        assertTrue(largest > 0.5, "raw features carry offsets, largest |mean| = " + largest);
    }

    /** The intended design: c* ∈ [0.1, 1] and p* ∈ [0.3, 0.6], interior and far from the trainers' start. */
    @Test
    void defaultOptimaAreInteriorAndInTheIntendedRange() {
        RegressionData data = SyntheticRegression.defaultData();
        RidgeProblem ridge = new RidgeProblem(data);
        HyperOptimum c = ridge.optimum();
        assertTrue(c.interior());
        assertTrue(c.value() >= 0.1 && c.value() <= 1.0, "c* = " + c.value());
        assertTrue(c.value() > 10 * RidgeProblem.INITIAL_WEIGHT_DECAY);
        assertTrue(c.value() > 100 * c.searchLo() && c.value() < c.searchHi() / 100);
        assertTrue(ridge.regret(ridge.initialValue()) > 0.3 * c.validationLoss(),
                "L_V(c0) = " + ridge.validationLoss(ridge.initialValue()) + " vs L_V(c*) = " + c.validationLoss());

        DropoutRegressionProblem dropout = new DropoutRegressionProblem(data);
        HyperOptimum p = dropout.optimum();
        assertTrue(p.interior());
        assertTrue(p.value() >= 0.3 && p.value() <= 0.6, "p* = " + p.value());
        assertTrue(p.value() > 5 * DropoutRegressionProblem.INITIAL_DROPOUT);
        assertTrue(dropout.regret(dropout.initialValue()) > 0.2 * p.validationLoss());
    }

    /** Other seeds scatter around the design value; they still give interior, regularised optima. */
    @Test
    void otherSeedsGiveInteriorOptima() {
        for (long seed = 0; seed < 8; seed++) {
            RegressionData data = SyntheticRegression.generate(SyntheticRegression.Config.defaults(), new Rng(seed));
            HyperOptimum c = new RidgeProblem(data).optimum();
            assertTrue(c.interior() && c.value() > 0.05 && c.value() < 5, "seed " + seed + ": c* = " + c.value());
        }
    }

    @Test
    void rejectsBadConfigurations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticRegression.generate(new SyntheticRegression.Config(40, 10, 0, 0, 0.5, 0.5, true), new Rng(1)));
        assertTrue(e.getMessage().contains("SyntheticRegression.Config") && e.getMessage().contains("features=0"));
        e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticRegression.generate(new SyntheticRegression.Config(40, 10, 0, 5, 1.0, 0.5, true), new Rng(1)));
        assertTrue(e.getMessage().contains("correlation") && e.getMessage().contains("1.0"));
        e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticRegression.generate(new SyntheticRegression.Config(40, 10, 0, 5, 0.5, 0.0, true), new Rng(1)));
        assertTrue(e.getMessage().contains("noiseFraction") && e.getMessage().contains("(0, 1)"));
    }
}
