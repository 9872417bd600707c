package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gradient-based methods hand {@link HyperModel#trainingLossIn} a discrete hyperparameter (cutout) at the
 * integer the training steps use, not at {@code T(u)}, which may sit a rounding error below it.
 */
class DiscreteHyperparameterTest {
    static final int D = 3;

    /** y = x·w, MSE + c‖w‖²; the discrete k does not enter. Records the λ it is given. */
    static final class Recording implements HyperModel {
        final List<double[]> seen = new ArrayList<>();

        @Override
        public int hyperDim() {
            return 2;
        }

        @Override
        public Map<String, Tensor> init(Rng rng) {
            return Map.of("w", Tensor.zeros(D));
        }

        @Override
        public boolean isResponse(String name) {
            return false;
        }

        @Override
        public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
            return x.matmul(p.get("w").reshape(D, 1)).reshape(-1);
        }

        @Override
        public Var loss(Var y, DataLoader.Batch batch) {
            return Losses.mse(y, Var.constant(batch.targets().reshape(-1)));
        }

        @Override
        public Var trainingLossIn(Params p, DataLoader.Batch b, Var lambda, Rng noise) {
            seen.add(lambda.value().data().clone());
            Var y = predict(p, Var.constant(b.x()), null, null, false, null);
            return loss(y, b).add(p.get("w").square().sum().mul(lambda.slice(0, 0, 1).reshape()));
        }
    }

    static Hyperparameters hyperparameters(double k) {
        Hyperparameters hp = new Hyperparameters();
        hp.register("c", 1e-4, 10, 0.1);
        hp.register(Hyperparameter.of("k", 2, 24, k).withDiscrete(true));
        return hp;
    }

    @Test
    void theDiscreteValueIsTheIntegerTheTrainingUses() {
        // an initial integer whose round trip through the transform misses it, else the test could not fail
        double k = Double.NaN;
        for (int v = 3; v < 24 && Double.isNaN(k); v++) {
            Hyperparameters hp = hyperparameters(v).freeze();
            if (hp.constrain(Var.constant(hp.lam0())).value().data()[1] != v) {
                k = v;
            }
        }
        assertFalse(Double.isNaN(k), "every integer in 3..23 round-trips exactly; pick another transform");
        Rng r = new Rng(1);
        Dataset data = Dataset.regression(Tensor.normal(r, 0, 1, 40, D), Tensor.normal(r, 0, 1, 40, 1));
        Recording model = new Recording();
        TrainConfig cfg = TrainConfig.builder().method(Method.IFT).epochs(3).warmupEpochs(1).trainSteps(2)
                .batchSize(10).validBatchSize(10).tuneScales(false).hyperTerms(3).build();
        Trainer t = new Trainer(model, hyperparameters(k), cfg, data, data, null);
        t.run(new TrainingListener() {});
        assertNotEquals(0, model.seen.size(), "hyper steps ran");
        for (double[] lambda : model.seen) {
            assertEquals(k, lambda[1], 0.0, "k as the training uses it");
        }
    }
}
