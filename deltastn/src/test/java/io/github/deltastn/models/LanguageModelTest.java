package io.github.deltastn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.hyper.Transform;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Embedding;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Lstm;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageModelTest {
    private static final int V = 7;
    private static final int D = 4;
    private static final int B = 3;
    private static final int T = 5;

    @Test
    void hyperparametersInRegistrationOrderWithTheirFlags() {
        Hyperparameters hp = LanguageModel.hyperparameters().freeze();
        assertEquals(List.of("dropouti", "dropouth", "dropouto", "dropoute", "wdrop", "alpha", "beta"), hp.names());
        for (int i = 0; i < LanguageModel.H; i++) {
            assertEquals(0.05, hp.currentValues().data()[i], 1e-12, hp.names().get(i));
            assertEquals(i >= LanguageModel.DROPOUT_E, hp.get(i).samePerturbationPerBatch(), hp.names().get(i));
        }
        assertEquals(Transform.forBounds(0, Double.POSITIVE_INFINITY), hp.get("alpha").transform());
        assertEquals(Transform.forBounds(0, 0.95), hp.get("wdrop").transform());
        Tensor values = hp.sample(4, new Rng(1)).values();
        for (int i = LanguageModel.DROPOUT_E; i < LanguageModel.H; i++) {
            for (int b = 1; b < 4; b++) {
                assertEquals(values.data()[i], values.data()[b * LanguageModel.H + i], 0, "one value per batch");
            }
        }
    }

    @Test
    void shapesInEvaluationAndTraining() {
        LanguageModel m = new LanguageModel(V, D, 2);
        Map<String, Tensor> p = m.init(new Rng(2));
        assertTrue(p.get("embedding.E_g").hasShape(V, D));
        assertTrue(p.get("lstm.l1.hh.W_r").hasShape(4 * D, D));
        assertTrue(p.get(LanguageModel.DECODER_BIAS).hasShape(V));
        Var x = Var.constant(tokens(new Rng(3), B, T));
        Var z = Var.constant(Tensor.normal(new Rng(4), 0, 1, B, LanguageModel.H));
        Var eval = m.predict(Params.constants(p), x, z, null, false, new Rng(5));
        assertTrue(eval.value().hasShape(T * B, V));
        assertNull(m.predictWithAux(Params.constants(p), x, z, null, false, new Rng(5)).aux(), "no penalty in eval");
        HyperModel.Prediction train = m.predictWithAux(Params.constants(p), x, z, Tensor.full(0.2, B, LanguageModel.H),
                true, new Rng(5));
        assertTrue(train.y().value().hasShape(T * B, V));
        assertTrue(train.aux().value().hasShape() && train.aux().item() > 0, "the AR/TAR penalty is a positive scalar");
    }

    @Test
    void responseParametersAreTheStructuredOnes() {
        LanguageModel m = new LanguageModel(V, D, 2);
        for (String n : m.init(new Rng(1)).keySet()) {
            boolean response = n.endsWith(".W_r") || n.endsWith(".b_r") || n.endsWith(".U") || n.endsWith(".V")
                    || n.equals("embedding.E_r");
            assertEquals(response, m.isResponse(n), n);
        }
    }

    @Test
    void atZeroHyperInputWithoutTrainingItIsThePlainTiedLstm() {
        LanguageModel m = new LanguageModel(V, D, 2);
        Map<String, Tensor> p = m.init(new Rng(6));
        p.put(LanguageModel.DECODER_BIAS, Tensor.normal(new Rng(7), 0, 0.5, V));
        Tensor x = tokens(new Rng(8), B, T);
        Var y = m.predict(Params.constants(p), Var.constant(x), Var.constant(Tensor.zeros(B, LanguageModel.H)), null,
                false, new Rng(9));

        Lstm plain = new Lstm("plain", D, D, 2);
        Map<String, Tensor> q = new LinkedHashMap<>();
        for (int k = 0; k < 2; k++) {
            q.put(plain.weightIhName(k), p.get("lstm.l" + k + ".ih.W_g"));
            q.put(plain.weightHhName(k), p.get("lstm.l" + k + ".hh.W_g"));
            q.put(plain.biasIhName(k), p.get("lstm.l" + k + ".ih.b_g"));
            q.put(plain.biasHhName(k), p.get("lstm.l" + k + ".hh.b_g"));
        }
        Embedding emb = new Embedding("emb", V, D);
        int[] timeFirst = new int[T * B];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                timeFirst[t * B + b] = (int) x.data()[b * T + t];
            }
        }
        Var table = Var.constant(p.get("embedding.E_g"));
        Var h = plain.apply(Params.constants(q), emb.lookup(table, timeFirst).reshape(T, B, D)).output();
        Tensor expected = h.reshape(T * B, D).matmul(table, false, true)
                .add(Var.constant(p.get(LanguageModel.DECODER_BIAS))).value();
        assertTrue(y.value().hasShape(T * B, V));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.data()[i], y.value().data()[i], 1e-12, "logit " + i);
        }
    }

    @Test
    void trainingLossIsCrossEntropyPlusArAndTar() {
        LanguageModel m = new LanguageModel(V, D, 2);
        Map<String, Tensor> p = m.init(new Rng(10));
        Tensor x = tokens(new Rng(11), B, T);
        Tensor targets = tokens(new Rng(12), B, T);
        Tensor hyper = Tensor.full(0.3, B, LanguageModel.H);
        double[] hd = hyper.data();
        double[] alpha = {0.7, 1.1, 2.0};
        double[] beta = {0.4, 0.9, 3.0};
        for (int b = 0; b < B; b++) {
            hd[b * LanguageModel.H + LanguageModel.ALPHA] = alpha[b];
            hd[b * LanguageModel.H + LanguageModel.BETA] = beta[b];
        }
        Var z = Var.constant(Tensor.normal(new Rng(13), 0, 1, B, LanguageModel.H));
        HyperModel.Prediction y = m.predictWithAux(Params.constants(p), Var.constant(x), z, hyper, true, new Rng(14));
        DataLoader.Batch batch = batch(x, targets);
        double loss = m.loss(y.y(), batch).item();

        double[][] parts = forwardParts(m, p, x, z, hyper);
        double[] hs = parts[0];
        double[] dropped = hs.clone();
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] *= parts[1][i % (B * D)];
        }
        int[] labels = new int[T * B];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                labels[t * B + b] = (int) targets.data()[b * T + t];
            }
        }
        Var logits = Var.constant(Tensor.wrap(dropped, T * B, D))
                .matmul(Var.constant(p.get("embedding.E_g")), false, true)
                .add(Var.constant(p.get(LanguageModel.DECODER_BIAS)));
        double ce = Losses.crossEntropy(logits, labels).item();
        double ar = 0;
        double tar = 0;
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < D; j++) {
                    int i = (t * B + b) * D + j;
                    ar += alpha[b] * dropped[i] * dropped[i];
                    if (t > 0) {
                        double d = hs[i] - hs[i - B * D];
                        tar += beta[b] * d * d;
                    }
                }
            }
        }
        ar /= T * B * D;
        tar /= (T - 1) * B * D;
        assertTrue(ar > 0 && tar > 0);
        assertEquals(ce, loss, 1e-12);
        assertEquals(ar + tar, y.aux().item(), 1e-12);
    }

    /**
     * In the Δ-STN Θ step the AR/TAR penalty is taken on the linearized network's activations, h(0) + t·J_z h·ε,
     * not linearized itself: as a function of the step t along ε it is then exactly quadratic, R(h0) + t·a1 +
     * t²·R(ḣ), where linearizing the penalty (the earlier treatment) keeps only R(h0) + t·a1. Its value and slope
     * at t = 0 are those of the exact network's penalty R(h(tε)); the t² term is what linearizing would drop.
     */
    @Test
    void deltaThetaStepTakesTheActivationPenaltyOnTheLinearizedNetwork() {
        LanguageModel m = new LanguageModel(V, D, 2);
        Rng r = new Rng(30);
        Map<String, Tensor> init = m.init(r);
        for (String k : init.keySet()) {
            if (k.endsWith(".U") || k.endsWith(".V")) {
                init.put(k, Tensor.normal(r, 0, 0.5, init.get(k).shape()));
            }
        }
        Params p = Params.constants(init);
        Var x = Var.constant(tokens(r, B, T));
        Tensor hyper = Tensor.full(0.3, B, LanguageModel.H);
        Var eps = Var.constant(Tensor.normal(r, 0, 1, B, LanguageModel.H));
        Var zero = Var.constant(Tensor.zeros(B, LanguageModel.H));
        java.util.function.DoubleUnaryOperator step = t -> Jvp.withAux(zz -> {
            HyperModel.Prediction q = m.predictWithAux(p, x, zz, hyper, true, new Rng(31));
            return new Jvp.HasAux(q.y(), q.aux());
        }, zero, eps.mul(t)).aux().item();
        java.util.function.DoubleUnaryOperator exact =
                t -> m.predictWithAux(p, x, eps.mul(t), hyper, true, new Rng(31)).aux().item();

        double a0 = step.applyAsDouble(0);
        double a1 = (step.applyAsDouble(1) - step.applyAsDouble(-1)) / 2;
        double a2 = (step.applyAsDouble(1) + step.applyAsDouble(-1)) / 2 - a0;
        for (double t : new double[] {0.5, 2, -3}) {
            assertEquals(a0 + a1 * t + a2 * t * t, step.applyAsDouble(t), 1e-12 * (1 + a0), "quadratic in t, t = " + t);
        }
        assertTrue(a2 > 1e-3 * a0, "the second-order term that linearizing the penalty drops: " + a2 + " vs " + a0);
        assertEquals(exact.applyAsDouble(0), a0, 1e-14, "same value as the exact network at t = 0");
        double hh = 1e-5;
        double slope = (exact.applyAsDouble(hh) - exact.applyAsDouble(-hh)) / (2 * hh);
        assertEquals(slope, a1, 1e-6 * (Math.abs(slope) + a0), "same slope as the exact network at t = 0");
        double curvature = (exact.applyAsDouble(1e-3) + exact.applyAsDouble(-1e-3) - 2 * a0) / 2e-6;
        assertTrue(Math.abs(curvature - a2) > 1e-3 * a2,
                "the exact network's penalty curves differently (network curvature): " + curvature + " vs " + a2);
    }

    @Test
    void deltaThetaStepGradientMatchesFiniteDifferences() {
        Rng r = new Rng(20);
        LanguageModel model = new LanguageModel(V, D, 2);
        Tensor x = tokens(r, B, T);
        Dataset d = Dataset.regression(x, tokens(r, B, T));
        Trainer t = new Trainer(model, LanguageModel.hyperparameters(),
                TrainConfig.builder()
                        .method(Method.DELTA).epochs(1).batchSize(B).validBatchSize(B).build(), d, d, null);
        Map<String, Tensor> p = new LinkedHashMap<>(t.params());
        for (String k : p.keySet()) {
            if (k.endsWith(".U") || k.endsWith(".V")) {
                p.put(k, Tensor.normal(r, 0, 0.3, p.get(k).shape()));
            }
        }
        t.setParams(p);
        DataLoader.Batch b = new DataLoader(d, B, false, null).next();
        Perturbation pert = t.hyperparameters().sample(B, new Rng(21));
        List<String> names = List.of("embedding.U", "embedding.E_r", "lstm.l0.hh.W_r", "lstm.l1.ih.U", "lstm.l1.hh.V",
                "lstm.l0.ih.b_r");
        Params vars = Params.of(t.params(), names::contains);
        Tensor[] g = Grad.values(t.thetaObjective(vars, b, pert, new Rng(22), new Rng(23)),
                vars.vars(names).toArray(new Var[0]));
        double h = 1e-6;
        int checked = 0;
        for (int i = 0; i < names.size(); i++) {
            Tensor base = t.params().get(names.get(i));
            for (int j = 0; j < Math.min(base.size(), 10); j++) {
                double[] plus = base.data().clone();
                double[] minus = base.data().clone();
                plus[j] += h;
                minus[j] -= h;
                double fd = (objective(t, names.get(i), Tensor.wrap(plus, base.shape()), b, pert)
                        - objective(t, names.get(i), Tensor.wrap(minus, base.shape()), b, pert)) / (2 * h);
                assertEquals(fd, g[i].data()[j], 1e-7 + 1e-5 * Math.abs(fd), names.get(i) + "[" + j + "]");
                checked += fd != 0 ? 1 : 0;
            }
        }
        assertTrue(checked > 30, "most checked entries have a non-zero gradient: " + checked);
    }

    @Test
    void badInputIsRejectedWithTheShapesAndValues() {
        LanguageModel m = new LanguageModel(V, D, 1);
        Params p = Params.constants(m.init(new Rng(1)));
        Var z = Var.constant(Tensor.zeros(1, LanguageModel.H));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.predict(p, Var.constant(Tensor.of(new double[] {1, 7}, 1, 2)), z, null, false, new Rng(1)));
        assertTrue(e.getMessage().contains("LanguageModel") && e.getMessage().contains("7.0")
                && e.getMessage().contains("[0, 7)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.predict(p, Var.constant(Tensor.of(new double[] {1.5}, 1, 1)), z, null, false, new Rng(1)));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.predict(p, Var.constant(Tensor.zeros(2, 2, 2)), z, null, false, new Rng(1)));
        assertTrue(e.getMessage().contains("[B, T]") && e.getMessage().contains("[2, 2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.predict(p, Var.constant(Tensor.zeros(1, 2)), z, Tensor.zeros(1, 3), true, new Rng(1)));
        assertTrue(e.getMessage().contains("[1, 7]") && e.getMessage().contains("[1, 3]"), e.getMessage());
        Var y = Var.constant(Tensor.zeros(4, V));
        e = assertThrows(IllegalArgumentException.class,
                () -> m.loss(y, batch(Tensor.zeros(1, 2), Tensor.zeros(1, 2))));
        assertTrue(e.getMessage().contains("[4, 7]") && e.getMessage().contains("[2, 7]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LanguageModel(1, D, 2));
    }

    /**
     * Replays the training-mode forward of {@link LanguageModel#predict} with the same mask draws (seed 14, in
     * the order: embedding rows, DropConnect per layer, input, between-layer, output masks) and returns
     * {@code {h [T·B·D], output mask [B·D]}}.
     */
    private static double[][] forwardParts(LanguageModel m, Map<String, Tensor> p, Tensor x, Var z, Tensor hyper) {
        Rng rng = new Rng(14);
        Params q = Params.constants(p);
        Tensor rows = Dropout.rowMask(rng, hyper.data()[LanguageModel.DROPOUT_E], V);
        q = q.with("embedding.E_g", Var.constant(p.get("embedding.E_g")).mul(rows))
                .with("embedding.E_r", Var.constant(p.get("embedding.E_r")).mul(rows));
        for (int k = 0; k < m.layers(); k++) {
            Tensor w = Dropout.weightMask(rng, hyper.data()[LanguageModel.WDROP], 4 * D, D);
            String hh = "lstm.l" + k + ".hh";
            q = q.with(hh + ".W_g", Var.constant(p.get(hh + ".W_g")).mul(w))
                    .with(hh + ".W_r", Var.constant(p.get(hh + ".W_r")).mul(w));
        }
        int[] tf = new int[T * B];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                tf[t * B + b] = (int) x.data()[b * T + t];
            }
        }
        Var e = m.embedding().apply(q, tf, B, z).reshape(T, B, D)
                .mul(Dropout.lockedMask(rng, HyperModel.column(hyper, 0), B, D));
        Tensor between = Dropout.lockedMask(rng, HyperModel.column(hyper, 1), B, D);
        Var h = m.lstm().apply(q, e, z, m.lstm().zeroState(B), (k, a) -> a.mul(between)).output();
        Tensor out = Dropout.lockedMask(rng, HyperModel.column(hyper, 2), B, D);
        return new double[][] {h.value().data(), out.data()};
    }

    static double objective(Trainer t, String name, Tensor value, DataLoader.Batch b, Perturbation pert) {
        Map<String, Tensor> p = new LinkedHashMap<>(t.params());
        p.put(name, value);
        return t.thetaObjective(Params.constants(p), b, pert, new Rng(22), new Rng(23)).item();
    }

    private static DataLoader.Batch batch(Tensor x, Tensor targets) {
        return new DataLoader(Dataset.regression(x, targets), x.dim(0), false, null).next();
    }

    private static Tensor tokens(Rng r, int b, int t) {
        double[] d = new double[b * t];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(V);
        }
        return Tensor.wrap(d, b, t);
    }
}
