package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Dual;
import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deep linear net's Jacobian-norm penalty on either network (paper Fig. 4, algorithm.md §8): on the
 * network of the step (the linearized one in the Δ-STN Θ step) it is c‖A(0) + (∂A/∂z)ε‖², on the
 * hypernetwork's weights c‖A(ε)‖²; both checked against independent computations (finite differences of the
 * exact network along z, products of the layers' effective weights), and the Θ-step gradients of both
 * against finite differences.
 */
class DeepLinearModelTest {
    static final int D = 3;
    static final int B = 4;

    /** A model with active responses (non-zero U, V) and normalised raw inputs, its parameters and data. */
    record Setup(DeepLinearModel model, Map<String, Tensor> params, Dataset data, Standardization inputs) {}

    static Setup setup(DeepLinearModel.PenaltyNetwork network) {
        Rng r = new Rng(3);
        RegressionData raw = SyntheticRegression.generate(new SyntheticRegression.Config(B, 3, 0, D, 0.3, 0.5, false), r);
        Standardization inputs = Standardization.fit(raw);
        DeepLinearModel model = new DeepLinearModel(D, LinearRegressionModel.Response.STRUCTURED, network, inputs);
        Map<String, Tensor> p = new LinkedHashMap<>(model.init(r));
        for (String n : p.keySet()) {
            if (n.endsWith(".U") || n.endsWith(".V")) {
                p.put(n, Tensor.normal(r, 0, 0.4, p.get(n).shape()));
            }
        }
        return new Setup(model, p, Dataset.regression(raw.xTrain(), raw.yTrain()), inputs);
    }

    /** The input Jacobian [D] of the exact network at hyper input z, from its effective weights. */
    static double[] jacobianFromWeights(Setup s, double z) {
        Params p = Params.constants(s.params());
        int[] widths = JacobianNormProblem.defaultWidths(D);
        Tensor a = null;
        for (int i = 0; i + 1 < widths.length; i++) {
            Tensor w = new StructuredLinear("layer" + i, widths[i], widths[i + 1], 1).effectiveWeight(p,
                    Var.constant(Tensor.of(new double[] {z}))).value();
            a = a == null ? w : Var.constant(w).matmul(Var.constant(a)).value();
        }
        double[] out = a.data().clone();
        double[] scale = s.inputs().featureScale();
        for (int j = 0; j < D; j++) {
            out[j] /= scale[j];
        }
        return out;
    }

    @Test
    void penaltyOnTheHypernetworksWeightsIsTheNormOfTheProductOfTheEffectiveWeights() {
        Setup s = setup(DeepLinearModel.PenaltyNetwork.EXACT_WEIGHTS);
        double[] eps = {0.7, -1.3, 0.2, 2.1};
        double[] c = {0.5, 1.5, 0.1, 2.0};
        double expected = 0;
        for (int b = 0; b < B; b++) {
            double[] a = jacobianFromWeights(s, eps[b]);
            for (double v : a) {
                expected += c[b] * v * v / B;
            }
        }
        HyperModel.Network unused = (x, z) -> {
            throw new AssertionError("EXACT_WEIGHTS must not read the step's network");
        };
        double got = s.model().penalty(Params.constants(s.params()), Var.constant(Tensor.of(eps, B, 1)),
                Tensor.of(c, B, 1), unused).item();
        assertEquals(expected, got, 1e-12 * expected);
    }

    @Test
    void penaltyOnTheLinearizedNetworkUsesItsFirstOrderJacobian() {
        Setup s = setup(DeepLinearModel.PenaltyNetwork.STEP);
        Params p = Params.constants(s.params());
        double[] eps = {0.7, -1.3, 0.2, 2.1};
        double[] c = {0.5, 1.5, 0.1, 2.0};
        double h = 1e-5;
        double expected = 0;
        for (int b = 0; b < B; b++) {
            double[] a0 = jacobianFromWeights(s, 0);
            double[] plus = jacobianFromWeights(s, h * eps[b]);
            double[] minus = jacobianFromWeights(s, -h * eps[b]);
            for (int j = 0; j < D; j++) {
                double lin = a0[j] + (plus[j] - minus[j]) / (2 * h);
                expected += c[b] * lin * lin / B;
            }
        }
        HyperModel.Network linearized = (x, z) -> {
            Dual d = Jvp.of(t -> s.model().predict(p, x, t, null, false, null), Var.constant(Tensor.zeros(z.shape())), z);
            return d.primal().add(d.tangent());
        };
        double got = s.model().penalty(p, Var.constant(Tensor.of(eps, B, 1)), Tensor.of(c, B, 1), linearized).item();
        assertEquals(expected, got, 1e-8 * expected);
        double exactWeights = setup(DeepLinearModel.PenaltyNetwork.EXACT_WEIGHTS).model()
                .penalty(p, Var.constant(Tensor.of(eps, B, 1)), Tensor.of(c, B, 1), linearized).item();
        assertTrue(Math.abs(exactWeights - got) > 1e-3 * got, "the two penalties differ away from ε = 0");
    }

    @Test
    void deltaStnThetaStepTakesThePenaltyOnTheLinearizedNetworkAndItsGradientsMatchFiniteDifferences() {
        for (DeepLinearModel.PenaltyNetwork network : DeepLinearModel.PenaltyNetwork.values()) {
            Setup s = setup(network);
            Hyperparameters hp = new Hyperparameters();
            hp.register(ToyExperiment.hyperparameter(ToyExperiment.Problem.LINEAR_NET, 0.8));
            hp.freeze();
            Trainer t = new Trainer(s.model(), hp, TrainConfig.builder()
                    .method(Method.DELTA).epochs(1).batchSize(B).validBatchSize(B).build(), s.data(),
                    s.data(), null);
            t.setParams(s.params());
            DataLoader.Batch batch = new DataLoader(s.data(), B, false, null).next();
            Perturbation pert = hp.sample(B, new Rng(9));
            List<String> names = s.params().keySet().stream().filter(s.model()::isResponse).toList();

            // value: data loss of the linearized prediction + the chosen penalty at ε
            Params p = Params.constants(s.params());
            Var eps = Var.constant(pert.epsilon(Var.constant(hp.lam0()), Var.constant(hp.rawScale())).value());
            HyperModel.Network lin = (x, z) -> {
                Dual d = Jvp.of(v -> s.model().predict(p, x, v, null, false, null), Var.constant(Tensor.zeros(z.shape())), z);
                return d.primal().add(d.tangent());
            };
            Var y = lin.apply(Var.constant(batch.x()), eps);
            double expected = s.model().loss(y, batch).item()
                    + s.model().penalty(p, eps, pert.values(), lin).item();
            assertEquals(expected, t.thetaObjective(p, batch, pert, new Rng(1), new Rng(2)).item(), 1e-12 * expected,
                    network.toString());

            Tensor[] xs = names.stream().map(s.params()::get).toArray(Tensor[]::new);
            GradCheck.checkVjp("Θ objective, penalty on " + network, v -> {
                Params q = Params.constants(s.params());
                for (int i = 0; i < names.size(); i++) {
                    q = q.with(names.get(i), v[i]);
                }
                return t.thetaObjective(q, batch, pert, new Rng(1), new Rng(2));
            }, xs, new Rng(4), false);
        }
    }
}
