package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.ElementwiseTest.Gen;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ConvTest {

    /** Random convolution geometry that fits; {@code p = {N, C, H, W, kh, kw, stride, pad, dilation}}. */
    private static int[] geometry(Rng rng) {
        while (true) {
            int[] p = {rng.nextInt(3), 1 + rng.nextInt(3), rng.nextInt(8), 1 + rng.nextInt(7),
                1 + rng.nextInt(3), 1 + rng.nextInt(3), 1 + rng.nextInt(3), rng.nextInt(3), 1 + rng.nextInt(3)};
            if (fits(p[2], p[4], p[7], p[8]) && fits(p[3], p[5], p[7], p[8])) {
                return p;
            }
        }
    }

    private static boolean fits(int in, int k, int pad, int dil) {
        return in + 2 * pad >= dil * (k - 1) + 1;
    }

    /** Output length by counting admissible window starts. */
    private static int countOut(int in, int k, int s, int p, int d) {
        int count = 0;
        for (int start = -p; start + d * (k - 1) <= in - 1 + p; start += s) {
            count++;
        }
        return count;
    }

    private static Tensor naiveIm2col(Tensor x, int kh, int kw, int s, int p, int d) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = countOut(h, kh, s, p, d);
        int ow = countOut(w, kw, s, p, d);
        Tensor cols = Tensor.zeros(n, c * kh * kw, oh * ow);
        double[] out = cols.data();
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        for (int y = 0; y < oh; y++) {
                            for (int z = 0; z < ow; z++) {
                                int ih = y * s - p + i * d;
                                int iw = z * s - p + j * d;
                                double v = ih >= 0 && ih < h && iw >= 0 && iw < w ? x.get(b, ch, ih, iw) : 0.0;
                                out[((b * c * kh * kw) + (ch * kh + i) * kw + j) * oh * ow + y * ow + z] = v;
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    @Property(tries = 80)
    void im2colMatchesNaiveAndIsAdjointOfCol2im(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] g = geometry(rng);
        int[] xs = {g[0], g[1], g[2], g[3]};
        int kh = g[4], kw = g[5], s = g[6], p = g[7], d = g[8];
        assertEquals(countOut(g[2], kh, s, p, d), Conv.outSize(g[2], kh, s, p, d));
        assertEquals(countOut(g[3], kw, s, p, d), Conv.outSize(g[3], kw, s, p, d));
        Tensor x = Gen.tensor(rng, xs);
        Tensor cols = Conv.im2col(x, kh, kw, s, p, d);
        Tensor expected = naiveIm2col(x, kh, kw, s, p, d);
        assertArrayEquals(expected.shape(), cols.shape());
        assertArrayEquals(expected.data(), cols.data());

        Tensor c = Gen.tensor(rng, cols.shape());
        Tensor back = Conv.col2im(c, xs, kh, kw, s, p, d);
        assertArrayEquals(xs, back.shape());
        double lhs = Gen.inner(cols, c);
        double rhs = Gen.inner(x, back);
        assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)));
    }

    @Test
    void col2imSumsOverlaps() {
        // 1x1x3x3 input, 2x2 kernel, stride 1: the centre pixel is covered by all four windows
        Tensor ones = Tensor.ones(1, 4, 4);
        Tensor x = Conv.col2im(ones, new int[] {1, 1, 3, 3}, 2, 2, 1, 0, 1);
        assertArrayEquals(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, x.data());
    }

    @Test
    void outSizeFormulaAndErrors() {
        assertEquals(32, Conv.outSize(32, 3, 1, 1, 1));
        assertEquals(16, Conv.outSize(32, 3, 2, 1, 1));
        assertEquals(28, Conv.outSize(32, 3, 1, 0, 2));
        assertEquals(1, Conv.outSize(5, 5, 3, 0, 1));
        assertEquals(2, Conv.outSize(0, 1, 1, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.outSize(2, 5, 1, 0, 1));
        assertTrue(e.getMessage().contains("outSize") && e.getMessage().contains("< 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv.outSize(5, 3, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Conv.outSize(5, 3, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Conv.outSize(5, 3, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Conv.outSize(5, 0, 1, 0, 1));

        e = assertThrows(IllegalArgumentException.class, () -> Conv.im2col(Tensor.zeros(2, 3, 4), 2, 2, 1, 0, 1));
        assertTrue(e.getMessage().contains("im2col") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv.im2col(Tensor.zeros(1, 1, 2, 9), 3, 3, 1, 0, 1));
        assertTrue(e.getMessage().contains("im2col") && e.getMessage().contains("[1, 1, 2, 9]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv.col2im(Tensor.zeros(1, 9, 5), new int[] {1, 1, 4, 4}, 3, 3, 1, 0, 1));
        assertTrue(e.getMessage().contains("col2im") && e.getMessage().contains("[1, 9, 5]")
                && e.getMessage().contains("[1, 9, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv.maxPool2d(Tensor.zeros(1, 1, 3, 3), 4, 1));
        assertTrue(e.getMessage().contains("maxPool2d") && e.getMessage().contains("[1, 1, 3, 3]"), e.getMessage());
    }

    @Property(tries = 60)
    void maxPoolMatchesNaive(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int k = 1 + rng.nextInt(3);
        int s = 1 + rng.nextInt(3);
        int[] xs = {rng.nextInt(3), 1 + rng.nextInt(3), k + rng.nextInt(5), k + rng.nextInt(5)};
        double[] d = new double[Shape.size(xs)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(4); // ties
        }
        Tensor x = Tensor.wrap(d, xs);
        Conv.Pool pool = Conv.maxPool2d(x, k, s);
        int oh = (xs[2] - k) / s + 1;
        int ow = (xs[3] - k) / s + 1;
        assertArrayEquals(new int[] {xs[0], xs[1], oh, ow}, pool.out().shape());
        int o = 0;
        for (int b = 0; b < xs[0]; b++) {
            for (int c = 0; c < xs[1]; c++) {
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++, o++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int arg = -1;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int f = Gen.ravel(new int[] {b, c, y * s + i, z * s + j}, xs);
                                if (arg < 0 || d[f] > best) {
                                    best = d[f];
                                    arg = f;
                                }
                            }
                        }
                        assertEquals(best, pool.out().data()[o]);
                        assertEquals(arg, pool.argmax()[o]);
                    }
                }
            }
        }
        assertEquals(pool.out(), Reduce.gather(x, pool.argmax(), pool.out().shape()));
    }

    @Test
    void maxPoolNaN() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, Double.NaN}, 1, 1, 2, 2);
        Conv.Pool p = Conv.maxPool2d(x, 2, 2);
        assertTrue(Double.isNaN(p.out().item()));
        assertArrayEquals(new int[] {1}, p.argmax());
    }
}
