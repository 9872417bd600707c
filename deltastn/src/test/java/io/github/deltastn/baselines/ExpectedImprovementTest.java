package io.github.deltastn.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ExpectedImprovementTest {

    /** Φ(x) from Python's math.erfc (C library): 0.5·erfc(−x/√2). */
    @Test
    void normalCdfMatchesReferenceValuesIntoTheFarTail() {
        double[][] ref = {
            {0.0, 0.5},
            {-1.0, 0.15865525393145707},
            {0.3, 0.6179114221889526},
            {-0.3, 0.3820885778110474},
            {1.96, 0.9750021048517795},
            {-3.0, 0.0013498980316300957},
            {-5.0, 2.866515718791946e-07},
            {-10.0, 7.619853024160593e-24},
            {-30.0, 4.906713927148764e-198},
        };
        for (double[] r : ref) {
            assertEquals(r[1], Normal.cdf(r[0]), 1e-13 * r[1], "Phi(" + r[0] + ")");
        }
        // continuity where the series hands over to the continued fraction
        assertEquals(Normal.cdf(Math.nextDown(-3.0)), Normal.cdf(-3.0), 1e-15);
        assertEquals(Normal.cdf(Math.nextUp(3.0)), Normal.cdf(3.0), 1e-15);
        assertEquals(1.0, Normal.cdf(50), 0.0);
    }

    @Property(tries = 50)
    void cdfIsSymmetric(@ForAll @DoubleRange(min = -8, max = 8) double x) {
        assertEquals(1.0, Normal.cdf(x) + Normal.cdf(-x), 1e-14);
    }

    /** The closed form, written out here on its own, against the implementation. */
    @Property(tries = 100)
    void valueIsTheClosedForm(@ForAll @DoubleRange(min = -3, max = 3) double mean,
                              @ForAll @DoubleRange(min = 0.01, max = 2) double sd,
                              @ForAll @DoubleRange(min = -3, max = 3) double best) {
        double z = (best - mean) / sd;
        double phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        double expected = (best - mean) * Normal.cdf(z) + sd * phi;
        assertEquals(expected, ExpectedImprovement.value(mean, sd, best, 0.0), 1e-12 * Math.max(1, expected));
        assertTrue(ExpectedImprovement.value(mean, sd, best, 0.0) >= 0);
    }

    @Test
    void specialValues() {
        // at μ = f*: EI = s·φ(0) = s/√(2π)
        assertEquals(0.7 / Math.sqrt(2 * Math.PI), ExpectedImprovement.value(1.0, 0.7, 1.0, 0.0), 1e-15);
        // s = 0: the plain improvement
        assertEquals(0.5, ExpectedImprovement.value(1.0, 0.0, 1.5, 0.0), 0.0);
        assertEquals(0.0, ExpectedImprovement.value(2.0, 0.0, 1.5, 0.0), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, ExpectedImprovement.logValue(2.0, 0.0, 1.5, 0.0));
        // ξ shifts the incumbent
        assertEquals(ExpectedImprovement.value(0.3, 0.4, 0.9, 0.0), ExpectedImprovement.value(0.3, 0.4, 1.0, 0.1), 1e-15);
        // far from the incumbent EI tends to the mean improvement f* − μ
        assertEquals(10.0, ExpectedImprovement.value(-10.0, 0.1, 0.0, 0.0), 1e-12);
    }

    @Test
    void monteCarloAgrees() {
        Rng rng = new Rng(7);
        double[][] cases = {{0.2, 0.5, 0.0}, {1.0, 0.3, 0.5}, {-0.5, 1.2, 0.1}};
        int n = 400_000;
        for (double[] c : cases) {
            double mean = c[0];
            double sd = c[1];
            double best = c[2];
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double f = mean + sd * rng.normal();
                double imp = Math.max(best - f, 0);
                sum += imp;
                sumSq += imp * imp;
            }
            double mc = sum / n;
            double se = Math.sqrt((sumSq / n - mc * mc) / n);
            assertEquals(mc, ExpectedImprovement.value(mean, sd, best, 0.0), 5 * se, "case " + java.util.Arrays.toString(c));
        }
    }

    @Property(tries = 100)
    void logValueIsTheLogOfValueAndStaysFiniteInTheTail(@ForAll @DoubleRange(min = -40, max = 5) double z) {
        double sd = 0.3;
        double best = 0.0;
        double mean = best - z * sd;
        double ei = ExpectedImprovement.value(mean, sd, best, 0.0);
        double log = ExpectedImprovement.logValue(mean, sd, best, 0.0);
        assertTrue(Double.isFinite(log), "log EI finite at z = " + z);
        if (ei > 1e-300) {
            assertEquals(Math.log(ei), log, 1e-10 * Math.max(1, Math.abs(log)));
        }
    }

    @Test
    void logValueIsMonotoneFarBelowUnderflow() {
        double prev = Double.POSITIVE_INFINITY;
        for (double z = -50; z >= -2000; z *= 1.5) {
            double v = ExpectedImprovement.logValue(-z, 1.0, 0.0, 0.0);
            assertTrue(Double.isFinite(v) && v < prev, "log EI decreasing at z = " + z);
            // log τ(z) ≈ log φ(z) − 2 log|z| for large |z|
            assertEquals(Normal.logPdf(z) - 2 * Math.log(-z), v, 1e-3 * Math.abs(v));
            prev = v;
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> ExpectedImprovement.value(0, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ExpectedImprovement.value(0, Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ExpectedImprovement.value(0, 1, 0, -0.1));
    }
}
