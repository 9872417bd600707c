package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.toy.LinearRegressionModel;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final int B = 6;

    static Dataset classification(Rng r, int n, int d, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        return Dataset.classification(Tensor.normal(r, 0, 1, n, d), labels, classes);
    }

    static Hyperparameters dropouts() {
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout0", 0, 0.95, 0.2);
        hp.register("dropout1", 0, 0.95, 0.3);
        return hp.freeze();
    }

    /** A trainer on a tiny MLP whose response maps are random, so every Θ gradient is non-trivial. */
    static Trainer tinyMlp(Method method, boolean tuneScales, double tau) {
        Rng r = new Rng(3);
        MlpModel model = new MlpModel(new int[] {4, 5, 3}, 2);
        TrainConfig cfg = TrainConfig.builder()
                .method(method).epochs(1).batchSize(B).validBatchSize(B).tuneScales(tuneScales).tau(tau).build();
        Dataset data = classification(r, B, 4, 3);
        Trainer t = new Trainer(model, dropouts(), cfg, data, data, null);
        Map<String, Tensor> p = new LinkedHashMap<>(t.params());
        for (String k : p.keySet()) {
            if (k.endsWith(".U") || k.endsWith(".V")) {
                p.put(k, Tensor.normal(r, 0, 0.5, p.get(k).shape()));
            }
        }
        t.setParams(p);
        return t;
    }

    static DataLoader.Batch firstBatch(Trainer t, Dataset d) {
        return new DataLoader(d, B, false, null).next();
    }

    /** Central differences of {@code f} at every element of the named parameters, against {@code analytic}. */
    static void checkByFiniteDifferences(Map<String, Tensor> at, List<String> names, Function<Map<String, Tensor>, Double> f,
                                         Tensor[] analytic, String what) {
        double h = 1e-6;
        for (int i = 0; i < names.size(); i++) {
            Tensor base = at.get(names.get(i));
            for (int j = 0; j < base.size(); j++) {
                Map<String, Tensor> plus = new LinkedHashMap<>(at);
                Map<String, Tensor> minus = new LinkedHashMap<>(at);
                double[] dp = base.data().clone();
                double[] dm = base.data().clone();
                dp[j] += h;
                dm[j] -= h;
                plus.put(names.get(i), Tensor.wrap(dp, base.shape()));
                minus.put(names.get(i), Tensor.wrap(dm, base.shape()));
                double fd = (f.apply(plus) - f.apply(minus)) / (2 * h);
                double a = analytic[i].data()[j];
                assertEquals(fd, a, 1e-7 + 1e-5 * Math.abs(fd), what + ": d/d" + names.get(i) + "[" + j + "]");
            }
        }
    }

    void checkThetaStep(Method method) {
        Trainer t = tinyMlp(method, true, 1e-3);
        DataLoader.Batch b = firstBatch(t, classification(new Rng(3), B, 4, 3));
        Perturbation pert = t.hyperparameters().sample(B, new Rng(11));
        List<String> theta = new ArrayList<>();
        for (String k : t.params().keySet()) {
            if (t.model().isResponse(k)) {
                theta.add(k);
            }
        }
        Function<Map<String, Tensor>, Double> f = p ->
                t.thetaObjective(Params.constants(p), b, pert, new Rng(7), new Rng(8)).item();
        Params p = Params.of(t.params(), t.model()::isResponse);
        Var loss = t.thetaObjective(p, b, pert, new Rng(7), new Rng(8));
        Tensor[] g = Grad.values(loss, p.vars(theta).toArray(new Var[0]));
        checkByFiniteDifferences(t.params(), theta, f, g, method.id() + " Θ-step loss");
    }

    @Test
    void deltaThetaStepGradientsMatchFiniteDifferences() {
        checkThetaStep(Method.DELTA);
    }

    @Test
    void centeredThetaStepGradientsMatchFiniteDifferences() {
        checkThetaStep(Method.CENTERED);
    }

    @Test
    void hyperStepGradientsMatchFiniteDifferences() {
        for (Method method : new Method[] {Method.CENTERED, Method.STN}) {
            Trainer t = tinyMlp(method, true, 0.1);
            DataLoader.Batch vb = firstBatch(t, classification(new Rng(3), B, 4, 3));
            Hyperparameters hp = t.hyperparameters();
            Perturbation pert = hp.sample(B, new Rng(13));
            Var lam0 = Var.param(hp.lam0());
            Var s = Var.param(hp.rawScale());
            Tensor[] g = Grad.values(t.hyperObjective(Params.constants(t.params()), vb, pert, lam0, s), lam0, s);
            // finite differences: for the centered methods the stopgrad(λ0) of ε stays at the base point
            Tensor base = hp.lam0();
            Function<Map<String, Tensor>, Double> f = m -> {
                Var l = Var.constant(m.get("lam0"));
                Var sc = Var.constant(m.get("s"));
                Var z = method == Method.STN ? pert.perturbed(l, sc) : pert.perturbed(l, sc).sub(Var.constant(base));
                Var y = t.model().predict(Params.constants(t.params()), Var.constant(vb.x()), z, null, false, new Rng(1));
                return t.model().loss(y, vb).sub(hp.entropy(sc).mul(0.1)).item();
            };
            Map<String, Tensor> at = new LinkedHashMap<>();
            at.put("lam0", hp.lam0());
            at.put("s", hp.rawScale());
            checkByFiniteDifferences(at, List.of("lam0", "s"), f, g, method.id() + " hyper-step objective");
        }
    }

    @Test
    void deltaAndCenteredThetaGradientsCoincideForAModelLinearInTheWeights() {
        for (LinearRegressionModel.Response response : LinearRegressionModel.Response.values()) {
            for (LinearRegressionModel.Kind kind : LinearRegressionModel.Kind.values()) {
                Rng r = new Rng(5);
                Dataset d = Dataset.regression(Tensor.normal(r, 0, 1, B, 3), Tensor.normal(r, 0, 1, B));
                Hyperparameters hp = new Hyperparameters();
                hp.register(kind == LinearRegressionModel.Kind.WEIGHT_DECAY ? "weight_decay" : "dropout", 0, 0.95, 0.3);
                hp.freeze();
                Tensor[][] grads = new Tensor[2][];
                int k = 0;
                for (Method m : new Method[] {Method.CENTERED, Method.DELTA}) {
                    LinearRegressionModel model = new LinearRegressionModel(kind, 3, response, null);
                    Trainer t = new Trainer(model, hp, TrainConfig.builder()
                            .method(m).epochs(1).batchSize(B).validBatchSize(B).build(), d, d, null);
                    Map<String, Tensor> p = new LinkedHashMap<>(t.params());
                    Rng pr = new Rng(6);
                    for (String name : p.keySet()) {
                        if (model.isResponse(name)) {
                            p.put(name, Tensor.normal(pr, 0, 0.7, p.get(name).shape()));
                        }
                    }
                    t.setParams(p);
                    Params vars = Params.of(t.params(), model::isResponse);
                    Var loss = t.thetaObjective(vars, new DataLoader(d, B, false, null).next(), hp.sample(B, new Rng(2)),
                            new Rng(3), new Rng(4));
                    List<String> names = p.keySet().stream().filter(model::isResponse).toList();
                    grads[k++] = Grad.values(loss, vars.vars(names).toArray(new Var[0]));
                }
                for (int i = 0; i < grads[0].length; i++) {
                    assertTrue(grads[0][i].allClose(grads[1][i], 1e-12, 1e-14), response + " " + kind + ": gradient " + i
                            + " differs: " + grads[0][i] + " vs " + grads[1][i]);
                }
            }
        }
    }

    @Test
    void hyperStepFollowsTheHyperObjectivesGradient() {
        Rng r = new Rng(12);
        Dataset d = Dataset.regression(Tensor.normal(r, 0, 1, B, 3), Tensor.normal(r, 0, 1, B));
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout", 0, 0.95, 0.3);
        hp.freeze();
        LinearRegressionModel model = new LinearRegressionModel(LinearRegressionModel.Kind.INPUT_DROPOUT, 3);
        TrainConfig cfg = TrainConfig.builder()
                .method(Method.DELTA).epochs(1).batchSize(B).validBatchSize(B).tuneScales(false).tau(0).build();
        Trainer t = new Trainer(model, hp, cfg, d, d, null);
        Map<String, Tensor> p = new LinkedHashMap<>(t.params());
        p.put("linear.W_r", Tensor.normal(r, 0, 1, 1, 3));
        t.setParams(p);
        assertEquals(null, t.lastHypergradient(), "no hyper step yet");
        DataLoader.Batch vb = new DataLoader(d, B, false, null).next();
        Var lam0 = Var.param(t.hyperparameters().lam0());
        Tensor expected = Grad.values(t.hyperObjective(Params.constants(t.params()), vb, hp.sample(B, new Rng(1)), lam0,
                Var.param(t.hyperparameters().rawScale())), lam0)[0];
        double before = t.hyperparameters().lam0().data()[0];
        t.hyperStep(vb);
        assertTrue(t.lastHypergradient().allClose(expected, 1e-14, 1e-15), t.lastHypergradient() + " vs " + expected);
        // RMSprop's first step: lr·g/(√(0.01 g²) + 1e-8) = 10·lr in the direction of −g
        double g = expected.data()[0];
        assertEquals(before - 0.01 * g / (Math.sqrt(0.01 * g * g) + 1e-8), t.hyperparameters().lam0().data()[0], 1e-12);
    }

    @Test
    void evaluationReportsItsProgressPerBatch() {
        Rng r = new Rng(14);
        Dataset d = classification(r, 30, 4, 3);
        TrainConfig cfg = TrainConfig.builder().method(Method.FIXED).epochs(1).batchSize(8).validBatchSize(8).build();
        Trainer t = new Trainer(new MlpModel(new int[] {4, 5, 3}, 2), dropouts(), cfg, d, d, d);
        List<String> seen = new ArrayList<>();
        t.run(new TrainingListener() {
            @Override
            public void onEvaluation(String split, int done, int total) {
                seen.add(split + " " + done + "/" + total);
            }
        });
        // epochs 0 and 1, validation then test, 4 batches of 8, 8, 8 and 6 examples each
        List<String> one = List.of("validation 8/30", "validation 16/30", "validation 24/30", "validation 30/30",
                "test 8/30", "test 16/30", "test 24/30", "test 30/30");
        List<String> expected = new ArrayList<>(one);
        expected.addAll(one);
        assertEquals(expected, seen);
    }

    @Test
    void theLearningRateFactorScalesEveryStepOfTheMainPhase() {
        Rng r = new Rng(13);
        Dataset d = Dataset.regression(Tensor.normal(r, 0, 1, B, 3), Tensor.normal(r, 0, 1, B));
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout", 0, 0.95, 0.3);
        hp.freeze();
        TrainConfig cfg = TrainConfig.builder()
                .method(Method.DELTA).epochs(Integer.MAX_VALUE).trainSteps(3).maxCycles(4).batchSize(B)
                .validBatchSize(B).build();
        for (double factor : new double[] {0.0, 1.0}) {
            Trainer t = new Trainer(new LinearRegressionModel(LinearRegressionModel.Kind.INPUT_DROPOUT, 3), hp, cfg, d, d,
                    null);
            Map<String, Tensor> before = t.params();
            Tensor lamBefore = t.hyperparameters().lam0();
            t.setLrFactor(cycle -> factor);
            t.run(new TrainingListener() {});
            boolean moved = !t.params().get("linear.W_g").allClose(before.get("linear.W_g"), 0, 0)
                    && !t.hyperparameters().lam0().allClose(lamBefore, 0, 0);
            assertEquals(factor > 0, moved, "factor " + factor);
            assertEquals(12, t.steps());
        }
    }

    @Test
    void nonFiniteLossStopsTheRunNamingStepAndHyperparameters() {
        Rng r = new Rng(9);
        Dataset d = Dataset.regression(Tensor.normal(r, 0, 100, 20, 3), Tensor.normal(r, 0, 100, 20));
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout", 0, 0.95, 0.1);
        TrainConfig cfg = TrainConfig.builder()
                .method(Method.DELTA).epochs(50).lr(10).responseLr(10).batchSize(20).validBatchSize(20).build();
        Trainer t = new Trainer(new LinearRegressionModel(LinearRegressionModel.Kind.INPUT_DROPOUT, 3), hp, cfg, d, d, null);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> t.run(new TrainingListener() {}));
        assertTrue(e.getMessage().contains("non-finite loss") && e.getMessage().contains("dropout="), e.getMessage());
    }

    @Test
    void sameSeedGivesTheSameRunWhateverTheThreadCount() {
        int saved = Parallel.threads();
        try {
            List<Double> runs = new ArrayList<>();
            for (int threads : new int[] {1, 2, 1}) {
                Parallel.setThreads(threads);
                ToyExperiment.Outcome o = ToyExperiment.run(SyntheticRegression.defaultData(),
                        ToyExperiment.Settings.defaults(ToyExperiment.Problem.DROPOUT, Method.DELTA).withCycles(40), p -> {});
                runs.add(o.finalValue());
            }
            assertEquals(runs.get(0), runs.get(1), 0.0);
            assertEquals(runs.get(0), runs.get(2), 0.0);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Centering alone is STN with the hyper input shifted by λ0: where λ0 = 0 (every dropout at the midpoint of
     * its domain, u = 0) the two methods take the same steps, bit for bit, until λ0 moves; the split objectives
     * of centered STN do not.
     */
    @Test
    void centeredSingleIsStnWhereLambdaIsZero() {
        Rng r = new Rng(9);
        Dataset d = classification(r, 24, 4, 3);
        Map<Method, Map<String, Tensor>> after = new java.util.EnumMap<>(Method.class);
        for (Method m : new Method[] {Method.STN, Method.CENTERED_SINGLE, Method.CENTERED}) {
            Hyperparameters hp = new Hyperparameters();
            hp.register("dropout0", 0, 0.95, 0.475);
            hp.register("dropout1", 0, 0.95, 0.475);
            TrainConfig cfg = TrainConfig.builder().method(m).epochs(2).warmupEpochs(2).batchSize(4).validBatchSize(4)
                    .build();
            Trainer t = new Trainer(new MlpModel(new int[] {4, 5, 3}, 2), hp.freeze(), cfg, d, d, null);
            assertEquals(0.0, t.hyperparameters().lam0().data()[0], 1e-15, "u = 0 at the midpoint");
            Map<String, Tensor> p = new LinkedHashMap<>(t.params());
            for (String k : p.keySet()) {
                if (k.endsWith(".U") || k.endsWith(".V")) {
                    p.put(k, Tensor.normal(new Rng(k.hashCode()), 0, 0.5, p.get(k).shape()));
                }
            }
            t.setParams(p);
            t.run(new TrainingListener() {});
            after.put(m, t.params());
        }
        for (String k : after.get(Method.STN).keySet()) {
            assertTrue(after.get(Method.STN).get(k).allClose(after.get(Method.CENTERED_SINGLE).get(k), 0, 0), k);
        }
        assertFalse(after.get(Method.STN).get("fc0.W_g").allClose(after.get(Method.CENTERED).get("fc0.W_g"), 0, 0),
                "centered STN's w0 step is at z = 0");
    }

    @Test
    void historyHasOneEntryPerEpochBoundaryAndTrainingStopsAtTheLast() {
        Rng r = new Rng(6);
        Dataset d = classification(r, 30, 4, 3);
        for (Method m : Method.values()) {
            if (m.tuning() instanceof TuningMethod.GradientBased) {
                continue; // no training loss differentiable in the MLP's dropout rates
            }
            TrainConfig cfg = TrainConfig.builder()
                    .method(m).epochs(3).warmupEpochs(1).batchSize(4).validBatchSize(4).build();
            Trainer t = new Trainer(new MlpModel(new int[] {4, 5, 3}, 2), dropouts(), cfg, d, d, null);
            List<EpochMetrics> h = t.run(new TrainingListener() {});
            assertEquals(4, h.size(), m + ": entries for epochs 0..3");
            for (int e = 0; e < h.size(); e++) {
                assertEquals(e, h.get(e).epoch());
            }
            assertEquals(3L * 8, t.steps(), m + ": 3 epochs of 8 batches, no steps past the last boundary");
        }
    }

    @Test
    void epochTrainLossIsTheMeanOfTheEpochsStepLosses() {
        Trainer t = tinyMlp(Method.DELTA, false, 0);
        assertTrue(Double.isNaN(t.epochTrainLoss()), "no step yet");
        DataLoader.Batch b = firstBatch(t, classification(new Rng(8), B, 4, 3));
        double l1 = t.trainStep(b);
        assertEquals(l1, t.epochTrainLoss(), 0.0, "after one step");
        double l2 = t.trainStep(b);
        assertTrue(l1 != l2, "the weights moved");
        assertEquals((l1 + l2) / 2, t.epochTrainLoss(), 1e-15);
    }

    @Test
    void methodNamesParse() {
        assertEquals(Method.DELTA, Method.parse("Delta"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.parse("bo"));
        assertTrue(e.getMessage().contains("'bo'"));
    }
}
