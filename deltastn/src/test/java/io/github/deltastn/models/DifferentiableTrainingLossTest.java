package io.github.deltastn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.HyperModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HyperModel#trainingLossIn} of the image models (concrete dropout), what {@code --method ift|unroll}
 * differentiate: against the evaluation-mode loss as the rates vanish, and against finite differences.
 */
class DifferentiableTrainingLossTest {
    static final int N = 5;

    static DataLoader.Batch batch(int side, int seed) {
        Rng r = new Rng(seed);
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = r.nextInt(4);
        }
        Dataset d = Dataset.classification(Tensor.uniform(r, 0, 1, N, 1, side, side), labels, 10);
        return new DataLoader(d, N, false, null).next();
    }

    static double loss(HyperModel m, Map<String, Tensor> p, DataLoader.Batch b, double[] lambda, long noise) {
        return m.trainingLossIn(Params.constants(p), b, Var.constant(Tensor.of(lambda)), new Rng(noise)).item();
    }

    static double evaluationLoss(HyperModel m, Map<String, Tensor> p, DataLoader.Batch b) {
        Var z = Var.constant(Tensor.zeros(N, m.hyperDim()));
        return m.loss(m.predict(Params.constants(p), Var.constant(b.x()), z, null, false, null), b).item();
    }

    @Test
    void vanishingRatesGiveTheEvaluationLoss() {
        MlpModel mlp = new MlpModel(new int[] {16, 7, 6, 10}, 3);
        Map<String, Tensor> pm = mlp.init(new Rng(1));
        DataLoader.Batch b4 = batch(4, 2);
        assertEquals(evaluationLoss(mlp, pm, b4), loss(mlp, pm, b4, new double[] {1e-10, 1e-10, 1e-10}, 3), 1e-8);

        SimpleCnnModel cnn = new SimpleCnnModel(2, 3, 6, 8);
        Map<String, Tensor> pc = cnn.init(new Rng(4));
        DataLoader.Batch b8 = batch(8, 5);
        // no cutout holes: the only stochastic regulariser left is the dropout
        double[] lambda = {1e-10, 1e-10, 1e-10, 1e-10, 4, 0};
        assertEquals(evaluationLoss(cnn, pc, b8), loss(cnn, pc, b8, lambda, 6), 1e-8);
    }

    @Test
    void mlpLossIsTwiceDifferentiableInRatesAndWeights() {
        // second order too: IFT differentiates ∂L_T/∂w in λ, unrolling differentiates SGD steps
        MlpModel mlp = new MlpModel(new int[] {16, 7, 6, 10}, 3);
        Map<String, Tensor> p = mlp.init(new Rng(7));
        DataLoader.Batch b = batch(4, 8);
        GradCheck.check(v -> {
            Map<String, Var> vars = new LinkedHashMap<>();
            p.forEach((k, t) -> vars.put(k, Var.constant(t)));
            vars.put("fc1.W_g", v[0]);
            return mlp.trainingLossIn(Params.ofVars(vars), b, v[1], new Rng(9));
        }, new Tensor[] {p.get("fc1.W_g"), Tensor.of(new double[] {0.2, 0.35, 0.5})}, 2, new Rng(10));
    }

    @Test
    void cnnRateDerivativesMatchFiniteDifferencesAndCutoutGetsNone() {
        SimpleCnnModel cnn = new SimpleCnnModel(2, 3, 6, 8);
        Map<String, Tensor> p = cnn.init(new Rng(11));
        DataLoader.Batch b = batch(8, 12);
        double[] lambda = {0.1, 0.3, 0.2, 0.4, 3, 1};
        Var lam = Var.param(Tensor.of(lambda));
        Tensor g = Grad.values(cnn.trainingLossIn(Params.constants(p), b, lam, new Rng(13)), lam)[0];
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            double[] plus = lambda.clone();
            double[] minus = lambda.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (loss(cnn, p, b, plus, 13) - loss(cnn, p, b, minus, 13)) / (2 * h);
            assertEquals(fd, g.get(i), 1e-7 + 1e-5 * Math.abs(fd), "d loss / d dropout " + i);
        }
        assertEquals(0.0, g.get(4), 0.0, "cutout length");
        assertEquals(0.0, g.get(5), 0.0, "cutout holes");
    }

    @Test
    void theNoiseStateFixesTheFunction() {
        MlpModel mlp = new MlpModel(new int[] {16, 7, 10}, 2);
        Map<String, Tensor> p = mlp.init(new Rng(14));
        DataLoader.Batch b = batch(4, 15);
        double[] lambda = {0.3, 0.3};
        assertEquals(loss(mlp, p, b, lambda, 16), loss(mlp, p, b, lambda, 16), 0.0);
        assertNotEquals(loss(mlp, p, b, lambda, 16), loss(mlp, p, b, lambda, 17));
    }
}
