package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.ElementwiseTest.Gen;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void factories() {
        assertArrayEquals(new double[6], Tensor.zeros(2, 3).data());
        assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 3).shape());
        assertArrayEquals(new double[] {1, 1}, Tensor.ones(2).data());
        assertArrayEquals(new double[] {7, 7, 7}, Tensor.full(7, 3, 1).data());
        assertArrayEquals(new double[] {0, 1, 2, 3}, Tensor.arange(4).data());
        assertEquals(0, Tensor.arange(0).size());
        Tensor s = Tensor.scalar(3.5);
        assertEquals(0, s.ndim());
        assertEquals(1, s.size());
        assertEquals(3.5, s.item());
        assertEquals(3.5, s.get());
        assertEquals(1, Tensor.zeros().size());

        double[] d = {1, 2, 3, 4, 5, 6};
        Tensor w = Tensor.wrap(d, 2, 3);
        assertSame(d, w.data());
        Tensor o = Tensor.of(d, 3, 2);
        assertFalse(d == o.data());
        assertArrayEquals(new int[] {6}, Tensor.of(d).shape());
        assertEquals(6.0, w.get(1, 2));
        assertEquals(4.0, o.get(1, 1));
        assertEquals(3, w.dim(-1));
        assertEquals(2, w.ndim());
        assertTrue(w.hasShape(2, 3));

        Tensor v = w.with(-1, 0, 1);
        assertEquals(-1.0, v.get(0, 1));
        assertEquals(2.0, w.get(0, 1));
        Tensor c = w.copy();
        assertEquals(w, c);
        assertFalse(w.data() == c.data());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> w.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> w.get(0));
        assertThrows(IllegalArgumentException.class, () -> w.item());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(-1));
    }

    @Test
    void randomFactoriesUseTheGivenRng() {
        Tensor a = Tensor.uniform(new Rng(5), -1, 3, 100);
        assertEquals(a, Tensor.uniform(new Rng(5), -1, 3, 100));
        for (double v : a.data()) {
            assertTrue(v >= -1 && v < 3);
        }
        Tensor n = Tensor.normal(new Rng(5), 2, 0.5, 3, 3);
        assertEquals(n, Tensor.normal(new Rng(5), 2, 0.5, 3, 3));
        assertArrayEquals(new int[] {3, 3}, n.shape());
    }

    @Test
    void reshapeWithInference() {
        Tensor x = Tensor.arange(12);
        assertArrayEquals(new int[] {3, 4}, x.reshape(3, -1).shape());
        assertArrayEquals(new int[] {2, 3, 2}, x.reshape(2, -1, 2).shape());
        assertArrayEquals(new int[] {12}, x.reshape(3, 4).reshape(-1).shape());
        assertArrayEquals(new int[0], Tensor.of(new double[] {4}).reshape().shape());
        assertArrayEquals(new int[] {0}, Tensor.zeros(0, 3).reshape(-1).shape());
        assertSame(x.data(), x.reshape(4, 3).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1));
        assertTrue(e.getMessage().contains("reshape") && e.getMessage().contains("[5, -1]")
                && e.getMessage().contains("[12]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(5, 3));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(-2, -6));
    }

    @Property(tries = 80)
    void permuteMatchesNaive(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int r = rng.nextInt(5);
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) {
            shape[i] = rng.nextInt(5);
        }
        Tensor x = Gen.tensor(rng, shape);
        int[] axes = rng.permutation(r);
        int[] given = axes.clone();
        for (int i = 0; i < r; i++) {
            if (rng.nextInt(2) == 0) {
                given[i] -= r;
            }
        }
        Tensor y = x.permute(given);
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = shape[axes[i]];
        }
        assertArrayEquals(outShape, y.shape(), Arrays.toString(shape) + " " + Arrays.toString(given));
        for (int f = 0; f < y.size(); f++) {
            int[] oi = Gen.unravel(f, outShape);
            int[] xi = new int[r];
            for (int k = 0; k < r; k++) {
                xi[axes[k]] = oi[k];
            }
            assertEquals(x.get(xi), y.data()[f]);
        }
        if (r == 2 && axes[0] == 1) {
            assertEquals(y, x.transpose());
        }
    }

    @Test
    void transposeAndPermuteErrors() {
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Tensor.of(new double[] {1, 4, 2, 5, 3, 6}, 3, 2), m.transpose());
        Tensor big = Gen.tensor(new Rng(1), 70, 45);
        assertEquals(big, big.transpose().transpose());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).transpose());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.permute(0, 0));
        assertTrue(e.getMessage().contains("permute"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.permute(0));
        assertThrows(IllegalArgumentException.class, () -> m.permute(0, 2));
    }

    @Test
    void sliceAndConcat() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor s = x.slice(1, 1, 3);
        assertArrayEquals(new int[] {2, 2, 4}, s.shape());
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(x.get(a, b + 1, c), s.get(a, b, c));
                }
            }
        }
        assertArrayEquals(new int[] {2, 3, 0}, x.slice(-1, 2, 2).shape());
        for (int axis = 0; axis < 3; axis++) {
            int n = x.dim(axis);
            Tensor joined = Tensor.concat(axis, x.slice(axis, 0, 1), x.slice(axis, 1, 1), x.slice(axis, 1, n));
            assertEquals(x, joined);
        }
        assertEquals(x, Tensor.concat(-1, x.slice(2, 0, 3), x.slice(2, 3, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.slice(1, 2, 4));
        assertTrue(e.getMessage().contains("slice") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, Tensor.zeros(1, 2), Tensor.zeros(1, 3)));
        assertTrue(e.getMessage().contains("concat") && e.getMessage().contains("[1, 2]")
                && e.getMessage().contains("[1, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0));
    }

    @Test
    void closenessEqualityAndToString() {
        Tensor a = Tensor.of(new double[] {1, 2, 3});
        Tensor b = Tensor.of(new double[] {1, 2, 3 + 1e-9});
        assertTrue(a.allClose(b, 1e-6, 0));
        assertFalse(a.allClose(b, 1e-12, 1e-12));
        assertFalse(a.allClose(a.reshape(3, 1), 1, 1));
        assertFalse(Tensor.of(new double[] {Double.NaN}).allClose(Tensor.of(new double[] {Double.NaN}), 1, 1));
        Tensor inf = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
        assertTrue(inf.allClose(inf.copy(), 1e-9, 0));
        assertFalse(inf.allClose(Tensor.of(new double[] {Double.NEGATIVE_INFINITY, 1}), 1e-9, 0));
        assertEquals(1e-9, a.maxAbsDiff(b), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> a.maxAbsDiff(Tensor.zeros(2)));

        assertEquals(a, a.copy());
        assertEquals(a.hashCode(), a.copy().hashCode());
        assertNotEquals(a, a.reshape(1, 3));
        assertNotEquals(a, b);

        String str = Tensor.zeros(2, 3).toString();
        assertTrue(str.contains("[2, 3]"), str);
        String longStr = Tensor.arange(20).toString();
        assertTrue(longStr.contains("[20]") && longStr.contains("20 values"), longStr);
        assertTrue(Tensor.scalar(1.5).toString().contains("[]"));
    }

    @Test
    void scalarPermuteIsIdentity() {
        Tensor s = Tensor.scalar(2);
        assertEquals(s, s.permute());
    }
}
