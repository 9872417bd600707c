package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.ElementwiseTest.Gen;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@link Conv#conv2d} and its adjoints against direct loops, the per-image GEMM path, and across thread counts. */
class ConvBatchedTest {

    /** One convolution: x {@code [n, c, h, w]}, weight {@code [co, c, kh, kw]}, gy of the output's shape. */
    private record Case(Tensor x, Tensor w, Tensor gy, int s, int p, int d) {
        static Case random(Rng rng, int n, int c, int h, int wd, int co, int kh, int kw, int s, int p, int d) {
            Tensor x = Gen.tensor(rng, n, c, h, wd);
            Tensor w = Gen.tensor(rng, co, c, kh, kw);
            int oh = Conv.outSize(h, kh, s, p, d);
            int ow = Conv.outSize(wd, kw, s, p, d);
            return new Case(x, w, Gen.tensor(rng, n, co, oh, ow), s, p, d);
        }

        Tensor y() {
            return Conv.conv2d(x, w, s, p, d);
        }

        Tensor gx() {
            return Conv.conv2dInputGrad(gy, w, x.shape(), s, p, d);
        }

        Tensor gw() {
            return Conv.conv2dWeightGrad(x, gy, w.shape(), s, p, d);
        }

        @Override
        public String toString() {
            return "x " + Shape.str(x.shape()) + ", w " + Shape.str(w.shape()) + ", stride " + s + ", pad " + p
                    + ", dilation " + d;
        }
    }

    /** Random geometry that fits, batch 0 to 4, up to 3 channels, with stride, padding and dilation. */
    private static Case randomCase(Rng rng) {
        while (true) {
            int kh = 1 + rng.nextInt(3);
            int kw = 1 + rng.nextInt(3);
            int s = 1 + rng.nextInt(3);
            int p = rng.nextInt(3);
            int d = 1 + rng.nextInt(3);
            int h = rng.nextInt(9);
            int wd = 1 + rng.nextInt(9);
            if (h + 2 * p >= d * (kh - 1) + 1 && wd + 2 * p >= d * (kw - 1) + 1) {
                return Case.random(rng, rng.nextInt(5), 1 + rng.nextInt(3), h, wd, 1 + rng.nextInt(4), kh, kw, s, p, d);
            }
        }
    }

    /** Direct seven-loop convolution; also its input and weight gradients for gy. */
    private static Tensor[] direct(Case k) {
        int[] xs = k.x.shape();
        int[] ws = k.w.shape();
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], co = ws[0], kh = ws[2], kw = ws[3];
        int oh = k.gy.dim(2), ow = k.gy.dim(3);
        double[] y = new double[n * co * oh * ow];
        double[] gx = new double[k.x.size()];
        double[] gw = new double[k.w.size()];
        double[] x = k.x.data(), w = k.w.data(), gy = k.gy.data();
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < co; o++) {
                for (int y0 = 0; y0 < oh; y0++) {
                    for (int z0 = 0; z0 < ow; z0++) {
                        int yi = ((b * co + o) * oh + y0) * ow + z0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int ih = y0 * k.s - k.p + i * k.d;
                                    int iw = z0 * k.s - k.p + j * k.d;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) {
                                        continue;
                                    }
                                    int xi = ((b * c + ch) * h + ih) * wd + iw;
                                    int wi = ((o * c + ch) * kh + i) * kw + j;
                                    y[yi] += w[wi] * x[xi];
                                    gx[xi] += gy[yi] * w[wi];
                                    gw[wi] += gy[yi] * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Tensor[] {Tensor.wrap(y, k.gy.shape()), Tensor.wrap(gx, xs), Tensor.wrap(gw, ws)};
    }

    /**
     * The previous per-image path (im2col per example, one GEMM each, weight gradient in groups of 8
     * examples): the batched kernels keep its summation order, so the results are bit-identical.
     */
    private static Tensor[] perImage(Case k) {
        int[] xs = k.x.shape();
        int[] ws = k.w.shape();
        int n = xs[0], co = ws[0], ckk = ws[1] * ws[2] * ws[3];
        int p = k.gy.dim(2) * k.gy.dim(3);
        double[] cols = Conv.im2col(k.x, ws[2], ws[3], k.s, k.p, k.d).data();
        double[] y = new double[n * co * p];
        double[] gcols = new double[n * ckk * p];
        for (int b = 0; b < n; b++) {
            Gemm.gemm(false, false, co, p, ckk, 1.0, k.w.data(), 0, cols, b * ckk * p, 0.0, y, b * co * p);
            Gemm.gemm(true, false, ckk, p, co, 1.0, k.w.data(), 0, k.gy.data(), b * co * p, 0.0, gcols, b * ckk * p);
        }
        Tensor gx = Conv.col2im(Tensor.wrap(gcols, n, ckk, p), xs, ws[2], ws[3], k.s, k.p, k.d);
        int groups = (n + 7) / 8;
        double[][] partial = new double[groups][co * ckk];
        for (int b = 0; b < n; b++) {
            Gemm.gemm(false, true, co, ckk, p, 1.0, k.gy.data(), b * co * p, cols, b * ckk * p, 1.0, partial[b / 8], 0);
        }
        double[] gw = new double[co * ckk];
        for (double[] part : partial) {
            for (int j = 0; j < gw.length; j++) {
                gw[j] += part[j];
            }
        }
        return new Tensor[] {Tensor.wrap(y, k.gy.shape()), gx, Tensor.wrap(gw, ws)};
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.data();
        double[] a = actual.data();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-12 * (1 + Math.abs(e[i])), what + " at " + i);
        }
    }

    private static void checkAgainstReferences(Case k) {
        Tensor[] got = {k.y(), k.gx(), k.gw()};
        Tensor[] direct = direct(k);
        Tensor[] perImage = perImage(k);
        String[] names = {"y", "gx", "gw"};
        for (int t = 0; t < 3; t++) {
            assertClose(direct[t], got[t], names[t] + " vs direct loops, " + k);
            assertArrayEquals(perImage[t].data(), got[t].data(), names[t] + " vs per-image GEMMs, " + k);
        }
    }

    @Property(tries = 80)
    void matchesDirectLoopsAndPerImagePath(@ForAll long seed) {
        checkAgainstReferences(randomCase(new Rng(seed)));
    }

    /** Shapes whose columns span several chunks (with a short last one) and several weight-gradient groups. */
    @Test
    void manyChunksOddShapes() {
        Rng rng = new Rng(3);
        // C·kh·kw·OH·OW = 4·25·23·19 = 43700 doubles per example: 2 examples per chunk, batch 11
        checkAgainstReferences(Case.random(rng, 11, 4, 23, 19, 5, 5, 5, 1, 2, 1));
        // one example per chunk (8·9·33·31 > 2^17 / 2), stride 2 with a dilated kernel, batch 17
        checkAgainstReferences(Case.random(rng, 17, 8, 67, 63, 3, 3, 3, 2, 1, 2));
        // single channel, batch 1, rectangular kernel
        checkAgainstReferences(Case.random(rng, 1, 1, 28, 28, 16, 5, 3, 1, 2, 1));
        // the SimpleCNN's layers at a small batch
        checkAgainstReferences(Case.random(rng, 9, 1, 28, 28, 16, 5, 5, 1, 2, 1));
        checkAgainstReferences(Case.random(rng, 9, 16, 14, 14, 32, 5, 5, 1, 2, 1));
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        int saved = Parallel.threads();
        Rng rng = new Rng(11);
        Case[] cases = {
            Case.random(rng, 37, 1, 28, 28, 16, 5, 5, 1, 2, 1),
            Case.random(rng, 21, 16, 14, 14, 32, 5, 5, 1, 2, 1),
            Case.random(rng, 1, 3, 40, 37, 4, 3, 3, 2, 1, 2),
        };
        try {
            for (Case k : cases) {
                Parallel.setThreads(1);
                Tensor[] one = {k.y(), k.gx(), k.gw()};
                Parallel.setThreads(2);
                Tensor[] two = {k.y(), k.gx(), k.gw()};
                Parallel.setThreads(3);
                Tensor[] three = {k.y(), k.gx(), k.gw()};
                for (int t = 0; t < 3; t++) {
                    assertArrayEquals(one[t].data(), two[t].data(), k::toString);
                    assertArrayEquals(one[t].data(), three[t].data(), k::toString);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        Tensor x = Tensor.zeros(2, 3, 8, 8);
        Tensor w = Tensor.zeros(4, 3, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2d(x, Tensor.zeros(4, 2, 3, 3), 1, 0, 1));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2dInputGrad(Tensor.zeros(2, 4, 5, 6), w, x.shape(), 1, 0, 1));
        assertTrue(e.getMessage().contains("conv2dInputGrad") && e.getMessage().contains("[2, 4, 5, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2dWeightGrad(x, Tensor.zeros(2, 4, 6, 6), new int[] {4, 2, 3, 3}, 1, 0, 1));
        assertTrue(e.getMessage().contains("conv2dWeightGrad") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, Tensor.zeros(4, 3, 9, 9), 1, 0, 1));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("< 1"), e.getMessage());
    }

    @Test
    void addChannelBiasAddsPerChannel() {
        Rng rng = new Rng(4);
        for (int[] xs : new int[][] {{3, 4, 5, 2}, {2, 3}, {0, 2, 3, 3}, {2, 1, 1, 7}}) {
            Tensor x = Gen.tensor(rng, xs);
            Tensor b = Gen.tensor(rng, xs[1]);
            Tensor y = Conv.addChannelBias(x, b);
            int[] bs = new int[xs.length];
            java.util.Arrays.fill(bs, 1);
            bs[1] = xs[1];
            assertEquals(Elementwise.add(x, b.reshape(bs)), y, Shape.str(xs));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv.addChannelBias(Tensor.zeros(2, 3, 4, 4), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("addChannelBias") && e.getMessage().contains("[4]"), e.getMessage());
    }

    // ------------------------------------------------------------------ float32 (generated kernels)

    private static final double EPS32 = 0x1.0p-24;

    private static Case to32(Case k) {
        return new Case(k.x.to(DType.FLOAT32), k.w.to(DType.FLOAT32), k.gy.to(DType.FLOAT32), k.s, k.p, k.d);
    }

    private static Case widened(Case k) {
        return new Case(k.x.to(DType.FLOAT64), k.w.to(DType.FLOAT64), k.gy.to(DType.FLOAT64), k.s, k.p, k.d);
    }

    private static Case abs(Case k) {
        return new Case(Elementwise.abs(k.x), Elementwise.abs(k.w), Elementwise.abs(k.gy), k.s, k.p, k.d);
    }

    /**
     * |got − want| ≤ (terms + 2)·2⁻²⁴·scale + 2⁻²⁴·|want| element-wise: the float32 sum of {@code terms}
     * products against the float64 one on the same values, scale being the same sum of absolute values.
     */
    private static void assertClose32(Tensor want, Tensor scale, Tensor got, int terms, String what) {
        assertEquals(DType.FLOAT32, got.dtype(), what);
        assertArrayEquals(want.shape(), got.shape(), what);
        double[] w = want.data();
        double[] sc = scale.data();
        double[] g = got.to(DType.FLOAT64).data();
        for (int i = 0; i < w.length; i++) {
            double tol = (terms + 2) * EPS32 * sc[i] + EPS32 * Math.abs(w[i]);
            assertTrue(Math.abs(g[i] - w[i]) <= tol, what + " at " + i + ": " + g[i] + " vs " + w[i] + " (tol " + tol + ")");
        }
    }

    private static void checkFloat32(Case k64) {
        Case k = to32(k64);
        Case wide = widened(k);
        Case scale = abs(wide);
        int[] ws = k.w.shape();
        int kk = ws[2] * ws[3];
        int positions = k.gy.dim(2) * k.gy.dim(3);
        assertClose32(wide.y(), scale.y(), k.y(), ws[1] * kk, "y " + k);
        assertClose32(wide.gx(), scale.gx(), k.gx(), ws[0] * kk, "gx " + k);
        assertClose32(wide.gw(), scale.gw(), k.gw(), k.x.dim(0) * positions, "gw " + k);
        // im2col copies and addChannelBias adds once: both exact after rounding
        Tensor cols = Conv.im2col(k.x, ws[2], ws[3], k.s, k.p, k.d);
        assertEquals(Conv.im2col(wide.x, ws[2], ws[3], k.s, k.p, k.d).to(DType.FLOAT32), cols, "im2col " + k);
        Tensor b = k.w.reshape(-1).slice(0, 0, ws[0]);
        Tensor y32 = k.y();
        assertEquals(Conv.addChannelBias(y32.to(DType.FLOAT64), b.to(DType.FLOAT64)).to(DType.FLOAT32), Conv.addChannelBias(y32, b),
                "addChannelBias " + k);
        // col2im sums at most kh·kw overlapping columns
        assertClose32(Conv.col2im(cols.to(DType.FLOAT64), k.x.shape(), ws[2], ws[3], k.s, k.p, k.d),
                Conv.col2im(Elementwise.abs(cols.to(DType.FLOAT64)), k.x.shape(), ws[2], ws[3], k.s, k.p, k.d),
                Conv.col2im(cols, k.x.shape(), ws[2], ws[3], k.s, k.p, k.d), kk, "col2im " + k);
    }

    @Property(tries = 60)
    void float32MatchesFloat64(@ForAll long seed) {
        checkFloat32(randomCase(new Rng(seed)));
    }

    @Test
    void float32ManyChunks() {
        Rng rng = new Rng(5);
        checkFloat32(Case.random(rng, 11, 4, 23, 19, 5, 5, 5, 1, 2, 1));
        checkFloat32(Case.random(rng, 17, 8, 67, 63, 3, 3, 3, 2, 1, 2));
        checkFloat32(Case.random(rng, 9, 16, 14, 14, 32, 5, 5, 1, 2, 1));
    }

    @Test
    void float32BitIdenticalForAnyThreadCount() {
        int saved = Parallel.threads();
        Rng rng = new Rng(12);
        Case[] cases = {
            to32(Case.random(rng, 37, 1, 28, 28, 16, 5, 5, 1, 2, 1)),
            to32(Case.random(rng, 21, 16, 14, 14, 32, 5, 5, 1, 2, 1)),
            to32(Case.random(rng, 1, 3, 40, 37, 4, 3, 3, 2, 1, 2)),
        };
        try {
            for (Case k : cases) {
                Tensor[][] r = new Tensor[3][];
                for (int t = 1; t <= 3; t++) {
                    Parallel.setThreads(t);
                    Tensor cols = Conv.im2col(k.x, k.w.dim(2), k.w.dim(3), k.s, k.p, k.d);
                    r[t - 1] = new Tensor[] {k.y(), k.gx(), k.gw(), cols,
                        Conv.col2im(cols, k.x.shape(), k.w.dim(2), k.w.dim(3), k.s, k.p, k.d)};
                }
                for (int i = 0; i < r[0].length; i++) {
                    assertArrayEquals(r[0][i].floatData(), r[1][i].floatData(), k::toString);
                    assertArrayEquals(r[0][i].floatData(), r[2][i].floatData(), k::toString);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void float32MaxPoolIsExact() {
        Rng rng = new Rng(13);
        for (int[] sh : new int[][] {{2, 3, 8, 8}, {1, 1, 7, 5}, {3, 2, 6, 9}}) {
            Tensor x = Gen.tensor(rng, sh).to(DType.FLOAT32);
            for (int[] ks : new int[][] {{2, 2}, {3, 1}, {3, 2}}) {
                Conv.Pool p32 = Conv.maxPool2d(x, ks[0], ks[1]);
                Conv.Pool p64 = Conv.maxPool2d(x.to(DType.FLOAT64), ks[0], ks[1]);
                assertEquals(p64.out().to(DType.FLOAT32), p32.out());
                assertArrayEquals(p64.argmax(), p32.argmax());
            }
        }
    }

    @Test
    void float32MixedDtypesThrow() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 3, 8, 8);
        Tensor w = Tensor.zeros(4, 3, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, w, 1, 0, 1));
        assertTrue(e.getMessage().startsWith("conv2d: dtypes float32 and float64 differ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2dInputGrad(Tensor.zeros(2, 4, 6, 6), w.to(DType.FLOAT32), x.shape(), 1, 0, 1));
        assertTrue(e.getMessage().startsWith("conv2dInputGrad: dtypes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2dWeightGrad(x, Tensor.zeros(2, 4, 6, 6), w.shape(), 1, 0, 1));
        assertTrue(e.getMessage().startsWith("conv2dWeightGrad: dtypes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv.addChannelBias(x, Tensor.zeros(3)));
        assertTrue(e.getMessage().startsWith("addChannelBias: dtypes"), e.getMessage());
    }
}
