package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Elementwise.Binary;
import io.github.deltastn.core.Elementwise.Unary;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    /** Random data and naive multi-index helpers shared by the core kernel tests. */
    static final class Gen {
        private Gen() {}

        /** A random shape of rank 0..maxRank with dims in 0..maxDim, biased towards 1. */
        static int[] shape(Rng rng, int maxRank, int maxDim, boolean allowZero) {
            int[] s = new int[rng.nextInt(maxRank + 1)];
            for (int i = 0; i < s.length; i++) {
                int r = rng.nextInt(4);
                s[i] = r == 0 ? 1 : (allowZero ? rng.nextInt(maxDim + 1) : 1 + rng.nextInt(maxDim));
            }
            return s;
        }

        static Tensor tensor(Rng rng, int... shape) {
            return Tensor.uniform(rng, -2, 2, shape);
        }

        /** Row-major multi-index of flat position {@code flat}. */
        static int[] unravel(int flat, int[] shape) {
            int[] idx = new int[shape.length];
            for (int i = shape.length - 1; i >= 0; i--) {
                idx[i] = flat % shape[i];
                flat /= shape[i];
            }
            return idx;
        }

        static int ravel(int[] idx, int[] shape) {
            int f = 0;
            for (int i = 0; i < shape.length; i++) {
                f = f * shape[i] + idx[i];
            }
            return f;
        }

        /** Flat index into {@code from} of output multi-index {@code outIdx} under NumPy broadcasting. */
        static int broadcastSource(int[] outIdx, int[] from) {
            int lead = outIdx.length - from.length;
            int f = 0;
            for (int i = 0; i < from.length; i++) {
                f = f * from[i] + (from[i] == 1 ? 0 : outIdx[lead + i]);
            }
            return f;
        }

        /** A shape that broadcasts to {@code to}: a random suffix of it with some dims replaced by 1. */
        static int[] broadcastableTo(Rng rng, int[] to) {
            int[] s = Arrays.copyOfRange(to, rng.nextInt(to.length + 1), to.length);
            for (int i = 0; i < s.length; i++) {
                if (rng.nextInt(3) == 0) {
                    s[i] = 1;
                }
            }
            return s;
        }

        static double inner(Tensor a, Tensor b) {
            double s = 0;
            for (int i = 0; i < a.size(); i++) {
                s += a.data()[i] * b.data()[i];
            }
            return s;
        }

        /** |a − e| ≤ atol + rtol·|e| per element; NaN matches NaN and equal infinities match. */
        static void assertClose(double[] expected, double[] actual, double rtol, double atol, String msg) {
            assertEquals(expected.length, actual.length, msg + ": length");
            for (int i = 0; i < expected.length; i++) {
                double e = expected[i];
                double a = actual[i];
                boolean ok = (Double.isNaN(e) && Double.isNaN(a)) || e == a || Math.abs(a - e) <= atol + rtol * Math.abs(e);
                assertTrue(ok, msg + ": at " + i + " expected " + e + " got " + a);
            }
        }
    }

    // ------------------------------------------------------------------ unary

    private static double naive(Unary op, double x) {
        switch (op) {
            case NEG: return -x;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case LOG1P: return Math.log1p(x);
            case EXPM1: return Math.expm1(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: return 1.0 / (1.0 + Math.exp(-x));
            case SOFTPLUS: return x > 0 ? x + Math.log(1 + Math.exp(-x)) : Math.log(1 + Math.exp(x));
            case RELU: return x > 0 ? x : 0.0;
            case RELU_MASK: return x > 0 ? 1.0 : 0.0;
            case SQUARE: return x * x;
            case SQRT: return Math.sqrt(x);
            case ABS: return x < 0 ? -x : x;
            case RECIPROCAL: return 1.0 / x;
            default: throw new AssertionError(op);
        }
    }

    /** Whether the op is defined (finite math) on x. */
    private static boolean inDomain(Unary op, double x) {
        switch (op) {
            case LOG: case SQRT: return x > 0;
            case LOG1P: return x > -1;
            case RECIPROCAL: return x != 0;
            default: return true;
        }
    }

    @Property(tries = 40)
    void unaryMatchesNaive(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(rng, 3, 5, true);
        Tensor x = Tensor.uniform(rng, -30, 30, shape);
        for (Unary op : Unary.values()) {
            Tensor in = op == Unary.LOG || op == Unary.SQRT || op == Unary.LOG1P ? Elementwise.abs(x) : x;
            Tensor y = Elementwise.unary(op, in);
            assertArrayEquals(shape, y.shape());
            double[] expected = new double[in.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = naive(op, in.data()[i]);
            }
            Gen.assertClose(expected, y.data(), 1e-12, 1e-14, op.name());
        }
    }

    @Test
    void unaryStableAtExtremes() {
        double[] xs = {0.0, -0.0, 1e-300, -1e-300, 1, -1, 36, -36, 700, -700, 710, -710, 745, -745, 800, -800,
            1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE};
        double[] out = new double[xs.length];
        for (Unary op : Unary.values()) {
            Elementwise.unary(op, xs, 0, out, 0, xs.length);
            for (int i = 0; i < xs.length; i++) {
                if (inDomain(op, xs[i])) {
                    assertFalse(Double.isNaN(out[i]), op + "(" + xs[i] + ") is NaN");
                }
            }
        }
        Elementwise.unary(Unary.SIGMOID, xs, 0, out, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertTrue(out[i] >= 0 && out[i] <= 1, "sigmoid(" + xs[i] + ") = " + out[i]);
        }
        assertEquals(1.0, sig(800));
        assertEquals(0.0, sig(-800));
        assertEquals(Math.exp(-700) / (1 + Math.exp(-700)), sig(-700), 1e-310);
        assertEquals(0.5, sig(0));

        Elementwise.unary(Unary.SOFTPLUS, xs, 0, out, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertTrue(Double.isFinite(out[i]) && out[i] >= 0, "softplus(" + xs[i] + ") = " + out[i]);
        }
        assertEquals(1e300, softplus(1e300));
        assertEquals(800.0, softplus(800));
        assertEquals(0.0, softplus(-1e300));
        assertEquals(Math.exp(-700), softplus(-700), 1e-315);
        assertEquals(Math.log(2), softplus(0), 1e-16);

        Elementwise.unary(Unary.TANH, xs, 0, out, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertTrue(Math.abs(out[i]) <= 1, "tanh(" + xs[i] + ") = " + out[i]);
        }
    }

    private static double sig(double x) {
        return Elementwise.sigmoid(Tensor.scalar(x)).item();
    }

    private static double softplus(double x) {
        return Elementwise.softplus(Tensor.scalar(x)).item();
    }

    @Test
    void reluAndMaskAtZeroAndNaN() {
        double[] xs = {-2, -0.0, 0.0, 1e-320, 3, Double.NaN};
        double[] relu = Elementwise.relu(Tensor.of(xs)).data();
        double[] mask = Elementwise.reluMask(Tensor.of(xs)).data();
        Gen.assertClose(new double[] {0, 0, 0, 1e-320, 3, Double.NaN}, relu, 0, 0, "relu");
        Gen.assertClose(new double[] {0, 0, 0, 1, 1, Double.NaN}, mask, 0, 0, "reluMask");
        assertEquals(0L, Double.doubleToRawLongBits(mask[1]), "mask of -0 is +0");
    }

    // ------------------------------------------------------------------ array level: offsets and aliasing

    @Test
    void arrayLevelOffsetsAndInPlace() {
        double[] a = {9, 1, 2, 3, 9};
        double[] b = {4, 5, 6};
        double[] out = new double[6];
        Elementwise.binary(Binary.SUB, a, 1, b, 0, out, 2, 3);
        assertArrayEquals(new double[] {0, 0, -3, -3, -3, 0}, out);
        Elementwise.binary(Binary.MUL, a, 1, a, 1, a, 1, 3);
        assertArrayEquals(new double[] {9, 1, 4, 9, 9}, a);
        Elementwise.unary(Unary.NEG, a, 0, a, 0, 5);
        assertArrayEquals(new double[] {-9, -1, -4, -9, -9}, a);
        Elementwise.binaryScalar(Binary.DIV, b, 0, 2, b, 0, 3);
        assertArrayEquals(new double[] {2, 2.5, 3}, b);
        Elementwise.scalarBinary(Binary.DIV, 3, b, 0, b, 0, 3);
        assertArrayEquals(new double[] {1.5, 1.2, 1}, b);
        Elementwise.unary(Unary.EXP, a, 0, out, 0, 0);
    }

    /** Every offset/aliasing pattern the kernels distinguish (aligned, copy-then-in-place, shifted). */
    @Property(tries = 200)
    void arrayLevelMatchesNaiveForAnyOffsetsAndAliasing(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int n = rng.nextInt(40);
        int len = 3 * n + 5;
        double[] p = new double[len];
        double[] q = new double[len];
        double[] r = new double[len];
        rng.fillUniform(p, 0.1, 3);
        rng.fillUniform(q, -3, 3);
        rng.fillUniform(r, -3, 3);
        double[][] arrays = {p, q, r};
        // out is one of the arrays; each input is out itself at the same offset, or a disjoint range
        double[] out = arrays[rng.nextInt(3)];
        int outOff = rng.nextInt(n + 1);
        int[] offs = new int[2];
        double[][] ins = new double[2][];
        for (int k = 0; k < 2; k++) {
            int kind = rng.nextInt(3);
            if (kind == 0) {
                ins[k] = out;
                offs[k] = outOff;
            } else {
                ins[k] = arrays[rng.nextInt(3)];
                offs[k] = ins[k] == out ? (outOff + n + rng.nextInt(n + 2)) % (len - n + 1) : rng.nextInt(len - n + 1);
                if (ins[k] == out && offs[k] != outOff && Math.abs(offs[k] - outOff) < n) {
                    offs[k] = outOff;
                }
            }
        }
        double[] a = ins[0];
        double[] b = ins[1];
        int aOff = offs[0];
        int bOff = offs[1];
        double s = rng.uniform(0.5, 2);
        for (Binary op : Binary.values()) {
            double[] snapshot = out.clone();
            double[] expected = snapshot.clone();
            for (int i = 0; i < n; i++) {
                expected[outOff + i] = naive(op, a[aOff + i], b[bOff + i]);
            }
            double[] saveA = a.clone();
            double[] saveB = b.clone();
            Elementwise.binary(op, a, aOff, b, bOff, out, outOff, n);
            assertArrayEquals(expected, out, op + " a@" + aOff + " b@" + bOff + " out@" + outOff + " n=" + n);
            System.arraycopy(snapshot, 0, out, 0, len);
            restore(a, saveA, out);
            restore(b, saveB, out);

            for (int i = 0; i < n; i++) {
                expected[outOff + i] = naive(op, a[aOff + i], s);
            }
            Elementwise.binaryScalar(op, a, aOff, s, out, outOff, n);
            assertArrayEquals(expected, out, "scalar " + op);
            System.arraycopy(snapshot, 0, out, 0, len);
            for (int i = 0; i < n; i++) {
                expected[outOff + i] = naive(op, s, b[bOff + i]);
            }
            Elementwise.scalarBinary(op, s, b, bOff, out, outOff, n);
            assertArrayEquals(expected, out, "scalar-left " + op);
            System.arraycopy(snapshot, 0, out, 0, len);
        }
        for (Unary op : Unary.values()) {
            double[] snapshot = out.clone();
            double[] expected = snapshot.clone();
            for (int i = 0; i < n; i++) {
                expected[outOff + i] = naive(op, a[aOff + i]);
            }
            Elementwise.unary(op, a, aOff, out, outOff, n);
            Gen.assertClose(expected, out, 1e-12, 1e-14, "unary " + op);
            System.arraycopy(snapshot, 0, out, 0, len);
        }
    }

    private static void restore(double[] arr, double[] saved, double[] out) {
        if (arr != out) {
            assertArrayEquals(saved, arr, "an input that is not out was modified");
        }
    }

    @Test
    void arrayLevelRejectsPartialOverlapAndBadRanges() {
        double[] a = new double[8];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unary(Unary.EXP, a, 0, a, 1, 4));
        assertTrue(e.getMessage().contains("unary EXP") && e.getMessage().contains("overlap"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Elementwise.binary(Binary.ADD, a, 0, a, 2, a, 1, 4));
        assertTrue(e.getMessage().contains("binary ADD"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Elementwise.binaryScalar(Binary.MUL, a, 5, 1.0, a, 0, 4));
        assertTrue(e.getMessage().contains("out of bounds") && e.getMessage().contains("length 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Elementwise.unary(Unary.NEG, a, 0, a, 0, -1));
        // disjoint ranges of one array are fine
        Elementwise.unary(Unary.NEG, a, 0, a, 4, 4);
    }

    // ------------------------------------------------------------------ binary with broadcasting

    private static double naive(Binary op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case MAXIMUM: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : (a >= b ? a : b);
            case MINIMUM: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : (a <= b ? a : b);
            default: throw new AssertionError(op);
        }
    }

    private static Tensor naiveBinary(Binary op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("naive", a.shape(), b.shape());
        double[] out = new double[Shape.size(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = Gen.unravel(i, shape);
            out[i] = naive(op, a.data()[Gen.broadcastSource(idx, a.shape())], b.data()[Gen.broadcastSource(idx, b.shape())]);
        }
        return Tensor.wrap(out, shape);
    }

    @Property(tries = 150)
    void binaryBroadcastMatchesNaive(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(rng, 4, 4, true);
        int[] as = Gen.broadcastableTo(rng, shape);
        int[] bs = Gen.broadcastableTo(rng, shape);
        if (rng.nextInt(2) == 0) {
            as = shape;
        }
        // float32: the values are floats, and one IEEE op in double rounded to float is the float op
        Tensor a = Gen.tensor(rng, as).to(dtype);
        Tensor b = Gen.tensor(rng, bs).to(dtype);
        Tensor a64 = a.to(DType.FLOAT64);
        Tensor b64 = b.to(DType.FLOAT64);
        for (Binary op : Binary.values()) {
            Tensor expected = naiveBinary(op, a64, b64).to(dtype).to(DType.FLOAT64);
            Tensor ab = Elementwise.binary(op, a, b);
            assertEquals(dtype, ab.dtype());
            assertArrayEquals(expected.shape(), ab.shape(), op + " " + Arrays.toString(as) + " " + Arrays.toString(bs));
            Gen.assertClose(expected.data(), ab.to(DType.FLOAT64).data(), 0, 0,
                    op + " " + dtype + " " + Arrays.toString(as) + " " + Arrays.toString(bs));
            Tensor ba = Elementwise.binary(op, b, a);
            Gen.assertClose(naiveBinary(op, b64, a64).to(dtype).to(DType.FLOAT64).data(), ba.to(DType.FLOAT64).data(),
                    0, 0, op + " swapped");
        }
    }

    @Test
    void binaryFastPathShapes() {
        Rng rng = new Rng(7);
        int[][][] cases = {
            {{3, 5}, {5}}, {{2, 3, 4, 5}, {2, 3, 1, 1}}, {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{4, 1}, {1, 6}},
            {{}, {}}, {{}, {3}}, {{2, 3}, {}}, {{1}, {2, 1, 3}}, {{0, 3}, {3}}, {{2, 1}, {2, 0}}, {{1, 1}, {1}},
        };
        for (int[][] c : cases) {
            Tensor a = Gen.tensor(rng, c[0]);
            Tensor b = Gen.tensor(rng, c[1]);
            for (Binary op : Binary.values()) {
                Tensor e = naiveBinary(op, a, b);
                Tensor y = Elementwise.binary(op, a, b);
                assertArrayEquals(e.shape(), y.shape());
                Gen.assertClose(e.data(), y.data(), 0, 0, op + " " + Arrays.deepToString(c));
                Gen.assertClose(naiveBinary(op, b, a).data(), Elementwise.binary(op, b, a).data(), 0, 0, op + " swapped");
            }
        }
    }

    @Test
    void scalarOpsMatchBinary() {
        Rng rng = new Rng(3);
        Tensor a = Gen.tensor(rng, 3, 4);
        for (Binary op : Binary.values()) {
            assertEquals(Elementwise.binary(op, a, Tensor.scalar(0.7)), Elementwise.binaryScalar(op, a, 0.7));
            assertEquals(Elementwise.binary(op, Tensor.scalar(0.7), a), Elementwise.scalarBinary(op, 0.7, a));
        }
        assertEquals(Elementwise.add(a, Tensor.scalar(2)), Elementwise.addScalar(a, 2));
        assertEquals(Elementwise.sub(a, Tensor.scalar(2)), Elementwise.subScalar(a, 2));
        assertEquals(Elementwise.mul(a, Tensor.scalar(2)), Elementwise.mulScalar(a, 2));
        assertEquals(Elementwise.div(a, Tensor.scalar(2)), Elementwise.divScalar(a, 2));
    }

    @Test
    void binaryErrorNamesOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.add(Tensor.zeros(2, 3), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("binary ADD") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4]") && e.getMessage().contains("broadcast"), e.getMessage());
    }

    @Test
    void inputsAreNotModified() {
        Rng rng = new Rng(11);
        Tensor a = Gen.tensor(rng, 2, 3);
        Tensor b = Gen.tensor(rng, 3);
        Tensor a0 = a.copy();
        Tensor b0 = b.copy();
        Elementwise.mul(a, b);
        Elementwise.exp(a);
        Elementwise.where(a, a, b);
        assertEquals(a0, a);
        assertEquals(b0, b);
    }

    // ------------------------------------------------------------------ where

    @Property(tries = 50)
    void whereMatchesNaive(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(rng, 3, 4, true);
        int[] ms = Gen.broadcastableTo(rng, shape);
        int[] as = Gen.broadcastableTo(rng, shape);
        int[] bs = rng.nextInt(2) == 0 ? shape : Gen.broadcastableTo(rng, shape);
        Tensor m = Elementwise.reluMask(Gen.tensor(rng, ms));
        Tensor a = Gen.tensor(rng, as);
        Tensor b = Gen.tensor(rng, bs);
        Tensor y = Elementwise.where(m.to(dtype), a.to(dtype), b.to(dtype)).to(DType.FLOAT64);
        m = m.to(dtype).to(DType.FLOAT64);
        a = a.to(dtype).to(DType.FLOAT64);
        b = b.to(dtype).to(DType.FLOAT64);
        int[] out = Shape.broadcast("t", Shape.broadcast("t", ms, as), bs);
        assertArrayEquals(out, y.shape());
        for (int i = 0; i < y.size(); i++) {
            int[] idx = Gen.unravel(i, out);
            double mv = m.data()[Gen.broadcastSource(idx, ms)];
            double e = mv != 0 ? a.data()[Gen.broadcastSource(idx, as)] : b.data()[Gen.broadcastSource(idx, bs)];
            assertEquals(e, y.data()[i]);
        }
    }

    @Test
    void whereDoesNotLeakUnselectedNaN() {
        Tensor m = Tensor.of(new double[] {1, 0, Double.NaN});
        Tensor a = Tensor.of(new double[] {1, Double.NaN, 3});
        Tensor b = Tensor.of(new double[] {Double.POSITIVE_INFINITY, 5, 6});
        assertArrayEquals(new double[] {1, 5, 3}, Elementwise.where(m, a, b).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.where(Tensor.zeros(2), Tensor.zeros(3), Tensor.zeros(2)));
        assertTrue(e.getMessage().startsWith("where") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
