package io.github.deltastn.nn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

class ColorJitterTest {
    /** One 2×2 RGB image, channel-major: R plane, G plane, B plane. */
    private static double[] image() {
        return new double[] {0.2, 0.4, 0.6, 0.8, 0.1, 0.3, 0.5, 0.7, 0.9, 0.0, 0.25, 1.0};
    }

    /** B images in [0, 1] that differ per example. */
    private static Tensor batch(int b, int h, int w) {
        double[] d = new double[b * 3 * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((i * 37) % 101) / 100.0;
        }
        return Tensor.wrap(d, b, 3, h, w);
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static double gray(double[] img, int p) {
        return 0.299 * img[p] + 0.587 * img[4 + p] + 0.114 * img[8 + p];
    }

    private static double clamp(double v) {
        return Math.min(Math.max(v, 0), 1);
    }

    @Test
    void brightnessScalesAndClamps() {
        double[] img = image();
        ColorJitter.brightness(img, 1.5);
        double[] x = image();
        for (int i = 0; i < x.length; i++) {
            assertEquals(clamp(1.5 * x[i]), img[i]);
        }
        assertEquals(1.0, img[3]); // 0.8 · 1.5 clamped
    }

    @Test
    void contrastBlendsWithTheMeanGray() {
        double[] x = image();
        double m = (gray(x, 0) + gray(x, 1) + gray(x, 2) + gray(x, 3)) / 4;
        double[] img = image();
        ColorJitter.contrast(img, 0.5);
        for (int i = 0; i < x.length; i++) {
            assertEquals(clamp(0.5 * x[i] + 0.5 * m), img[i], 1e-15);
        }
        double[] flat = image();
        ColorJitter.contrast(flat, 0.0);
        for (double v : flat) {
            assertEquals(m, v, 1e-15);
        }
    }

    @Test
    void saturationBlendsWithEachPixelsGray() {
        double[] x = image();
        double[] img = image();
        ColorJitter.saturation(img, 2.0);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 4; p++) {
                assertEquals(clamp(2 * x[c * 4 + p] - gray(x, p)), img[c * 4 + p], 1e-15);
            }
        }
        double[] g = image();
        ColorJitter.saturation(g, 0.0);
        for (int p = 0; p < 4; p++) {
            assertEquals(g[p], g[4 + p], 1e-15);
            assertEquals(g[p], g[8 + p], 1e-15);
        }
    }

    @Test
    void hueRotationByAThirdMapsPrimariesAround() {
        // pixels: red, green, blue, grey 0.5
        double[] img = {1, 0, 0, 0.5, 0, 1, 0, 0.5, 0, 0, 1, 0.5};
        ColorJitter.hue(img, 1.0 / 3);
        assertArrayEquals(new double[] {0, 0, 1, 0.5, 1, 0, 0, 0.5, 0, 1, 0, 0.5}, img, 1e-14);
        assertEquals(1.0, img[4]); // red → green exactly (a wrap-around past h = 1 may leave ~1e-15)
        assertEquals(0.0, img[0]);
        double[] back = {1, 0, 0, 0.5, 0, 1, 0, 0.5, 0, 0, 1, 0.5};
        ColorJitter.hue(back, -1.0 / 3);
        assertArrayEquals(new double[] {0, 1, 0, 0.5, 0, 0, 1, 0.5, 1, 0, 0, 0.5}, back, 1e-14);
    }

    @Test
    void hueRotationKeepsValueAndSaturationAndZeroShiftIsTheIdentity() {
        double[] x = image();
        double[] img = image();
        ColorJitter.hue(img, 0.0);
        assertArrayEquals(x, img, 1e-15);
        ColorJitter.hue(img, 0.23);
        for (int p = 0; p < 4; p++) {
            double v0 = Math.max(x[p], Math.max(x[4 + p], x[8 + p]));
            double m0 = Math.min(x[p], Math.min(x[4 + p], x[8 + p]));
            double v1 = Math.max(img[p], Math.max(img[4 + p], img[8 + p]));
            double m1 = Math.min(img[p], Math.min(img[4 + p], img[8 + p]));
            assertEquals(v0, v1, 1e-15);
            assertEquals(m0, m1, 1e-15);
        }
        ColorJitter.hue(img, -0.23);
        assertArrayEquals(x, img, 1e-12);
    }

    /** Replays the documented draws from a copy of the rng and composes the per-op helpers. */
    @Test
    void applyFollowsTheDocumentedDrawOrder() {
        Tensor x = batch(3, 2, 2);
        double[] br = {0.4, 0.0, 0.3};
        double[] co = {0.5, 0.0, 0.0};
        double[] sa = {1.5, 0.2, 0.0};
        double[] hu = {0.1, 0.5, 0.0};
        Rng rng = new Rng(42);
        Rng replay = Rng.fromState(rng.state());
        Tensor y = ColorJitter.apply(x, br, co, sa, hu, rng);
        for (int b = 0; b < 3; b++) {
            double[] img = java.util.Arrays.copyOfRange(x.data(), b * 12, b * 12 + 12);
            double[] f = new double[4];
            int[] op = new int[4];
            int k = 0;
            if (br[b] > 0) {
                f[k] = replay.uniform(Math.max(0, 1 - br[b]), 1 + br[b]);
                op[k++] = 0;
            }
            if (co[b] > 0) {
                f[k] = replay.uniform(Math.max(0, 1 - co[b]), 1 + co[b]);
                op[k++] = 1;
            }
            if (sa[b] > 0) {
                f[k] = replay.uniform(Math.max(0, 1 - sa[b]), 1 + sa[b]);
                op[k++] = 2;
            }
            if (hu[b] > 0) {
                f[k] = replay.uniform(-hu[b], hu[b]);
                op[k++] = 3;
            }
            int[] order = replay.permutation(k);
            for (int i = 0; i < k; i++) {
                double fi = f[order[i]];
                switch (op[order[i]]) {
                    case 0 -> ColorJitter.brightness(img, fi);
                    case 1 -> ColorJitter.contrast(img, fi);
                    case 2 -> ColorJitter.saturation(img, fi);
                    default -> ColorJitter.hue(img, fi);
                }
            }
            assertArrayEquals(img, java.util.Arrays.copyOfRange(y.data(), b * 12, b * 12 + 12));
        }
        assertEquals(replay.state(), rng.state());
        for (double v : y.data()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void zeroStrengthsAreTheIdentityBitForBitAndDrawNothing() {
        for (DType dt : DType.values()) {
            Tensor x = batch(2, 3, 2).to(dt);
            Rng rng = new Rng(7);
            Tensor y = ColorJitter.apply(x, fill(2, 0), fill(2, 0), fill(2, 0), fill(2, 0), rng);
            assertEquals(x, y);
            assertNotSame(x, y);
            assertEquals(7, rng.state());
        }
    }

    @Test
    void deterministicFromTheSeedAndInputUnchanged() {
        Tensor x = batch(4, 3, 3);
        Tensor copy = x.copy();
        double[] s = {0.4, 0.1, 0.0, 0.9};
        double[] h = {0.5, 0.05, 0.2, 0.0};
        Tensor a = ColorJitter.apply(x, s, s, s, h, new Rng(11));
        Tensor b = ColorJitter.apply(x, s, s, s, h, new Rng(11));
        assertEquals(a, b);
        assertEquals(copy, x);
        assertNotEquals(a, ColorJitter.apply(x, s, s, s, h, new Rng(12)));
    }

    @Test
    void float32IsTheFloat64ResultRounded() {
        Tensor x = batch(3, 2, 3).to(DType.FLOAT32);
        double[] s = {0.4, 0.8, 0.3};
        double[] h = {0.1, 0.3, 0.5};
        Tensor y = ColorJitter.apply(x, s, s, s, h, new Rng(3));
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals(ColorJitter.apply(x.to(DType.FLOAT64), s, s, s, h, new Rng(3)).to(DType.FLOAT32), y);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        Tensor x = batch(2, 2, 2);
        double[] z = fill(2, 0);
        Rng rng = new Rng(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColorJitter.apply(Tensor.zeros(2, 1, 2, 2), z, z, z, z, rng));
        assertTrue(e.getMessage().contains("ColorJitter") && e.getMessage().contains("[2, 1, 2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ColorJitter.apply(Tensor.zeros(3, 2, 2), z, z, z, z, rng));
        assertTrue(e.getMessage().contains("[3, 2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ColorJitter.apply(x, fill(3, 0), z, z, z, rng));
        assertTrue(e.getMessage().contains("3 brightness"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ColorJitter.apply(x, z, new double[] {0, -0.1}, z, z, rng));
        assertTrue(e.getMessage().contains("contrast") && e.getMessage().contains("-0.1")
                && e.getMessage().contains("example 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ColorJitter.apply(x, z, z, new double[] {Double.POSITIVE_INFINITY, 0}, z, rng));
        assertTrue(e.getMessage().contains("saturation") && e.getMessage().contains("Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ColorJitter.apply(x, z, z, z, new double[] {0.6, 0}, rng));
        assertTrue(e.getMessage().contains("hue") && e.getMessage().contains("0.6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ColorJitter.apply(x, new double[] {Double.NaN, 0}, z, z, z, rng));
        assertEquals(1, rng.state());
    }
}
