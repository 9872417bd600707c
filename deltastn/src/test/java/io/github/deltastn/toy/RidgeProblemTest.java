package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RidgeProblemTest {
    /** Raw (unstandardised) data: non-zero feature means and target offset exercise the bias. */
    static final RegressionData RAW = SyntheticRegression.generate(
            new SyntheticRegression.Config(30, 50, 40, 8, 0.6, 0.4, false), new Rng(77));
    static final RegressionData STD = SyntheticRegression.defaultData();

    /** Ridge by QR least squares on the stacked system [X 1; √(Nc) I 0][w; b] ≈ [y; 0], independent of Cholesky. */
    private static double[] ridgeByQr(RegressionData data, double c) {
        int n = data.nTrain();
        int d = data.features();
        DMatrixRMaj a = new DMatrixRMaj(n + d, d + 1);
        DMatrixRMaj rhs = new DMatrixRMaj(n + d, 1);
        double[] x = data.xTrain().data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a.set(i, j, x[i * d + j]);
            }
            a.set(i, d, 1.0);
            rhs.set(i, 0, data.yTrain().data()[i]);
        }
        for (int j = 0; j < d; j++) {
            a.set(n + j, j, Math.sqrt(n * c));
        }
        LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.qr(n + d, d + 1);
        assertTrue(qr.setA(a));
        DMatrixRMaj theta = new DMatrixRMaj(d + 1, 1);
        qr.solve(rhs, theta);
        return theta.data;
    }

    private static double[] concat(LinearWeights wb) {
        double[] t = java.util.Arrays.copyOf(wb.w(), wb.features() + 1);
        t[wb.features()] = wb.bias();
        return t;
    }

    @Test
    void solutionMatchesQrLeastSquares() {
        for (RegressionData data : new RegressionData[] {RAW, STD}) {
            RidgeProblem p = new RidgeProblem(data);
            for (double c : new double[] {1e-4, 0.03, 0.7, 25}) {
                assertArrayEquals(ridgeByQr(data, c), concat(p.solve(c)), 1e-9, "c=" + c);
            }
        }
    }

    @Test
    void solutionIsAStationaryPointOfTheTrainingLoss() {
        RidgeProblem p = new RidgeProblem(RAW);
        double c = 0.2;
        LinearWeights wb = p.solve(c);
        double h = 1e-6;
        for (int j = 0; j <= wb.features(); j++) {
            double[] plus = concat(wb);
            double[] minus = concat(wb);
            plus[j] += h;
            minus[j] -= h;
            double g = (p.trainingLoss(c, split(plus)) - p.trainingLoss(c, split(minus))) / (2 * h);
            assertEquals(0.0, g, 1e-7, "dL_T/dθ_" + j);
        }
    }

    static LinearWeights split(double[] theta) {
        return new LinearWeights(java.util.Arrays.copyOf(theta, theta.length - 1), theta[theta.length - 1]);
    }

    @Test
    void bestResponseJacobianMatchesFiniteDifferences() {
        RidgeProblem p = new RidgeProblem(RAW);
        for (double c : new double[] {0.01, 0.3, 4.0}) {
            double h = 1e-5 * c;
            double[] plus = concat(p.solve(c + h));
            double[] minus = concat(p.solve(c - h));
            double[] jac = concat(p.bestResponseJacobian(c));
            for (int j = 0; j < jac.length; j++) {
                double fd = (plus[j] - minus[j]) / (2 * h);
                assertEquals(fd, jac[j], 1e-6 * Math.max(1, Math.abs(fd)), "c=" + c + ", component " + j);
            }
        }
    }

    @Test
    void hypergradientMatchesCentralFiniteDifferences() {
        for (RegressionData data : new RegressionData[] {RAW, STD}) {
            RidgeProblem p = new RidgeProblem(data);
            for (double c : new double[] {0.003, 0.05, 0.6, 2.0, 30.0}) {
                double h = 1e-5 * c;
                double fd = (p.validationLoss(c + h) - p.validationLoss(c - h)) / (2 * h);
                double exact = p.validationLossDerivative(c);
                assertEquals(fd, exact, 1e-6 * Math.max(Math.abs(fd), 1e-3), "c=" + c);
                double u = Math.log(c);
                double fdU = (p.validationLoss(Math.exp(u + 1e-5)) - p.validationLoss(Math.exp(u - 1e-5))) / 2e-5;
                assertEquals(fdU, p.validationLossDerivativeUnconstrained(u), 1e-6 * Math.max(Math.abs(fdU), 1e-3));
            }
        }
    }

    /**
     * Theorem 3 on ridge: the Θ-objective E_ε L_T(c₀+ε, w₀+Θε, b₀+θ_bε), computed here by 3-point
     * Gauss–Hermite quadrature (exact for this cubic in ε), is minimised by optimalResponseSlope, for any
     * centre w₀; at w₀ = w*(c₀) that is the best-response Jacobian.
     */
    @Test
    void optimalResponseSlopeMinimisesTheCentredObjective() {
        RidgeProblem p = new RidgeProblem(RAW);
        double c0 = 0.5;
        double sigma = 0.2;
        Rng rng = new Rng(3);
        double[] w0 = new double[RAW.features()];
        rng.fillNormal(w0, 0, 1);
        LinearWeights slope = p.optimalResponseSlope(c0, w0);
        double[] theta = concat(slope);
        double base = thetaObjective(p, c0, sigma, w0, 0.4, theta);
        double h = 1e-5;
        for (int j = 0; j < theta.length; j++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[j] += h;
            minus[j] -= h;
            double g = (thetaObjective(p, c0, sigma, w0, 0.4, plus) - thetaObjective(p, c0, sigma, w0, 0.4, minus)) / (2 * h);
            assertEquals(0.0, g, 1e-7, "gradient component " + j);
        }
        double[] away = theta.clone();
        for (int j = 0; j < away.length; j++) {
            away[j] += 0.05 * rng.normal();
        }
        assertTrue(thetaObjective(p, c0, sigma, w0, 0.4, away) > base);

        double[] atOptimum = p.solve(c0).w();
        assertArrayEquals(concat(p.bestResponseJacobian(c0)), concat(p.optimalResponseSlope(c0, atOptimum)), 1e-12);
    }

    /**
     * With the perturbation on u = ln c the Θ-objective, integrated numerically over ε (trapezoid on
     * ±12σ, spectrally accurate for this smooth Gaussian integrand), is minimised by
     * optimalLogResponseSlope — which is not the true slope c·dw* /dc at σ = 1.
     */
    @Test
    void optimalLogResponseSlopeMinimisesTheLogSpaceObjective() {
        RidgeProblem p = new RidgeProblem(RAW);
        double c0 = 0.3;
        double sigma = 1.0;
        double[] w0 = p.solve(c0).w();
        double[] theta = concat(p.optimalLogResponseSlope(c0, sigma, w0));
        double h = 1e-5;
        for (int j = 0; j < theta.length; j++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[j] += h;
            minus[j] -= h;
            double g = (logThetaObjective(p, c0, sigma, w0, plus) - logThetaObjective(p, c0, sigma, w0, minus)) / (2 * h);
            assertEquals(0.0, g, 1e-7, "gradient component " + j);
        }
        double[] trueSlope = concat(p.bestResponseJacobian(c0));
        double gap = 0;
        for (int j = 0; j < theta.length; j++) {
            gap = Math.max(gap, Math.abs(theta[j] - c0 * trueSlope[j]));
        }
        assertTrue(gap > 1e-3, "log-space perturbations bias Θ away from the true slope");
        assertArrayEquals(concat(p.bestResponseJacobian(c0)),
                concat(scale(p.optimalLogResponseSlope(c0, 0.0, w0), 1 / c0)), 1e-12);
    }

    private static LinearWeights scale(LinearWeights wb, double s) {
        double[] w = wb.w().clone();
        for (int j = 0; j < w.length; j++) {
            w[j] *= s;
        }
        return new LinearWeights(w, wb.bias() * s);
    }

    private static double logThetaObjective(RidgeProblem p, double c0, double sigma, double[] w0, double[] theta) {
        int steps = 600;
        double lo = -12 * sigma;
        double dx = 24 * sigma / steps;
        double s = 0;
        for (int k = 0; k <= steps; k++) {
            double e = lo + k * dx;
            double density = Math.exp(-0.5 * e * e / (sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
            double[] w = w0.clone();
            for (int j = 0; j < w.length; j++) {
                w[j] += theta[j] * e;
            }
            double trap = k == 0 || k == steps ? 0.5 : 1.0;
            s += trap * density * dx * p.trainingLoss(c0 * Math.exp(e), new LinearWeights(w, 0.4 + theta[w.length] * e));
        }
        return s;
    }

    private static double thetaObjective(RidgeProblem p, double c0, double sigma, double[] w0, double b0, double[] theta) {
        double[] nodes = {0.0, Math.sqrt(3.0) * sigma, -Math.sqrt(3.0) * sigma};
        double[] weights = {2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0};
        double s = 0;
        for (int k = 0; k < 3; k++) {
            double e = nodes[k];
            double[] w = w0.clone();
            for (int j = 0; j < w.length; j++) {
                w[j] += theta[j] * e;
            }
            s += weights[k] * p.trainingLoss(c0 + e, new LinearWeights(w, b0 + theta[w.length] * e));
        }
        return s;
    }

    @Test
    void optimumBeatsABruteForceFineGrid() {
        RidgeProblem p = new RidgeProblem(STD);
        HyperOptimum o = p.optimum();
        assertTrue(o.interior());
        assertTrue(o.bracketLo() < o.value() && o.value() < o.bracketHi());
        assertEquals(Math.log(o.value()), o.unconstrained(), 1e-15);
        assertEquals(p.validationLoss(o.value()), o.validationLoss(), 0.0);
        assertTrue(o.tolerance() <= 1e-9);
        double best = Double.POSITIVE_INFINITY;
        double bestC = 0;
        int k = 20000;
        for (int i = 0; i <= k; i++) {
            double c = o.value() * Math.exp(Math.log(9) * (i / (double) k - 0.5));
            double v = p.validationLoss(c);
            if (v < best) {
                best = v;
                bestC = c;
            }
        }
        assertTrue(o.validationLoss() <= best + 1e-14, o.validationLoss() + " vs grid " + best);
        assertEquals(bestC, o.value(), 2e-4 * o.value());
        assertEquals(0.0, p.validationLossDerivativeUnconstrained(o.unconstrained()), 1e-7);
        assertEquals(0.0, p.regret(o.value()), 0.0);
        assertTrue(p.regret(p.initialValue()) > 0);
    }

    @Test
    void testLossOfTheExactSolution() {
        RidgeProblem p = new RidgeProblem(STD);
        LinearWeights wb = p.solve(0.4);
        assertEquals(Linalg.meanSquaredError(STD.xTest().data(), STD.yTest().data(), wb.w(), wb.bias()), p.testLoss(0.4), 0.0);
        assertEquals(p.validationLoss(wb), p.validationLoss(0.4), 0.0);
    }

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void rejectsBadArguments() {
        RidgeProblem p = new RidgeProblem(RAW);
        assertRejected(() -> p.solve(0.0), "RidgeProblem.solve", "weight decay c", "> 0", "0.0");
        assertRejected(() -> p.validationLoss(-1.0), "RidgeProblem.validationLoss", "-1.0");
        assertRejected(() -> p.validationLossDerivative(Double.NaN), "RidgeProblem.validationLossDerivative", "NaN");
        assertRejected(() -> p.optimalResponseSlope(0.1, new double[3]), "RidgeProblem.optimalResponseSlope", "w0",
                "length 8", "length 3");
        assertRejected(() -> p.trainingLoss(0.1, new LinearWeights(new double[8], Double.NaN)), "RidgeProblem.trainingLoss",
                "bias", "NaN");
        assertRejected(() -> new RidgeProblem(RAW, 1.0, 0.5, 11), "RidgeProblem", "minDecay=1.0", "maxDecay=0.5");
        RegressionData noTest = new RegressionData(RAW.xTrain(), RAW.yTrain(), RAW.xValid(), RAW.yValid());
        assertRejected(() -> new RidgeProblem(noTest).testLoss(0.1), "RidgeProblem.testLoss", "no test split");
    }
}
