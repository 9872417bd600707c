package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JacobianNormProblemTest {
    static final RegressionData RAW = RidgeProblemTest.RAW;
    static final RegressionData STD = RidgeProblemTest.STD;

    private static List<Tensor> randomLayers(int[] widths, Rng rng, double scale) {
        List<Tensor> layers = new ArrayList<>();
        for (int k = 0; k + 1 < widths.length; k++) {
            layers.add(Tensor.normal(rng, 0.0, scale / Math.sqrt(widths[k]), widths[k + 1], widths[k]));
        }
        return layers;
    }

    @Test
    void exactAnswersAreThoseOfRidge() {
        JacobianNormProblem deep = new JacobianNormProblem(STD);
        RidgeProblem ridge = deep.ridge();
        assertSame(ridge.optimum(), deep.optimum());
        for (double c : new double[] {0.01, 0.5, 3.0}) {
            assertEquals(ridge.validationLoss(c), deep.validationLoss(c), 0.0);
            assertEquals(ridge.validationLossDerivative(c), deep.validationLossDerivative(c), 0.0);
            assertEquals(ridge.testLoss(c), deep.testLoss(c), 0.0);
        }
        assertEquals(JacobianNormProblem.INITIAL_PENALTY, deep.initialValue());
        assertEquals(Math.log(deep.optimum().value()), deep.optimum().unconstrained(), 1e-15);
    }

    @Test
    void endToEndIsTheMatrixProduct() {
        Rng rng = new Rng(4);
        Tensor w1 = Tensor.normal(rng, 0, 1, 3, 2);
        Tensor w2 = Tensor.normal(rng, 0, 1, 1, 3);
        Tensor a = JacobianNormProblem.endToEnd(List.of(w1, w2));
        assertTrue(a.hasShape(1, 2));
        for (int j = 0; j < 2; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                s += w2.get(0, k) * w1.get(k, j);
            }
            assertEquals(s, a.get(0, j), 1e-14);
        }
        assertEquals(a.get(0, 0) * a.get(0, 0) + a.get(0, 1) * a.get(0, 1), JacobianNormProblem.jacobianPenalty(List.of(w1, w2)),
                1e-14);
    }

    /** Any layers give a penalised training loss at least the ridge optimum, for random weights and biases. */
    @Test
    void randomNetworksNeverBeatTheRidgeOptimum() {
        for (RegressionData data : new RegressionData[] {RAW, STD}) {
            JacobianNormProblem deep = new JacobianNormProblem(data);
            Rng rng = new Rng(11);
            int[] widths = JacobianNormProblem.defaultWidths(data.features());
            for (double c : new double[] {0.05, 0.6}) {
                LinearWeights star = deep.solve(c);
                double best = deep.ridge().trainingLoss(c, star);
                for (int t = 0; t < 200; t++) {
                    List<Tensor> layers = randomLayers(widths, rng, rng.uniform(0.2, 2.0));
                    double bias = star.bias() + rng.normal();
                    assertTrue(deep.trainingLoss(c, layers, bias) >= best, "trial " + t);
                }
                List<Tensor> optimal = JacobianNormProblem.factorize(star.w(), widths, rng);
                Tensor nudge = optimal.get(3).with(optimal.get(3).get(1, 2) + 1e-3, 1, 2);
                List<Tensor> perturbed = new ArrayList<>(optimal);
                perturbed.set(3, nudge);
                assertTrue(deep.trainingLoss(c, perturbed, star.bias()) >= deep.trainingLoss(c, optimal, star.bias()));
            }
        }
    }

    /** A 6-layer factorisation of the ridge solution reaches the ridge optimum and its validation loss. */
    @Test
    void factorisedRidgeSolutionReachesTheOptimum() {
        JacobianNormProblem deep = new JacobianNormProblem(STD);
        double c = deep.optimum().value();
        LinearWeights star = deep.solve(c);
        int d = STD.features();
        for (int[] widths : new int[][] {JacobianNormProblem.defaultWidths(d), {d, 1, 1, 1, 1, 1, 1}, {d, 30, 3, 7, 2, 40, 1}}) {
            List<Tensor> layers = JacobianNormProblem.factorize(star.w(), widths, new Rng(8));
            assertEquals(JacobianNormProblem.HIDDEN_LAYERS + 1, layers.size());
            assertArrayEquals(star.w(), JacobianNormProblem.endToEnd(layers).data(), 1e-12);
            assertEquals(deep.ridge().trainingLoss(c, star), deep.trainingLoss(c, layers, star.bias()), 1e-12);
            assertEquals(deep.optimum().validationLoss(), deep.validationLoss(layers, star.bias()), 1e-12);
            assertEquals(Linalg.dot(star.w(), star.w()), JacobianNormProblem.jacobianPenalty(layers), 1e-12);
            assertEquals(deep.trainingLoss(c, layers, star.bias()) - c * JacobianNormProblem.jacobianPenalty(layers),
                    deep.trainingDataLoss(layers, star.bias()), 1e-12);
        }
    }

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void rejectsBadLayersAndCoefficients() {
        JacobianNormProblem deep = new JacobianNormProblem(RAW);
        Rng rng = new Rng(1);
        assertRejected(() -> JacobianNormProblem.endToEnd(List.of()), "JacobianNormProblem.endToEnd", "empty");
        assertRejected(() -> JacobianNormProblem.endToEnd(List.of(Tensor.ones(4, 8), Tensor.ones(1, 5))),
                "JacobianNormProblem.endToEnd", "layers[1]", "[1, 5]", "[4, 8]", "expected 4 input columns");
        assertRejected(() -> deep.trainingLoss(0.1, List.of(Tensor.ones(4, 7), Tensor.ones(1, 4)), 0.0),
                "JacobianNormProblem.trainingLoss", "7 inputs", "expected 8 inputs and 1 output");
        assertRejected(() -> deep.validationLoss(List.of(Tensor.ones(4, 8), Tensor.ones(2, 4)), 0.0),
                "JacobianNormProblem.validationLoss", "2 outputs");
        assertRejected(() -> deep.trainingLoss(0.0, randomLayers(JacobianNormProblem.defaultWidths(8), rng, 1), 0.0),
                "JacobianNormProblem.trainingLoss", "penalty c", "0.0");
        assertRejected(() -> deep.solve(-2.0), "JacobianNormProblem.solve", "-2.0");
        assertRejected(() -> JacobianNormProblem.factorize(new double[8], new int[] {7, 3, 1}, rng),
                "JacobianNormProblem.factorize", "[7, 3, 1]", "length 8");
        assertRejected(() -> JacobianNormProblem.defaultWidths(0), "JacobianNormProblem.defaultWidths", "0");
    }
}
