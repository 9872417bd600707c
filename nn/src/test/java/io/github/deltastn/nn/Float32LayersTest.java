package io.github.deltastn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.augment.Cutout;
import io.github.deltastn.nn.augment.HorizontalFlip;
import io.github.deltastn.nn.augment.Normalize;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** nn in float32 against float64: same-seed init rounded exactly, forward values within float tolerance. */
class Float32LayersTest {
    private static final DType F32 = DType.FLOAT32;

    private static void assertRounded(Map<String, Tensor> f64, Map<String, Tensor> f32) {
        assertEquals(f64.keySet(), f32.keySet());
        for (String k : f64.keySet()) {
            assertEquals(F32, f32.get(k).dtype(), k);
            assertEquals(f64.get(k).to(F32), f32.get(k), k);
        }
    }

    @Test
    void initIsTheFloat64InitRounded() {
        assertRounded(new Linear("fc", 7, 5).init(new Rng(3)), new Linear("fc", 7, 5, true, F32).init(new Rng(3)));
        assertRounded(new Conv2d("c", 2, 4, 3, 1, 1).init(new Rng(3)),
                new Conv2d("c", 2, 4, 3, 1, 1, true, F32).init(new Rng(3)));
        assertRounded(new Embedding("e", 11, 4).init(new Rng(3)), new Embedding("e", 11, 4, F32).init(new Rng(3)));
        assertRounded(new Lstm("l", 3, 4, 2).init(new Rng(3)), new Lstm("l", 3, 4, 2, F32).init(new Rng(3)));
        assertEquals(F32, new Lstm("l", 3, 4, 2, F32).zeroState(2).h().get(0).value().dtype());
    }

    @Test
    void modulesAndParamsReportTheirDtype() {
        Module m = Layers.sequential(new Linear("a", 3, 4, true, F32), Layers.relu(), new Linear("b", 4, 2, true, F32));
        assertEquals(F32, m.dtype());
        assertEquals(DType.FLOAT64, new Linear("a", 3, 4).dtype());
        assertEquals(DType.FLOAT64, Layers.sequential(Layers.relu()).dtype());
        assertEquals(F32, Params.of(m.init(new Rng(1))).dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.sequential(new Linear("a", 3, 4, true, F32), new Linear("b", 4, 2)));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
        Map<String, Tensor> mixed = new LinkedHashMap<>(new Linear("a", 3, 4).init(new Rng(1)));
        mixed.putAll(new Linear("b", 4, 2, true, F32).init(new Rng(1)));
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> Params.of(mixed).dtype());
        assertTrue(s.getMessage().contains("a.weight") && s.getMessage().contains("b.weight"), s.getMessage());
        Linear f32 = new Linear("fc", 3, 4, true, F32);
        Params p32 = Params.of(f32.init(new Rng(1)));
        IllegalArgumentException in = assertThrows(IllegalArgumentException.class,
                () -> f32.apply(p32, Var.constant(Tensor.zeros(2, 3))));
        assertTrue(in.getMessage().contains("Linear 'fc'") && in.getMessage().contains("input is float64")
                && in.getMessage().contains("float32"), in.getMessage());
    }

    @Test
    void linearForwardAndLossesAgreeWithFloat64() {
        Module m64 = Layers.sequential(new Linear("a", 6, 8), Layers.tanh(), new Linear("b", 8, 3));
        Module m32 = Layers.sequential(new Linear("a", 6, 8, true, F32), Layers.tanh(), new Linear("b", 8, 3, true, F32));
        Tensor x = Tensor.normal(new Rng(5), 0, 1, 4, 6);
        Var y64 = m64.apply(Params.constants(m64.init(new Rng(9))), Var.constant(x));
        Var y32 = m32.apply(Params.constants(m32.init(new Rng(9))), Var.constant(x.to(F32)));
        assertEquals(F32, y32.value().dtype());
        assertTrue(y32.value().to(DType.FLOAT64).allClose(y64.value(), 1e-5, 1e-5));
        int[] labels = {0, 2, 1, 2};
        Var ce32 = Losses.crossEntropy(y32, labels);
        assertEquals(F32, ce32.value().dtype());
        assertEquals(Losses.crossEntropy(y64, labels).item(), ce32.item(), 1e-5);
        assertEquals(Losses.accuracy(y64.value(), labels), Losses.accuracy(y32.value(), labels));
        Tensor t = Tensor.normal(new Rng(6), 0, 1, 4, 3);
        assertEquals(Losses.mse(y64, Var.constant(t)).item(), Losses.mse(y32, Var.constant(t.to(F32))).item(), 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(y32, Var.constant(t)));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
    }

    @Test
    void dropoutMasksAreTheFloat64MasksRoundedAndFollowTheInput() {
        Tensor rates = Tensor.of(new double[] {0.3, 0.6});
        Tensor m64 = Dropout.mask(new Rng(4), rates, 2, 5);
        Tensor m32 = Dropout.mask(new Rng(4), rates, F32, 2, 5);
        assertEquals(m64.to(F32), m32);
        assertEquals(Dropout.channelMask(new Rng(4), rates, 2, 3).to(F32), Dropout.channelMask(new Rng(4), rates, F32, 2, 3));
        assertEquals(Dropout.weightMask(new Rng(4), 0.2, 3, 3).to(F32), Dropout.weightMask(new Rng(4), 0.2, F32, 3, 3));
        Var x = Var.constant(Tensor.normal(new Rng(1), F32, 0, 1, 2, 5));
        assertEquals(F32, Dropout.apply(x, m64).value().dtype());
    }

    @Test
    void augmentationsKeepTheInputDtype() {
        Tensor x = Tensor.uniform(new Rng(2), 0, 1, 3, 2, 5, 5);
        Tensor x32 = x.to(F32);
        assertEquals(Cutout.apply(x, 2, 1, new Rng(8)).to(F32), Cutout.apply(x32, 2, 1, new Rng(8)));
        boolean[] flip = {true, false, true};
        assertEquals(HorizontalFlip.apply(x, flip).to(F32), HorizontalFlip.apply(x32, flip));
        double[] mean = {0.4, 0.5};
        double[] std = {0.2, 0.3};
        Tensor n32 = Normalize.perChannel(x32, mean, std);
        assertEquals(F32, n32.dtype());
        assertTrue(n32.to(DType.FLOAT64).allClose(Normalize.perChannel(x, mean, std), 1e-6, 1e-6));
    }

    @Test
    void dataSetsHandOutBatchesInTheirDtype() {
        Tensor x = Tensor.normal(new Rng(2), 0, 1, 10, 3);
        Dataset d = Dataset.classification(x, new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 2).to(F32);
        assertEquals(F32, d.dtype());
        DataLoader.Batch b = new DataLoader(d, 4, true, new Rng(1)).next();
        DataLoader.Batch b64 = new DataLoader(d.to(DType.FLOAT64), 4, true, new Rng(1)).next();
        assertEquals(F32, b.x().dtype());
        assertEquals(b64.x().to(F32), b.x());
        Dataset r = Dataset.regression(x, Tensor.normal(new Rng(3), 0, 1, 10)).to(F32);
        assertEquals(F32, r.targets().dtype());
        assertEquals(F32, r.select(new int[] {3, 1}).targets().dtype());
    }

    @Test
    void convNetGradientsAgreeWithFloat64() {
        Module m64 = Layers.sequential(new Conv2d("c", 1, 3, 3, 1, 1), Layers.relu(), Layers.maxPool2d(2, 2),
                Layers.flatten(), new Linear("fc", 3 * 3 * 3, 4));
        Module m32 = Layers.sequential(new Conv2d("c", 1, 3, 3, 1, 1, true, F32), Layers.relu(), Layers.maxPool2d(2, 2),
                Layers.flatten(), new Linear("fc", 3 * 3 * 3, 4, true, F32));
        Tensor x = Tensor.normal(new Rng(5), 0, 1, 2, 1, 6, 6);
        int[] labels = {1, 3};
        Params p64 = Params.of(m64.init(new Rng(2)));
        Params p32 = Params.of(m32.init(new Rng(2)));
        Map<String, Tensor> g64 = p64.grad(Losses.crossEntropy(m64.apply(p64, Var.constant(x)), labels));
        Map<String, Tensor> g32 = p32.grad(Losses.crossEntropy(m32.apply(p32, Var.constant(x.to(F32))), labels));
        for (String n : g64.keySet()) {
            assertEquals(F32, g32.get(n).dtype(), n);
            assertTrue(g32.get(n).to(DType.FLOAT64).allClose(g64.get(n), 1e-4, 1e-5), n);
        }
    }

    @Test
    void lstmAndEmbeddingAgreeWithFloat64() {
        Lstm l64 = new Lstm("l", 3, 4, 2);
        Lstm l32 = new Lstm("l", 3, 4, 2, F32);
        Embedding e64 = new Embedding("e", 9, 3);
        Embedding e32 = new Embedding("e", 9, 3, F32);
        Map<String, Tensor> t64 = new LinkedHashMap<>(l64.init(new Rng(4)));
        t64.putAll(e64.init(new Rng(5)));
        Map<String, Tensor> t32 = new LinkedHashMap<>(l32.init(new Rng(4)));
        t32.putAll(e32.init(new Rng(5)));
        int[] tokens = {1, 4, 8, 0, 2, 2};
        Params p64 = Params.of(t64);
        Params p32 = Params.of(t32);
        Var y64 = l64.apply(p64, e64.apply(p64, tokens).reshape(3, 2, 3)).output();
        Var y32 = l32.apply(p32, e32.apply(p32, tokens).reshape(3, 2, 3)).output();
        assertEquals(F32, y32.value().dtype());
        assertTrue(y32.value().to(DType.FLOAT64).allClose(y64.value(), 1e-5, 1e-6));
        Map<String, Tensor> g64 = p64.grad(y64.square().sum());
        Map<String, Tensor> g32 = p32.grad(y32.square().sum());
        for (String n : g64.keySet()) {
            assertTrue(g32.get(n).to(DType.FLOAT64).allClose(g64.get(n), 1e-4, 1e-5), n);
        }
    }
}
