package io.github.deltastn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.experiments.ImageExperiments.CifarNet;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paper's CIFAR-10 nets at reduced widths: hyperparameter counts, shapes, and the Δ-STN Θ gradient. */
class CifarNetsTest {
    static final int B = 3;

    static Dataset images(int n, long seed) {
        Rng r = new Rng(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return Dataset.classification(Tensor.uniform(r, 0, 1, n, 3, 32, 32), labels, 10);
    }

    @Test
    void hyperparameterCountsAreThePapers() {
        assertEquals(18, CifarNet.ALEXNET.hyperparameters().size());
        assertEquals(26, CifarNet.VGG16.hyperparameters().size());
        assertEquals(19, CifarNet.RESNET18.hyperparameters().size());
        for (CifarNet net : CifarNet.values()) {
            assertEquals(net.hyperparameters().size(), net.model(16).hyperDim(), net.id());
            List<String> names = net.hyperparameters().names();
            assertEquals(List.of(CifarAugmentation.NAMES), names.subList(names.size() - 10, names.size()), net.id());
            assertEquals("dropout0", names.get(0));
        }
        List<String> alex = CifarNet.ALEXNET.hyperparameters().names();
        assertEquals(List.of("dropout0", "dropout1", "dropout2", "dropout3", "dropout4", "dropout5", "dropout_fc1",
                "dropout_fc2"), alex.subList(0, 8));
        assertEquals("dropout13", CifarNet.VGG16.hyperparameters().names().get(13));
        assertEquals("dropout_fc2", CifarNet.VGG16.hyperparameters().names().get(15));
        assertEquals("dropout8", CifarNet.RESNET18.hyperparameters().names().get(8));
    }

    @Test
    void outputsAreTenLogitsPerImage() {
        for (CifarNet net : CifarNet.values()) {
            HyperModel m = net.model(16);
            Hyperparameters hp = net.hyperparameters().freeze();
            Params p = Params.constants(m.init(new Rng(1)));
            Tensor x = images(B, 2).features();
            Tensor values = hp.sample(B, new Rng(3)).values();
            Var z = Var.constant(Tensor.zeros(B, m.hyperDim()));
            for (boolean training : new boolean[] {false, true}) {
                Var y = m.predict(p, Var.constant(training ? m.augment(x, values, new Rng(4)) : x), z, values, training,
                        new Rng(5));
                assertArrayEquals(new int[] {B, 10}, y.shape(), net.id() + " training=" + training);
                for (double v : y.value().data()) {
                    assertTrue(Double.isFinite(v), net.id());
                }
            }
        }
    }

    /** Strengths 0 and no cutout leave only the flip: every example is itself or its mirror image. */
    @Test
    void augmentationAtZeroStrengthOnlyFlipsAndIsDeterministic() {
        int n = 6;
        Tensor x = images(n, 12).features();
        Hyperparameters hp = CifarNet.ALEXNET.hyperparameters();
        int first = hp.size() - CifarAugmentation.COUNT;
        double[] v = new double[n * hp.size()];
        Tensor values = Tensor.wrap(v, n, hp.size());
        Tensor a = CifarAugmentation.apply(x, values, first, new Rng(13));
        assertEquals(a, CifarAugmentation.apply(x, values, first, new Rng(13)), "the same seed, the same batch");
        int flipped = 0;
        int plane = 32 * 32;
        for (int b = 0; b < n; b++) {
            boolean same = true;
            boolean mirror = true;
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < 32; r++) {
                    for (int col = 0; col < 32; col++) {
                        double out = a.data()[(b * 3 + c) * plane + r * 32 + col];
                        same &= out == x.data()[(b * 3 + c) * plane + r * 32 + col];
                        mirror &= out == x.data()[(b * 3 + c) * plane + r * 32 + 31 - col];
                    }
                }
            }
            assertTrue(same || mirror, "example " + b);
            flipped += mirror ? 1 : 0;
        }
        assertTrue(flipped > 0 && flipped < n, "about half the examples are flipped: " + flipped);

        // one hole of side 4: filled with the mean colour, which is 0 after the net's normalisation
        for (int b = 0; b < n; b++) {
            v[b * hp.size() + first] = 4;
            v[b * hp.size() + first + 1] = 1;
        }
        Tensor cut = CifarAugmentation.apply(x, values, first, new Rng(13));
        double[] normalised = CifarAugmentation.normalize(Var.constant(cut)).value().data();
        for (int b = 0; b < n; b++) {
            int zeros = 0;
            for (int i = b * 3 * plane; i < (b + 1) * 3 * plane; i++) {
                zeros += Math.abs(normalised[i]) < 1e-12 ? 1 : 0;
            }
            assertTrue(zeros >= 3 * 4, "example " + b + " has a hole (at least 2×2 after clipping) at the mean colour: "
                    + zeros + " zeros");
        }
    }

    /** Each augmentation column drives its own op: one non-zero column at a time against the op called directly. */
    @Test
    void eachAugmentationColumnFeedsItsOp() {
        int n = 3;
        Tensor x = images(n, 14).features();
        Hyperparameters hp = CifarNet.RESNET18.hyperparameters();
        int first = hp.size() - CifarAugmentation.COUNT;
        double[] strength = {0, 0, 0.2, 0.5, 0.5, 0.5, 30, 20, 0.3, 0.2};
        for (int k = 2; k < CifarAugmentation.COUNT; k++) {
            double[] v = new double[n * hp.size()];
            double[] col = new double[n];
            for (int b = 0; b < n; b++) {
                v[b * hp.size() + first + k] = strength[k];
                col[b] = strength[k];
            }
            Tensor got = CifarAugmentation.apply(x, Tensor.wrap(v, n, hp.size()), first, new Rng(15));
            Rng r = new Rng(15);
            Tensor e = io.github.deltastn.nn.augment.HorizontalFlip.random(x, r);
            double[] zero = new double[n];
            String name = CifarAugmentation.NAMES[k];
            e = switch (name) {
                case "degrees" -> io.github.deltastn.nn.augment.RandomAffine.apply(e, col, zero, zero, zero, r);
                case "translate" -> io.github.deltastn.nn.augment.RandomAffine.apply(e, zero, col, zero, zero, r);
                case "scale" -> io.github.deltastn.nn.augment.RandomAffine.apply(e, zero, zero, col, zero, r);
                case "shear" -> io.github.deltastn.nn.augment.RandomAffine.apply(e, zero, zero, zero, col, r);
                case "brightness" -> io.github.deltastn.nn.augment.ColorJitter.apply(e, col, zero, zero, zero, r);
                case "contrast" -> io.github.deltastn.nn.augment.ColorJitter.apply(e, zero, col, zero, zero, r);
                case "saturation" -> io.github.deltastn.nn.augment.ColorJitter.apply(e, zero, zero, col, zero, r);
                case "hue" -> io.github.deltastn.nn.augment.ColorJitter.apply(e, zero, zero, zero, col, r);
                default -> throw new AssertionError(name);
            };
            assertEquals(e, got, name);
            assertNotEquals(io.github.deltastn.nn.augment.HorizontalFlip.random(x, new Rng(15)), got,
                    name + " changes the image");
        }
    }

    @Test
    void cifarLearningRateDropsBy5AtEpochs60_120_180() {
        // 40 steps per epoch, T_train 5: 8 cycles per epoch after 5 warm-up epochs
        var f = io.github.deltastn.experiments.ImageExperiments.cifarLrFactor(5, 5, 40);
        assertEquals(1.0, f.applyAsDouble(0), 0.0);
        assertEquals(1.0, f.applyAsDouble(8 * 55 - 1), 0.0, "epoch 59.9");
        assertEquals(0.2, f.applyAsDouble(8 * 55), 1e-15, "epoch 60");
        assertEquals(0.04, f.applyAsDouble(8 * 115), 1e-15, "epoch 120");
        assertEquals(0.008, f.applyAsDouble(8 * 175), 1e-15, "epoch 180");
        assertEquals(0.008, f.applyAsDouble(8 * 500), 1e-15);
    }

    @Test
    void resNetBlocksStartAsTheirShortcuts() {
        ResNet18Model m = new ResNet18Model(4);
        Map<String, Tensor> p = m.init(new Rng(1));
        for (int k = 1; k <= 8; k++) {
            for (String part : new String[] {".W_g", ".b_g"}) {
                String n = "block" + k + ".conv2" + part;
                assertTrue(p.get(n).allClose(Tensor.zeros(p.get(n).shape()), 0, 0), n);
            }
        }
        assertFalse(p.get("block1.conv1.W_g").allClose(Tensor.zeros(p.get("block1.conv1.W_g").shape()), 0, 0));
        assertTrue(p.containsKey("block3.shortcut.W_g") && !p.containsKey("block2.shortcut.W_g"),
                "1×1 shortcuts only where the shape changes");
    }

    /** Δ-STN's Θ-step loss on a reduced-width net: its gradient against central differences, one random entry of every third Θ tensor. */
    @Test
    void deltaStnThetaGradientMatchesFiniteDifferences() {
        for (CifarNet net : CifarNet.values()) {
            HyperModel model = net.model(net == CifarNet.RESNET18 ? 32 : 16);
            Dataset d = images(B, 6);
            TrainConfig cfg = TrainConfig.builder().method(Method.DELTA).epochs(1).batchSize(B).validBatchSize(B).build();
            Trainer t = new Trainer(model, net.hyperparameters().freeze(), cfg, d, d, null);
            Rng r = new Rng(7);
            Map<String, Tensor> start = new LinkedHashMap<>(t.params());
            for (String k : start.keySet()) {
                if (k.endsWith(".U") || k.endsWith(".V")) {
                    start.put(k, Tensor.normal(r, 0, 0.3, start.get(k).shape()));
                }
            }
            t.setParams(start);
            DataLoader.Batch b = new DataLoader(d, B, false, null).next();
            Perturbation pert = t.hyperparameters().sample(B, new Rng(8));
            List<String> theta = new ArrayList<>();
            for (String k : start.keySet()) {
                if (model.isResponse(k)) {
                    theta.add(k);
                }
            }
            Params vars = Params.of(start, model::isResponse);
            Tensor[] g = Grad.values(t.thetaObjective(vars, b, pert, new Rng(9), new Rng(10)),
                    vars.vars(theta).toArray(new Var[0]));
            double h = 1e-6;
            Rng pick = new Rng(11);
            for (int i = 0; i < theta.size(); i += 3) {
                Tensor base = start.get(theta.get(i));
                int j = pick.nextInt(base.size());
                double fd = 0;
                for (int sign = -1; sign <= 1; sign += 2) {
                    double[] moved = base.data().clone();
                    moved[j] += sign * h;
                    Map<String, Tensor> at = new LinkedHashMap<>(start);
                    at.put(theta.get(i), Tensor.wrap(moved, base.shape()));
                    fd += sign * t.thetaObjective(Params.constants(at), b, pert, new Rng(9), new Rng(10)).item() / (2 * h);
                }
                assertEquals(fd, g[i].data()[j], 1e-6 + 1e-4 * Math.abs(fd), net.id() + ": d/d" + theta.get(i) + "[" + j + "]");
            }
        }
    }
}
