package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DropoutRegressionProblemTest {
    static final RegressionData RAW = RidgeProblemTest.RAW;
    static final RegressionData STD = RidgeProblemTest.STD;

    private static double[] concat(LinearWeights wb) {
        double[] t = Arrays.copyOf(wb.w(), wb.features() + 1);
        t[wb.features()] = wb.bias();
        return t;
    }

    /**
     * The sample mean of the loss under random inverted-dropout masks converges to the closed form
     * (on raw, uncentred features, so the uncentred second moments and the bias both matter).
     */
    @Test
    void expectedLossMatchesMonteCarloOverMasks() {
        DropoutRegressionProblem problem = new DropoutRegressionProblem(RAW);
        int n = RAW.nTrain();
        int d = RAW.features();
        Rng rng = new Rng(2024);
        double[] w = problem.solve(0.3).w().clone();
        for (int j = 0; j < d; j++) {
            w[j] += 0.3 * rng.normal();
        }
        LinearWeights weights = new LinearWeights(w, 0.7);
        for (double p : new double[] {0.1, 0.45, 0.8}) {
            int samples = 40000;
            double sum = 0;
            double sumSq = 0;
            double[] mask = new double[n * d];
            for (int s = 0; s < samples; s++) {
                for (int k = 0; k < mask.length; k++) {
                    mask[k] = rng.bernoulli(1.0 - p) ? 1.0 : 0.0;
                }
                double loss = problem.maskedTrainingLoss(p, weights, Tensor.wrap(mask.clone(), n, d));
                sum += loss;
                sumSq += loss * loss;
            }
            double mean = sum / samples;
            double stdErr = Math.sqrt((sumSq / samples - mean * mean) / samples);
            double exact = problem.expectedTrainingLoss(p, weights);
            assertEquals(exact, mean, 5 * stdErr, "p=" + p + " (standard error " + stdErr + ")");
            double noDropout = Linalg.meanSquaredError(RAW.xTrain().data(), RAW.yTrain().data(), w, 0.7);
            assertTrue(exact - noDropout > 50 * stdErr, "the penalty term is resolved by the sample, p=" + p);
        }
    }

    @Test
    void allOnesMaskScalesTheInputsBy1OverKeepProbability() {
        DropoutRegressionProblem problem = new DropoutRegressionProblem(RAW);
        LinearWeights wb = problem.solve(0.2);
        double[] scaled = wb.w().clone();
        for (int j = 0; j < scaled.length; j++) {
            scaled[j] /= 0.8;
        }
        assertEquals(Linalg.meanSquaredError(RAW.xTrain().data(), RAW.yTrain().data(), scaled, wb.bias()),
                problem.maskedTrainingLoss(0.2, wb, Tensor.ones(RAW.nTrain(), RAW.features())), 1e-12);
    }

    /** Cross-check against the centred d-dimensional reduction solved by LU: (Cov + rD)w = Xcᵀyc/N, b = ȳ − x̄ᵀw. */
    @Test
    void solutionMatchesTheCentredReduction() {
        DropoutRegressionProblem problem = new DropoutRegressionProblem(RAW);
        int n = RAW.nTrain();
        int d = RAW.features();
        double[] x = RAW.xTrain().data();
        double[] y = RAW.yTrain().data();
        double[] mean = Linalg.columnMeans(x, n, d);
        double ym = Linalg.mean(y);
        double[] moments = problem.featureSecondMoments();
        for (double p : new double[] {0.01, 0.25, 0.6, 0.9}) {
            double r = p / (1 - p);
            DMatrixRMaj a = new DMatrixRMaj(d, d);
            DMatrixRMaj rhs = new DMatrixRMaj(d, 1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        a.add(j, k, (x[i * d + j] - mean[j]) * (x[i * d + k] - mean[k]) / n);
                    }
                    rhs.add(j, 0, (x[i * d + j] - mean[j]) * (y[i] - ym) / n);
                }
            }
            for (int j = 0; j < d; j++) {
                a.add(j, j, r * moments[j]);
            }
            DMatrixRMaj w = new DMatrixRMaj(d, 1);
            assertTrue(CommonOps_DDRM.solve(a, rhs, w));
            LinearWeights wb = problem.solve(p);
            assertArrayEquals(w.data, wb.w(), 1e-9, "p=" + p);
            assertEquals(ym - Linalg.dot(mean, w.data), wb.bias(), 1e-9);
        }
    }

    @Test
    void solutionIsAStationaryPointOfTheExpectedLoss() {
        DropoutRegressionProblem problem = new DropoutRegressionProblem(RAW);
        double p = 0.35;
        double[] theta = concat(problem.solve(p));
        double h = 1e-6;
        for (int j = 0; j < theta.length; j++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[j] += h;
            minus[j] -= h;
            double g = (problem.expectedTrainingLoss(p, RidgeProblemTest.split(plus))
                    - problem.expectedTrainingLoss(p, RidgeProblemTest.split(minus))) / (2 * h);
            assertEquals(0.0, g, 1e-7, "component " + j);
        }
    }

    @Test
    void onStandardisedDataDropoutIsRidgeWithCEqualPOver1MinusP() {
        DropoutRegressionProblem dropout = new DropoutRegressionProblem(STD);
        RidgeProblem ridge = new RidgeProblem(STD);
        for (double p : new double[] {0.05, 0.4, 0.9}) {
            assertArrayEquals(concat(ridge.solve(DropoutRegressionProblem.equivalentWeightDecay(p))), concat(dropout.solve(p)),
                    1e-10);
        }
        double c = ridge.optimum().value();
        assertEquals(c / (1 + c), dropout.optimum().value(), 1e-6);
        assertEquals(ridge.optimum().validationLoss(), dropout.optimum().validationLoss(), 1e-13);

        DropoutRegressionProblem rawDropout = new DropoutRegressionProblem(RAW);
        RidgeProblem rawRidge = new RidgeProblem(RAW);
        double gap = 0;
        double[] a = concat(rawDropout.solve(0.4));
        double[] b = concat(rawRidge.solve(0.4 / 0.6));
        for (int j = 0; j < a.length; j++) {
            gap = Math.max(gap, Math.abs(a[j] - b[j]));
        }
        assertTrue(gap > 1e-2, "on raw features the uncentred moments make dropout differ from ridge");
    }

    @Test
    void hypergradientAndJacobianMatchCentralFiniteDifferences() {
        for (RegressionData data : new RegressionData[] {RAW, STD}) {
            DropoutRegressionProblem problem = new DropoutRegressionProblem(data);
            for (double p : new double[] {0.02, 0.2, 0.5, 0.85}) {
                double h = 1e-6;
                double fd = (problem.validationLoss(p + h) - problem.validationLoss(p - h)) / (2 * h);
                assertEquals(fd, problem.validationLossDerivative(p), 1e-6 * Math.max(Math.abs(fd), 1e-3), "p=" + p);
                double[] plus = concat(problem.solve(p + h));
                double[] minus = concat(problem.solve(p - h));
                double[] jac = concat(problem.bestResponseJacobian(p));
                for (int j = 0; j < jac.length; j++) {
                    double fdj = (plus[j] - minus[j]) / (2 * h);
                    assertEquals(fdj, jac[j], 1e-6 * Math.max(1, Math.abs(fdj)));
                }
                double u = problem.toUnconstrained(p);
                double fdU = (problem.validationLoss(problem.toConstrained(u + 1e-6))
                        - problem.validationLoss(problem.toConstrained(u - 1e-6))) / 2e-6;
                assertEquals(fdU, problem.validationLossDerivativeUnconstrained(u), 1e-6 * Math.max(Math.abs(fdU), 1e-3));
            }
        }
    }

    @Test
    void transformMatchesTheStretchedSigmoidTable() {
        DropoutRegressionProblem problem = new DropoutRegressionProblem(STD);
        assertEquals(-2.8904, problem.toUnconstrained(DropoutRegressionProblem.INITIAL_DROPOUT), 1e-4);
        for (double p : new double[] {1e-6, 0.05, 0.5, 0.949}) {
            assertEquals(p, problem.toConstrained(problem.toUnconstrained(p)), 1e-14);
        }
    }

    @Test
    void optimumBeatsABruteForceFineGrid() {
        for (RegressionData data : new RegressionData[] {RAW, STD}) {
            DropoutRegressionProblem problem = new DropoutRegressionProblem(data);
            HyperOptimum o = problem.optimum();
            assertTrue(o.interior());
            assertTrue(o.bracketLo() < o.value() && o.value() < o.bracketHi());
            assertEquals(problem.toUnconstrained(o.value()), o.unconstrained(), 1e-15);
            double best = Double.POSITIVE_INFINITY;
            int k = 20000;
            for (int i = 1; i < k; i++) {
                best = Math.min(best, problem.validationLoss(0.95 * i / k));
            }
            assertTrue(o.validationLoss() <= best + 1e-14, o.validationLoss() + " vs grid " + best);
            assertEquals(0.0, problem.validationLossDerivative(o.value()), 1e-6);
        }
    }

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void rejectsBadArguments() {
        DropoutRegressionProblem problem = new DropoutRegressionProblem(RAW);
        for (double p : new double[] {0.0, 1.0, -0.1, 1.5, Double.NaN}) {
            assertRejected(() -> problem.solve(p), "DropoutRegressionProblem.solve", "dropout rate p", "(0, 1)",
                    String.valueOf(p));
        }
        assertRejected(() -> problem.validationLossDerivative(1.0), "DropoutRegressionProblem.validationLossDerivative");
        assertRejected(() -> problem.toUnconstrained(0.96), "DropoutRegressionProblem.toUnconstrained", "0.95", "0.96");
        LinearWeights wb = problem.solve(0.3);
        assertRejected(() -> problem.maskedTrainingLoss(0.3, wb, Tensor.ones(3, 8)), "DropoutRegressionProblem.maskedTrainingLoss",
                "[3, 8]", "[30, 8]");
        assertRejected(() -> problem.maskedTrainingLoss(0.3, wb, Tensor.full(0.5, 30, 8)), "mask entries", "0.5");
        assertRejected(() -> new DropoutRegressionProblem(RAW, 1.0, 11), "DropoutRegressionProblem", "maxRate", "1.0");
        double[] x = RAW.xTrain().data().clone();
        for (int i = 0; i < RAW.nTrain(); i++) {
            x[i * RAW.features() + 2] = 0.0;
        }
        RegressionData zeroColumn = new RegressionData(Tensor.wrap(x, RAW.nTrain(), RAW.features()), RAW.yTrain(),
                RAW.xValid(), RAW.yValid());
        assertRejected(() -> new DropoutRegressionProblem(zeroColumn), "DropoutRegressionProblem", "feature 2", "zero");
    }
}
