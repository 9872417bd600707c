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
