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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomAffineTest {
    /** Values 1, 2, 3, ... so that no pixel is 0. */
    private static double[] counting(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i + 1;
        }
        return d;
    }

    private static double[] transform(double[] img, int c, int h, int w, double angle, double tx, double ty,
                                      double scale, double shear) {
        double[] out = new double[img.length];
        RandomAffine.transform(img, 0, out, 0, c, h, w, angle, tx, ty, scale, shear);
        return out;
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void rotationBy90DegreesPermutesA3x3ImageExactly() {
        double[] img = counting(9); // rows 1 2 3 / 4 5 6 / 7 8 9
        // out[i][j] = in[2 − j][i]: clockwise on screen
        assertArrayEquals(new double[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, transform(img, 1, 3, 3, 90, 0, 0, 1, 0));
        assertArrayEquals(new double[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, transform(img, 1, 3, 3, -90, 0, 0, 1, 0));
        assertArrayEquals(new double[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, transform(img, 1, 3, 3, 180, 0, 0, 1, 0));
    }

    @Test
    void translationByOnePixelShiftsAndFillsZero() {
        double[] img = counting(2 * 2 * 3); // 2 channels of 2×3
        assertArrayEquals(new double[] {0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 10, 11}, transform(img, 2, 2, 3, 0, 1, 0, 1, 0));
        assertArrayEquals(new double[] {0, 0, 0, 1, 2, 3, 0, 0, 0, 7, 8, 9}, transform(img, 2, 2, 3, 0, 0, 1, 1, 0));
        assertArrayEquals(new double[] {2, 3, 0, 5, 6, 0, 8, 9, 0, 11, 12, 0}, transform(img, 2, 2, 3, 0, -1, 0, 1, 0));
    }

    @Test
    void bilinearHalfwaySamplesAreMeansOfNeighboursAndOutsideIsZero() {
        double[] img = {1, 2, 4, 8}; // 2×2
        assertEquals(1.5, RandomAffine.bilinear(img, 0, 2, 2, 0.5, 0));
        assertEquals(2.5, RandomAffine.bilinear(img, 0, 2, 2, 0, 0.5));
        assertEquals(3.75, RandomAffine.bilinear(img, 0, 2, 2, 0.5, 0.5));
        assertEquals(8.0, RandomAffine.bilinear(img, 0, 2, 2, 1, 1));
        assertEquals(0.5, RandomAffine.bilinear(img, 0, 2, 2, -0.5, 0)); // half of pixel (0, 0), half padding
        assertEquals(0.0, RandomAffine.bilinear(img, 0, 2, 2, 2, 0));
        assertEquals(0.0, RandomAffine.bilinear(img, 0, 2, 2, -7.5, 30));
        assertEquals(0.0, RandomAffine.bilinear(img, 0, 2, 2, Double.NaN, 0));
        // a shift by half a pixel averages horizontal neighbours
        assertArrayEquals(new double[] {0.5, 1.5, 2, 6}, transform(img, 1, 2, 2, 0, 0.5, 0, 1, 0));
    }

    /** The general case against the matrix written out: A = s·R(θ)·[[1, −tan φ], [0, 1]], q = A⁻¹(p − c − t) + c. */
    @Test
    void generalTransformMatchesTheDocumentedMatrix() {
        int h = 4;
        int w = 5;
        double[] img = counting(h * w);
        double angle = 30;
        double shear = 10;
        double s = 1.2;
        double tx = 0.3;
        double ty = -0.7;
        double t = Math.toRadians(angle);
        double k = Math.tan(Math.toRadians(shear));
        // A = s·[[cos, −sin], [sin, cos]]·[[1, −k], [0, 1]]
        double a00 = s * Math.cos(t);
        double a01 = s * (-Math.cos(t) * k - Math.sin(t));
        double a10 = s * Math.sin(t);
        double a11 = s * (-Math.sin(t) * k + Math.cos(t));
        double det = a00 * a11 - a01 * a10;
        double[] out = transform(img, 1, h, w, angle, tx, ty, s, shear);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                double px = col - 2 - tx;
                double py = row - 1.5 - ty;
                double qx = (a11 * px - a01 * py) / det + 2;
                double qy = (-a10 * px + a00 * py) / det + 1.5;
                int x0 = (int) Math.floor(qx);
                int y0 = (int) Math.floor(qy);
                double fx = qx - x0;
                double fy = qy - y0;
                double expected = (1 - fx) * (1 - fy) * pixel(img, h, w, y0, x0) + fx * (1 - fy) * pixel(img, h, w, y0, x0 + 1)
                        + (1 - fx) * fy * pixel(img, h, w, y0 + 1, x0) + fx * fy * pixel(img, h, w, y0 + 1, x0 + 1);
                assertEquals(expected, out[row * w + col], 1e-12, "pixel " + row + ", " + col);
            }
        }
    }

    private static double pixel(double[] img, int h, int w, int row, int col) {
        return row < 0 || row >= h || col < 0 || col >= w ? 0 : img[row * w + col];
    }

    @Test
    void applyFollowsTheDocumentedDrawOrder() {
        int c = 2;
        int h = 3;
        int w = 4;
        Tensor x = Tensor.wrap(counting(3 * c * h * w), 3, c, h, w);
        double[] deg = {20, 0, 5};
        double[] tr = {0.2, 0.1, 0};
        double[] sc = {0.3, 0, 0};
        double[] sh = {15, 0, 0};
        Rng rng = new Rng(9);
        Rng replay = Rng.fromState(rng.state());
        Tensor y = RandomAffine.apply(x, deg, tr, sc, sh, rng);
        int size = c * h * w;
        for (int b = 0; b < 3; b++) {
            double angle = deg[b] > 0 ? replay.uniform(-deg[b], deg[b]) : 0;
            double tx = tr[b] > 0 ? replay.uniform(-tr[b] * w, tr[b] * w) : 0;
            double ty = tr[b] > 0 ? replay.uniform(-tr[b] * h, tr[b] * h) : 0;
            double s = sc[b] > 0 ? replay.uniform(1 - sc[b], 1 + sc[b]) : 1;
            double shear = sh[b] > 0 ? replay.uniform(-sh[b], sh[b]) : 0;
            double[] img = Arrays.copyOfRange(x.data(), b * size, (b + 1) * size);
            assertArrayEquals(transform(img, c, h, w, angle, tx, ty, s, shear),
                    Arrays.copyOfRange(y.data(), b * size, (b + 1) * size), "example " + b);
        }
        assertEquals(replay.state(), rng.state());
    }

    @Test
    void zeroStrengthsAreTheIdentityBitForBitAndDrawNothing() {
        for (DType dt : DType.values()) {
            double[] d = counting(2 * 3 * 3 * 2);
            d[0] = -0.0;
            d[1] = Double.NaN;
            Tensor x = Tensor.wrap(d, 2, 3, 3, 2).to(dt);
            Rng rng = new Rng(5);
            double[] z = fill(2, 0);
            Tensor y = RandomAffine.apply(x, z, z, z, z, rng);
            assertEquals(x, y);
            assertNotSame(x, y);
            assertEquals(5, rng.state());
        }
    }

    @Test
    void deterministicFromTheSeedAndInputUnchanged() {
        Tensor x = Tensor.wrap(counting(4 * 3 * 5 * 5), 4, 3, 5, 5);
        Tensor copy = x.copy();
        double[] deg = {10, 0, 45, 179};
        double[] tr = {0.1, 0.5, 0, 0.2};
        double[] sc = {0.1, 0.2, 0.9, 0};
        double[] sh = {5, 0, 20, 0};
        Tensor a = RandomAffine.apply(x, deg, tr, sc, sh, new Rng(1));
        assertEquals(a, RandomAffine.apply(x, deg, tr, sc, sh, new Rng(1)));
        assertEquals(copy, x);
        assertNotEquals(a, RandomAffine.apply(x, deg, tr, sc, sh, new Rng(2)));
    }

    @Test
    void float32IsTheFloat64ResultRounded() {
        Tensor x = Tensor.wrap(counting(2 * 3 * 4 * 4), 2, 3, 4, 4).to(DType.FLOAT32);
        double[] s = {0.3, 0.1};
        double[] deg = {30, 12};
        Tensor y = RandomAffine.apply(x, deg, s, s, deg, new Rng(8));
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals(RandomAffine.apply(x.to(DType.FLOAT64), deg, s, s, deg, new Rng(8)).to(DType.FLOAT32), y);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        Tensor x = Tensor.zeros(2, 1, 3, 3);
        double[] z = fill(2, 0);
        Rng rng = new Rng(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomAffine.apply(Tensor.zeros(2, 3, 3), z, z, z, z, rng));
        assertTrue(e.getMessage().contains("RandomAffine") && e.getMessage().contains("[2, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomAffine.apply(x, z, z, fill(1, 0), z, rng));
        assertTrue(e.getMessage().contains("1 scale") && e.getMessage().contains("[2, 1, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomAffine.apply(x, new double[] {0, 180}, z, z, z, rng));
        assertTrue(e.getMessage().contains("degrees") && e.getMessage().contains("180.0")
                && e.getMessage().contains("example 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomAffine.apply(x, z, new double[] {1, 0}, z, z, rng));
        assertTrue(e.getMessage().contains("translate") && e.getMessage().contains("[0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomAffine.apply(x, z, z, new double[] {-0.1, 0}, z, rng));
        assertTrue(e.getMessage().contains("scale") && e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomAffine.apply(x, z, z, z, new double[] {Double.NaN, 0}, rng));
        assertTrue(e.getMessage().contains("shear") && e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(1, rng.state());
    }
}
