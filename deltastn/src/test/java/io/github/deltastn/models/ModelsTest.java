package io.github.deltastn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsTest {

    @Test
    void referenceShapesAndSixHyperparameters() {
        SimpleCnnModel m = SimpleCnnModel.reference();
        Map<String, Tensor> p = m.init(new Rng(1));
        Tensor hyper = Tensor.full(0.1, 2, SimpleCnnModel.H);
        Var y = m.predict(Params.constants(p), Var.constant(Tensor.zeros(2, 1, 28, 28)),
                Var.constant(Tensor.zeros(2, SimpleCnnModel.H)), hyper, true, new Rng(2));
        assertTrue(y.value().hasShape(2, 10));
        assertTrue(p.get("fc1.W_g").hasShape(1568, 1568));
        Hyperparameters hp = SimpleCnnModel.hyperparameters().freeze();
        assertEquals(List.of("dropout0", "dropout1", "dropout2", "dropout_fc", "cutout_length", "cutout_holes"), hp.names());
        assertEquals(4.0, hp.currentValue("cutout_length"), 0);
        assertEquals(1.0, hp.currentValue("cutout_holes"), 0);
    }

    @Test
    void mnistMlpHasTheClassifierLayer() {
        Map<String, Tensor> p = MlpModel.mnist().init(new Rng(3));
        assertTrue(p.get("fc3.W_g").hasShape(10, 1200));
        assertEquals(3, MlpModel.mnist().hyperDim());
    }

    @Test
    void cnnDeltaThetaStepGradientMatchesFiniteDifferences() {
        // a small SimpleCNN (2 and 3 filters, 8×8 images) through the Δ-STN Θ step: structured convs,
        // ReLU, max-pool, channel and element-wise dropout with fixed masks, cutout with fixed draws
        Rng r = new Rng(4);
        int n = 3;
        SimpleCnnModel model = new SimpleCnnModel(2, 3, 6, 8);
        int[] labels = {0, 3, 9};
        Dataset d = Dataset.classification(Tensor.uniform(r, 0, 1, n, 1, 8, 8), labels, 10);
        Hyperparameters hp = SimpleCnnModel.hyperparameters();
        Trainer t = new Trainer(model, hp, TrainConfig.builder()
                .method(Method.DELTA).epochs(1).batchSize(n).validBatchSize(n).build(), d, d, null);
        Map<String, Tensor> p = new LinkedHashMap<>(t.params());
        for (String k : p.keySet()) {
            if (k.endsWith(".U") || k.endsWith(".V")) {
                p.put(k, Tensor.normal(r, 0, 0.3, p.get(k).shape()));
            }
        }
        t.setParams(p);
        DataLoader.Batch b = new DataLoader(d, n, false, null).next();
        Perturbation pert = t.hyperparameters().sample(n, new Rng(5));
        List<String> names = List.of("conv1.U", "conv2.W_r", "fc1.b_r", "fc2.V");
        Params vars = Params.of(t.params(), names::contains);
        Tensor[] g = Grad.values(t.thetaObjective(vars, b, pert, new Rng(6), new Rng(7)),
                vars.vars(names).toArray(new Var[0]));
        double h = 1e-6;
        for (int i = 0; i < names.size(); i++) {
            Tensor base = t.params().get(names.get(i));
            for (int j = 0; j < Math.min(base.size(), 12); j++) {
                double[] plus = base.data().clone();
                double[] minus = base.data().clone();
                plus[j] += h;
                minus[j] -= h;
                double fd = (objective(t, names.get(i), Tensor.wrap(plus, base.shape()), b, pert)
                        - objective(t, names.get(i), Tensor.wrap(minus, base.shape()), b, pert)) / (2 * h);
                assertEquals(fd, g[i].data()[j], 1e-7 + 1e-5 * Math.abs(fd), names.get(i) + "[" + j + "]");
            }
        }
    }

    static double objective(Trainer t, String name, Tensor value, DataLoader.Batch b, Perturbation pert) {
        Map<String, Tensor> p = new LinkedHashMap<>(t.params());
        p.put(name, value);
        return t.thetaObjective(Params.constants(p), b, pert, new Rng(6), new Rng(7)).item();
    }
}
