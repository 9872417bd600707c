package io.github.deltastn.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Θ is what the structured layers register, not what a parameter's name looks like. */
class ResponseNamesTest {
    /** A structured layer followed by an ordinary parameter whose name ends like a response parameter. */
    static final class Model implements HyperModel {
        final StructuredLinear layer = new StructuredLinear("s", 3, 2, 1);

        @Override
        public int hyperDim() {
            return 1;
        }

        @Override
        public Map<String, Tensor> init(Rng rng) {
            Map<String, Tensor> m = new LinkedHashMap<>(layer.init(rng));
            m.put("scale.U", Tensor.ones(2));
            return m;
        }

        @Override
        public boolean isResponse(String name) {
            return layer.responseNames().contains(name);
        }

        @Override
        public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
            return layer.apply(p, x, z).mul(p.get("scale.U"));
        }

        @Override
        public Var loss(Var y, DataLoader.Batch batch) {
            return Losses.mse(y, Var.constant(batch.targets()));
        }
    }

    @Test
    void anOrdinaryParameterNamedLikeAResponseIsTrainedWithTheGeneralWeights() {
        Model model = new Model();
        assertFalse(model.isResponse("scale.U"));
        assertTrue(model.isResponse("s.U") && model.isResponse("s.W_r"));
        Rng r = new Rng(3);
        Dataset d = Dataset.regression(Tensor.normal(r, 0, 1, 8, 3), Tensor.normal(r, 0, 1, 8, 2));
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout", 0, 0.95, 0.2);
        // FIXED trains only the general weights: an ordinary parameter must move, the response must not
        Trainer t = new Trainer(model, hp, TrainConfig.builder()
                .method(Method.FIXED).epochs(1).batchSize(8).validBatchSize(8).build(), d, d, null);
        Map<String, Tensor> before = t.params();
        t.trainStep(new DataLoader(d, 8, false, null).next());
        assertFalse(t.params().get("scale.U").allClose(before.get("scale.U"), 0, 0), "scale.U is a general weight");
        assertTrue(t.params().get("s.W_r").allClose(before.get("s.W_r"), 0, 0), "s.W_r is Θ");
    }

    @Test
    void modelsCollectTheirLayersResponseNames() {
        MlpModel m = new MlpModel(new int[] {4, 3, 2}, 1);
        long response = m.init(new Rng(1)).keySet().stream().filter(m::isResponse).count();
        assertEquals(2 * 4, response, "W_r, b_r, U, V of two layers");
        assertFalse(m.isResponse("fc0.W_g") || m.isResponse("other.V"));
    }
}
