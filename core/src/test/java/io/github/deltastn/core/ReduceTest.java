package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.ElementwiseTest.Gen;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ReduceTest {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    private static final double POS_INF = Double.POSITIVE_INFINITY;

    // ------------------------------------------------------------------ sum, mean

    /** Naive sum over the axes flagged in {@code mask} (bit i = axis i), by scanning every element. */
    private static Tensor naiveSum(Tensor x, int mask, boolean keepDims) {
        int[] s = x.shape();
        int[] keepShape = s.clone();
        for (int i = 0; i < s.length; i++) {
            if ((mask >> i & 1) != 0) {
                keepShape[i] = 1;
            }
        }
        double[] out = new double[Shape.size(keepShape)];
        for (int f = 0; f < x.size(); f++) {
            int[] idx = Gen.unravel(f, s);
            for (int i = 0; i < s.length; i++) {
                if ((mask >> i & 1) != 0) {
                    idx[i] = 0;
                }
            }
            out[Gen.ravel(idx, keepShape)] += x.data()[f];
        }
        if (keepDims) {
            return Tensor.wrap(out, keepShape);
        }
        return Tensor.wrap(out, dropped(s, mask));
    }

    private static int[] dropped(int[] s, int mask) {
        return java.util.stream.IntStream.range(0, s.length).filter(i -> (mask >> i & 1) == 0).map(i -> s[i]).toArray();
    }

    private static int[] axesOf(int mask, int rank, Rng rng) {
        int[] axes = java.util.stream.IntStream.range(0, rank).filter(i -> (mask >> i & 1) != 0).toArray();
        for (int i = axes.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = axes[i];
            axes[i] = axes[j];
            axes[j] = t;
        }
        for (int i = 0; i < axes.length; i++) {
            if (rng.nextInt(2) == 0) {
                axes[i] -= rank;
            }
        }
        return axes;
    }

    @Property(tries = 60)
    void sumAndMeanOverEveryAxisSubset(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(rng, 4, 5, true);
        Tensor xd = Gen.tensor(rng, shape).to(dtype);
        Tensor x = xd.to(DType.FLOAT64);
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        int r = shape.length;
        for (int mask = 0; mask < 1 << r; mask++) {
            // an empty axes list means "all axes"
            int effective = mask == 0 ? (1 << r) - 1 : mask;
            int[] axes = axesOf(mask, r, rng);
            int count = 1;
            for (int i = 0; i < r; i++) {
                count *= (effective >> i & 1) != 0 ? shape[i] : 1;
            }
            for (boolean keep : new boolean[] {false, true}) {
                String what = Arrays.toString(shape) + " axes " + Arrays.toString(axes) + " keep " + keep;
                Tensor expected = naiveSum(x, effective, keep);
                Tensor y = Reduce.sum(xd, keep, axes);
                assertEquals(dtype, y.dtype());
                y = y.to(DType.FLOAT64);
                assertArrayEquals(expected.shape(), y.shape(), what);
                Gen.assertClose(expected.data(), y.data(), tol, tol, what);
                if (count > 0 || y.size() == 0) {
                    Tensor m = Reduce.mean(xd, keep, axes).to(DType.FLOAT64);
                    assertArrayEquals(expected.shape(), m.shape(), what);
                    double[] em = expected.data().clone();
                    for (int i = 0; i < em.length; i++) {
                        em[i] /= count;
                    }
                    Gen.assertClose(em, m.data(), tol, tol, "mean " + what);
                }
            }
        }
    }

    @Test
    void sumSpecialCases() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(21.0, Reduce.sum(x, false).item());
        assertArrayEquals(new int[0], Reduce.sum(x, false).shape());
        assertArrayEquals(new int[] {1, 1}, Reduce.sum(x, true).shape());
        assertArrayEquals(new double[] {5, 7, 9}, Reduce.sum(x, false, 0).data());
        assertArrayEquals(new double[] {6, 15}, Reduce.sum(x, true, -1).data());
        assertEquals(3.5, Reduce.mean(x, false).item());
        assertEquals(0.0, Reduce.sum(Tensor.zeros(0, 4), false).item());
        assertEquals(7.0, Reduce.sum(Tensor.scalar(7), false).item());
        assertArrayEquals(new double[] {0, 0, 0, 0}, Reduce.sum(Tensor.zeros(0, 4), false, 0).data());
    }

    @Test
    void sumErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reduce.sum(Tensor.zeros(2, 3), false, 1, -1));
        assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("repeated")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduce.sum(Tensor.zeros(2, 3), false, 2));
        assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("axis 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduce.mean(Tensor.zeros(0, 3), false, 0));
        assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("[0, 3]"), e.getMessage());
    }

    @Test
    void meanCountIsTheNumberOfAveragedElements() {
        assertEquals(24, Reduce.meanCount(new int[] {2, 3, 4}));
        assertEquals(8, Reduce.meanCount(new int[] {2, 3, 4}, 0, -1));
        assertEquals(1, Reduce.meanCount(new int[0]));
        // an empty result has nothing to average
        assertEquals(0, Reduce.meanCount(new int[] {0, 0}, 0));
        assertEquals(3, Reduce.meanCount(new int[] {0, 3}, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reduce.meanCount(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("[0, 3]")
                && e.getMessage().contains("all axes") && e.getMessage().contains("zero elements"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduce.mean(Tensor.zeros(0, 3), true));
        assertTrue(e.getMessage().contains("zero elements"), e.getMessage());
    }

    @Property(tries = 40)
    void arraySumAndDotMatchNaive(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int n = rng.nextInt(40);
        int off = rng.nextInt(3);
        double[] a = new double[n + off + 2];
        double[] b = new double[n + 5];
        rng.fillUniform(a, -1, 1);
        rng.fillUniform(b, -1, 1);
        double s = 0;
        double d = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
            d += a[off + i] * b[5 + i];
        }
        assertEquals(s, Reduce.sum(a, off, n), 1e-13);
        assertEquals(d, Reduce.dot(a, off, b, 5, n), 1e-13);
        assertThrows(IllegalArgumentException.class, () -> Reduce.sum(a, off + 1, a.length));
    }

    // ------------------------------------------------------------------ max, argmax

    @Property(tries = 60)
    void maxAndArgmaxWithTiesMatchNaive(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(rng, 4, 4, false);
        if (shape.length == 0) {
            shape = new int[] {3};
        }
        double[] d = new double[Shape.size(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(3) - 1; // many ties
        }
        Tensor x = Tensor.wrap(d, shape).to(dtype); // small integers: exact in float32
        for (int axis = 0; axis < shape.length; axis++) {
            int[] outKeep = shape.clone();
            outKeep[axis] = 1;
            double[] eMax = new double[Shape.size(outKeep)];
            int[] eArg = new int[eMax.length];
            Arrays.fill(eMax, NEG_INF);
            Arrays.fill(eArg, -1);
            for (int f = 0; f < d.length; f++) {
                int[] idx = Gen.unravel(f, shape);
                idx[axis] = 0;
                int o = Gen.ravel(idx, outKeep);
                if (eArg[o] < 0 || d[f] > eMax[o]) {
                    eMax[o] = d[f];
                    eArg[o] = f;
                }
            }
            int ax = rng.nextInt(2) == 0 ? axis : axis - shape.length;
            Tensor m = Reduce.max(x, ax, true);
            assertArrayEquals(outKeep, m.shape());
            assertEquals(dtype, m.dtype());
            assertArrayEquals(eMax, m.to(DType.FLOAT64).data());
            assertArrayEquals(dropped(shape, 1 << axis), Reduce.max(x, ax, false).shape());
            int[] arg = Reduce.argmax(x, ax);
            assertArrayEquals(eArg, arg, "argmax axis " + axis + " of " + Arrays.toString(shape));
            assertEquals(m.reshape(-1), Reduce.gather(x, arg, arg.length));
        }
    }

    @Test
    void maxNaNAndErrors() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, 2, 5, Double.NaN}, 2, 3);
        double[] m = Reduce.max(x, 1, false).data();
        assertTrue(Double.isNaN(m[0]) && Double.isNaN(m[1]));
        assertArrayEquals(new int[] {1, 5}, Reduce.argmax(x, 1));
        assertArrayEquals(new int[] {3, 1, 5}, Reduce.argmax(x, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reduce.max(Tensor.zeros(2, 0), 1, false));
        assertTrue(e.getMessage().contains("max") && e.getMessage().contains("[2, 0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduce.argmax(Tensor.zeros(2, 3), 2));
        assertTrue(e.getMessage().contains("argmax") && e.getMessage().contains("axis 2"), e.getMessage());
    }

    // ------------------------------------------------------------------ logsumexp, softmax

    @Property(tries = 60)
    void logsumexpAndSoftmaxMatchNaive(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(rng, 4, 4, true);
        if (shape.length == 0) {
            shape = new int[] {2};
        }
        Tensor xd = Tensor.uniform(rng, dtype, -20, 20, shape);
        Tensor x = xd.to(DType.FLOAT64);
        boolean f32 = dtype == DType.FLOAT32;
        double rtol = f32 ? 2e-6 : 1e-12;
        for (int axis = 0; axis < shape.length; axis++) {
            int[] keep = shape.clone();
            keep[axis] = 1;
            double[] sumExp = new double[Shape.size(keep)];
            for (int f = 0; f < x.size(); f++) {
                int[] idx = Gen.unravel(f, shape);
                idx[axis] = 0;
                sumExp[Gen.ravel(idx, keep)] += Math.exp(x.data()[f]);
            }
            double[] lse = new double[sumExp.length];
            for (int i = 0; i < lse.length; i++) {
                lse[i] = Math.log(sumExp[i]);
            }
            Tensor y = Reduce.logsumexp(xd, axis, true).to(DType.FLOAT64);
            assertArrayEquals(keep, y.shape());
            Gen.assertClose(lse, y.data(), rtol, f32 ? 1e-5 : 1e-12, "logsumexp axis " + axis);
            assertArrayEquals(dropped(shape, 1 << axis), Reduce.logsumexp(xd, axis - shape.length, false).shape());
            double[] ls = new double[x.size()];
            double[] sm = new double[x.size()];
            for (int f = 0; f < x.size(); f++) {
                int[] idx = Gen.unravel(f, shape);
                idx[axis] = 0;
                int o = Gen.ravel(idx, keep);
                ls[f] = x.data()[f] - lse[o];
                sm[f] = Math.exp(x.data()[f]) / sumExp[o];
            }
            Tensor logSm = Reduce.logSoftmax(xd, axis).to(DType.FLOAT64);
            assertArrayEquals(shape, logSm.shape());
            Gen.assertClose(ls, logSm.data(), rtol, f32 ? 1e-4 : 1e-12, "logSoftmax axis " + axis);
            Gen.assertClose(sm, Reduce.softmax(xd, -shape.length + axis).to(DType.FLOAT64).data(), f32 ? 1e-5 : 1e-12,
                    f32 ? 1e-12 : 1e-15, "softmax axis " + axis);
        }
    }

    @Test
    void logsumexpStableAndInfinities() {
        Tensor x = Tensor.of(new double[] {
            1000, 1000, NEG_INF,
            NEG_INF, NEG_INF, NEG_INF,
            -1000, NEG_INF, -1001,
            1e300, -1e300, 0,
            POS_INF, 1, NEG_INF,
        }, 5, 3);
        double[] y = Reduce.logsumexp(x, 1, false).data();
        assertEquals(1000 + Math.log(2), y[0], 1e-12);
        assertEquals(NEG_INF, y[1]);
        assertEquals(-1000 + Math.log1p(Math.exp(-1)), y[2], 1e-12);
        assertEquals(1e300, y[3]);
        assertEquals(POS_INF, y[4]);
        double[] ls = Reduce.logSoftmax(x, 1).data();
        assertEquals(-Math.log(2), ls[0], 1e-15);
        assertEquals(NEG_INF, ls[2]);
        assertEquals(-Math.log1p(Math.exp(-1)), ls[6], 1e-15);
        assertEquals(NEG_INF, ls[7]);
        assertEquals(0.0, ls[9]);
        double[] sm = Reduce.softmax(x, 1).data();
        assertArrayEquals(new double[] {0.5, 0.5, 0}, Arrays.copyOfRange(sm, 0, 3), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0}, Arrays.copyOfRange(sm, 9, 12), 0);
        for (int row : new int[] {0, 2, 3}) {
            for (int j = 0; j < 3; j++) {
                assertTrue(Double.isFinite(sm[row * 3 + j]) && !Double.isNaN(ls[row * 3 + j]));
            }
        }
        // along a non-last axis too: all -inf column
        Tensor c = Tensor.of(new double[] {NEG_INF, 2, NEG_INF, 3}, 2, 2);
        assertArrayEquals(new double[] {NEG_INF, 3 + Math.log1p(Math.exp(-1))}, Reduce.logsumexp(c, 0, false).data(), 1e-12);
        // an empty axis: log of an empty sum
        assertArrayEquals(new double[] {NEG_INF, NEG_INF}, Reduce.logsumexp(Tensor.zeros(2, 0), 1, false).data());
        assertArrayEquals(new int[] {2, 0}, Reduce.softmax(Tensor.zeros(2, 0), 1).shape());
    }

    // ------------------------------------------------------------------ gather, scatterAdd

    @Property(tries = 60)
    void gatherAndScatterAddAreAdjoint(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] xs = Gen.shape(rng, 3, 4, false);
        int[] ys = Gen.shape(rng, 3, 4, true);
        Tensor xd = Gen.tensor(rng, xs).to(dtype);
        Tensor yd = Gen.tensor(rng, ys).to(dtype);
        Tensor x = xd.to(DType.FLOAT64);
        Tensor y = yd.to(DType.FLOAT64);
        int[] index = new int[y.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = rng.nextInt(x.size());
        }
        Tensor g = Reduce.gather(xd, index, ys).to(DType.FLOAT64);
        assertArrayEquals(ys, g.shape());
        for (int i = 0; i < index.length; i++) {
            assertEquals(x.data()[index[i]], g.data()[i]);
        }
        Tensor s = Reduce.scatterAdd(yd, index, xs).to(DType.FLOAT64);
        assertArrayEquals(xs, s.shape());
        double[] naive = new double[x.size()];
        for (int i = 0; i < index.length; i++) {
            naive[index[i]] += y.data()[i];
        }
        if (dtype == DType.FLOAT32) {
            Gen.assertClose(naive, s.data(), 1e-5, 1e-5, "scatterAdd float32");
        } else {
            assertArrayEquals(naive, s.data());
        }
        double lhs = Gen.inner(g, y);
        double rhs = Gen.inner(x, s);
        assertEquals(lhs, rhs, (dtype == DType.FLOAT32 ? 1e-5 : 1e-10) * (1 + Math.abs(lhs)));
    }

    @Test
    void gatherErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reduce.gather(Tensor.zeros(2, 2), new int[] {0, 4}, 2));
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("4")
                && e.getMessage().contains("[2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduce.gather(Tensor.zeros(2, 2), new int[] {0}, 2));
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduce.scatterAdd(Tensor.zeros(3), new int[] {0, 1}, 2));
        assertTrue(e.getMessage().contains("scatterAdd") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
