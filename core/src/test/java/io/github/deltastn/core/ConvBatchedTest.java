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
}
