package io.github.deltastn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayersTest {

    @Test
    void linearMatchesHandComputation() {
        Linear l = new Linear("fc", 3, 2);
        Map<String, Tensor> t = Map.of("fc.weight", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3),
                "fc.bias", Tensor.of(new double[] {0.5, -1}));
        Var y = l.apply(Params.constants(t), Var.constant(Tensor.of(new double[] {1, 0, -1, 2, 1, 0}, 2, 3)));
        // row 1: [1-3+0.5, 4-6-1] ; row 2: [2+2+0.5, 8+5-1]
        assertTrue(y.value().allClose(Tensor.of(new double[] {-1.5, -3, 4.5, 12}, 2, 2), 0, 1e-15), y.toString());
    }

    @Test
    void linearInitIsPytorchUniform() {
        Map<String, Tensor> p = new Linear("fc", 400, 30).init(new Rng(1));
        double bound = 1 / Math.sqrt(400);
        for (Tensor t : p.values()) {
            for (double v : t.data()) {
                assertTrue(Math.abs(v) <= bound);
            }
        }
        assertTrue(p.get("fc.weight").hasShape(30, 400));
    }

    @Test
    void conv2dMatchesNaiveConvolution() {
        Rng r = new Rng(2);
        Conv2d c = new Conv2d("conv", 2, 3, 3, 2, 1);
        Map<String, Tensor> p = c.init(r);
        Tensor x = Tensor.normal(r, 0, 1, 2, 2, 5, 6);
        Tensor y = c.apply(Params.constants(p), Var.constant(x)).value();
        Tensor w = p.get("conv.weight");
        Tensor b = p.get("conv.bias");
        int oh = (5 + 2 - 3) / 2 + 1;
        int ow = (6 + 2 - 3) / 2 + 1;
        assertTrue(y.hasShape(2, 3, oh, ow));
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b.get(o);
                        for (int ci = 0; ci < 2; ci++) {
                            for (int ki = 0; ki < 3; ki++) {
                                for (int kj = 0; kj < 3; kj++) {
                                    int hi = i * 2 - 1 + ki;
                                    int wj = j * 2 - 1 + kj;
                                    if (hi >= 0 && hi < 5 && wj >= 0 && wj < 6) {
                                        s += w.get(o, ci, ki, kj) * x.get(n, ci, hi, wj);
                                    }
                                }
                            }
                        }
                        assertEquals(s, y.get(n, o, i, j), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void conv2dWithoutBiasIsTheBareConvolution() {
        Rng r = new Rng(5);
        Conv2d c = new Conv2d("conv", 2, 3, 3, 1, 1, false);
        Map<String, Tensor> p = c.init(r);
        assertEquals(java.util.Set.of("conv.weight"), p.keySet());
        Conv2d withBias = new Conv2d("conv", 2, 3, 3, 1, 1);
        Tensor x = Tensor.normal(r, 0, 1, 2, 2, 4, 4);
        Map<String, Tensor> zeroBias = new java.util.LinkedHashMap<>(p);
        zeroBias.put("conv.bias", Tensor.zeros(3));
        Tensor y = c.apply(Params.constants(p), Var.constant(x)).value();
        assertEquals(withBias.apply(Params.constants(zeroBias), Var.constant(x)).value(), y);
        assertEquals(Var.constant(x).conv2d(Var.constant(p.get("conv.weight")), 1, 1, 1).value(), y);
    }

    @Test
    void layersPassOrderTwoGradientChecks() {
        Rng r = new Rng(3);
        // Linear + ReLU (away from the kink) + dropout with a fixed mask
        Tensor mask = Dropout.mask(new Rng(4), Tensor.of(new double[] {0.3, 0.5}), 2, 4);
        Tensor bias = Tensor.of(new double[] {0.9, -0.8, 0.7, -0.6});
        GradCheck.check(x -> Dropout.apply(x[0].matmul(x[1], false, true).add(Var.constant(bias)).relu(), mask).sum()
                        .add(x[0].matmul(x[1], false, true).square().sum().mul(0.1)),
                new Tensor[] {Tensor.normal(r, 0, 0.1, 2, 3), Tensor.normal(r, 0, 0.1, 4, 3)}, 2, r);
        // Conv2d then max-pool on distinct values
        GradCheck.check(x -> x[0].conv2d(x[1], 1, 1, 1).maxPool2d(2, 2).square().sum(),
                new Tensor[] {Tensor.normal(r, 0, 1, 1, 2, 4, 4), Tensor.normal(r, 0, 1, 2, 2, 3, 3)}, 2, r);
    }

    /** Params from {@code template} with {@code names[i]} bound to {@code v[offset + i]}. */
    private static Params bind(Map<String, Tensor> template, Var[] v, int offset) {
        Params p = Params.constants(template);
        int i = offset;
        for (String n : template.keySet()) {
            p = p.with(n, v[i++]);
        }
        return p;
    }

    private static Tensor[] inputsThenParams(Map<String, Tensor> params, Tensor... inputs) {
        Tensor[] all = java.util.Arrays.copyOf(inputs, inputs.length + params.size());
        int i = inputs.length;
        for (Tensor t : params.values()) {
            all[i++] = t;
        }
        return all;
    }

    @Test
    void linearModulePassesOrderTwoGradientCheckInInputWeightAndBias() {
        Rng r = new Rng(21);
        Linear l = new Linear("fc", 3, 4);
        Map<String, Tensor> init = l.init(r);
        GradCheck.check(v -> l.apply(bind(init, v, 1), v[0]), inputsThenParams(init, Tensor.normal(r, 0, 1, 2, 3)), 2, r);
    }

    @Test
    void conv2dModuleWithReluAndMaxPoolPassesOrderTwoGradientCheck() {
        Rng r = new Rng(22);
        Conv2d c = new Conv2d("conv", 2, 3, 3, 1, 1);
        Map<String, Tensor> init = c.init(r);
        Module net = Layers.sequential(c, Layers.relu(), Layers.maxPool2d(2, 2));
        Tensor x = Tensor.normal(r, 0, 1, 2, 2, 4, 4);
        Tensor pre = c.apply(Params.constants(init), Var.constant(x)).value();
        for (double v : pre.data()) {
            assertTrue(Math.abs(v) > 1e-3, "the check point is away from the ReLU kink");
        }
        GradCheck.check(v -> net.apply(bind(init, v, 1), v[0]), inputsThenParams(init, x), 2, r);
    }

    @Test
    void reluAndMaxPoolAwayFromKinksAndTiesPassOrderTwoGradientChecks() {
        Rng r = new Rng(23);
        // distinct values 0.1 apart (shuffled), shifted so none is near 0: no ties, no kinks within FD steps
        int n = 2 * 2 * 4 * 6;
        int[] perm = r.permutation(n);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.1 * perm[i] - 4.75;
        }
        Tensor x = Tensor.of(d, 2, 2, 4, 6);
        Module relu = Layers.relu();
        Module pool = Layers.maxPool2d(2, 2);
        // square() makes the second derivative non-zero
        GradCheck.check(v -> pool.apply(Params.constants(Map.of()), relu.apply(Params.constants(Map.of()), v[0])).square(),
                new Tensor[] {x}, 2, r);
        Tensor y = pool.apply(Params.constants(Map.of()), Var.constant(x)).value();
        assertTrue(y.hasShape(2, 2, 2, 3));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        m = Math.max(m, x.get(1, 0, 2 * i + a, 2 * j + b));
                    }
                }
                assertEquals(m, y.get(1, 0, i, j), 0);
            }
        }
    }

    @Test
    void dropoutWithFixedMasksPassesOrderTwoGradientChecks() {
        Rng r = new Rng(24);
        Tensor rates = Tensor.of(new double[] {0.2, 0.6});
        Tensor elementMask = Dropout.mask(new Rng(1), rates, 2, 5);
        GradCheck.check(v -> Dropout.apply(v[0].tanh(), elementMask).mul(v[1]), new Tensor[] {
                Tensor.normal(r, 0, 1, 2, 5), Tensor.normal(r, 0, 1, 2, 5)}, 2, r);
        Tensor channelMask = Dropout.channelMask(new Rng(2), rates, 2, 3);
        GradCheck.check(v -> Dropout.apply(v[0], channelMask).square(), new Tensor[] {Tensor.normal(r, 0, 1, 2, 3, 2, 2)}, 2, r);
        Var y = Dropout.apply(Var.constant(Tensor.ones(2, 3, 2, 2)), channelMask);
        for (int b = 0; b < 2; b++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int q = 0; q < 4; q++) {
                    assertEquals(channelMask.get(b, ch, 0, 0), y.value().get(b, ch, q / 2, q % 2), 0);
                }
            }
        }
    }

    @Test
    void sequentialComposesAndRejectsDuplicateNames() {
        Module m = Layers.sequential(Layers.flatten(), new Linear("a", 4, 3), Layers.relu(), new Linear("b", 3, 2));
        Map<String, Tensor> p = m.init(new Rng(5));
        assertEquals(java.util.List.of("a.weight", "a.bias", "b.weight", "b.bias"), new java.util.ArrayList<>(p.keySet()));
        assertTrue(m.apply(Params.of(p), Var.constant(Tensor.ones(2, 2, 2))).value().hasShape(2, 2));
        Module dup = Layers.sequential(new Linear("a", 2, 2), new Linear("a", 2, 2));
        assertThrows(IllegalArgumentException.class, () -> dup.init(new Rng(1)));
    }

    @Test
    void crossEntropyMatchesDefinition() {
        Tensor logits = Tensor.of(new double[] {1, 2, 3, 0, 0, 5}, 2, 3);
        double l0 = -(1 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double l1 = -(5 - Math.log(2 + Math.exp(5)));
        assertEquals((l0 + l1) / 2, Losses.crossEntropy(Var.constant(logits), new int[] {0, 2}).item(), 1e-14);
        assertEquals(0.5, Losses.accuracy(logits, new int[] {0, 2}), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Var.constant(logits), new int[] {0, 3}));
        assertTrue(e.getMessage().contains("label 3"));
    }

    @Test
    void embeddingGathersRowsAndScattersGradients() {
        Embedding e = new Embedding("emb", 4, 2);
        Var table = Var.param(Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2));
        Var y = e.lookup(table, new int[] {2, 0, 2});
        assertTrue(y.value().allClose(Tensor.of(new double[] {4, 5, 0, 1, 4, 5}, 3, 2), 0, 0));
        Tensor g = io.github.deltastn.autodiff.Grad.of(y.sum(), table)[0].value();
        assertTrue(g.allClose(Tensor.of(new double[] {1, 1, 0, 0, 2, 2, 0, 0}, 4, 2), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> e.lookup(table, new int[] {4}));
    }
}
