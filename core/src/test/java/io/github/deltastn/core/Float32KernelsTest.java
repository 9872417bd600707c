package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

/**
 * Every float32 kernel against its float64 counterpart on the same inputs: random float32 tensors,
 * widened exactly to float64. Single IEEE operations (+ − · /, max, min, copies) must agree exactly after
 * rounding, and so must the unary ops (the transcendental ones run in float64 and round once); the others
 * within tolerances derived from the op ({@code n·2⁻²⁴} for sums of n terms, {@code 1e-5·(k+2)} for GEMM).
 */
class Float32KernelsTest {
    private static final double EPS32 = 0x1.0p-24;
    private static final DType F32 = DType.FLOAT32;
    private static final DType F64 = DType.FLOAT64;

    /** Sizes with odd, prime, 1 and 0 among them. */
    private static final int[] SIZES = {0, 1, 2, 3, 5, 7, 13, 17, 31, 64, 97, 145, 151};

    private static Tensor rand32(Rng rng, double lo, double hi, int... shape) {
        return Tensor.uniform(rng, F32, lo, hi, shape);
    }

    // ------------------------------------------------------------------ Tensor and DType

    @Test
    void dtypeBasics() {
        assertEquals("float64", F64.toString());
        assertEquals("float32", F32.toString());
        assertEquals(8, F64.bytes());
        assertEquals(4, F32.bytes());
        Tensor d = Tensor.of(new double[] {1, 2.5, 1e300, 0.1}, 2, 2);
        assertEquals(F64, d.dtype());
        Tensor f = d.to(F32);
        assertEquals(F32, f.dtype());
        assertSame(d, d.to(F64));
        assertSame(f, f.to(F32));
        assertEquals(0.1f, (float) f.get(1, 1));
        assertEquals(Double.POSITIVE_INFINITY, f.get(1, 0));
        assertArrayEquals(new float[] {1, 2.5f, Float.POSITIVE_INFINITY, 0.1f}, f.floatData());
        // float32 -> float64 -> float32 is the identity; float64 -> float32 -> float64 is rounding
        assertEquals(f, f.to(F64).to(F32));
        assertEquals((double) 0.1f, f.to(F64).get(1, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, f::data);
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("floatData()"), e.getMessage());
        e = assertThrows(IllegalStateException.class, d::floatData);
        assertTrue(e.getMessage().contains("float64"), e.getMessage());
        assertTrue(f.toString().contains("float32"), f.toString());
        assertTrue(!d.toString().contains("float"), d.toString());
        assertNotEquals(d, f);
        assertNotEquals(Tensor.zeros(2), Tensor.zeros(F32, 2));
    }

    @Test
    void factories() {
        assertArrayEquals(new float[6], Tensor.zeros(F32, 2, 3).floatData());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(F32, 2).floatData());
        assertArrayEquals(new float[] {0.1f, 0.1f}, Tensor.full(F32, 0.1, 2).floatData());
        assertArrayEquals(new float[] {0, 1, 2}, Tensor.arange(F32, 3).floatData());
        assertEquals((double) 0.1f, Tensor.scalar(F32, 0.1).item());
        assertEquals(0, Tensor.scalar(F32, 1).ndim());
        assertEquals(Tensor.zeros(2, 3), Tensor.zeros(F64, 2, 3));
        float[] raw = {1, 2, 3};
        assertSame(raw, Tensor.wrap(raw, 3).floatData());
        assertTrue(raw != Tensor.of(raw).floatData());
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[5], 2, 3));
        // the same seed gives the float32 rounding of the float64 draws
        assertEquals(Tensor.uniform(new Rng(3), -2, 5, 4, 7).to(F32), Tensor.uniform(new Rng(3), F32, -2, 5, 4, 7));
        assertEquals(Tensor.normal(new Rng(4), 1, 3, 9).to(F32), Tensor.normal(new Rng(4), F32, 1, 3, 9));
        float[] fu = new float[5];
        new Rng(5).fillUniform(fu, 0, 1);
        assertEquals(Tensor.uniform(new Rng(5), 0, 1, 5).to(F32), Tensor.wrap(fu, 5));
        float[] fn = new float[5];
        new Rng(6).fillNormal(fn, 0, 1);
        assertEquals(Tensor.normal(new Rng(6), 0, 1, 5).to(F32), Tensor.wrap(fn, 5));
    }

    @Test
    void shapeOpsMatchFloat64() {
        Rng rng = new Rng(11);
        Tensor x = rand32(rng, -1, 1, 3, 4, 5);
        Tensor y = x.to(F64);
        assertEquals(y.permute(2, 0, 1).to(F32), x.permute(2, 0, 1));
        assertEquals(y.permute(1, 2, 0).to(F32), x.permute(1, 2, 0));
        assertEquals(y.reshape(12, 5).transpose().to(F32), x.reshape(12, 5).transpose());
        assertEquals(y.reshape(-1).to(F32), x.reshape(-1));
        assertEquals(y.slice(1, 1, 3).to(F32), x.slice(1, 1, 3));
        assertEquals(Tensor.concat(2, y, y.slice(2, 0, 2)).to(F32), Tensor.concat(2, x, x.slice(2, 0, 2)));
        assertEquals(y.with(0.1, 2, 3, 4).to(F32), x.with(0.1, 2, 3, 4));
        assertEquals(x, x.copy());
        assertEquals(x.hashCode(), x.copy().hashCode());
        assertTrue(x.floatData() != x.copy().floatData());
        assertEquals(y.get(1, 2, 3), x.get(1, 2, 3));
        assertEquals(F32, x.permute(0, 1, 2).dtype());
        assertTrue(x.allClose(x.with(x.get(0, 0, 0) + 1e-9, 0, 0, 0), 0, 1e-6));
        assertEquals(0.0, x.maxAbsDiff(x.copy()));
        assertEquals(F32, Tensor.zeros(F32, 0, 3).transpose().dtype());
    }

    @Test
    void mixedDtypesThrowNamingOpAndDtypes() {
        Tensor d = Tensor.ones(2, 3);
        Tensor f = Tensor.ones(F32, 2, 3);
        assertMixed("add", () -> Elementwise.add(d, f));
        assertMixed("maximum", () -> Elementwise.maximum(f, d));
        assertMixed("matmul", () -> Gemm.matmul(d, false, f, true));
        assertMixed("where", () -> Elementwise.where(d, f, f));
        assertMixed("where", () -> Elementwise.where(f, d, f));
        assertMixed("concat", () -> Tensor.concat(0, d, f));
        assertMixed("allClose", () -> d.allClose(f, 0, 0));
    }

    private static void assertMixed(String op, Supplier<Object> call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
        String m = e.getMessage();
        assertTrue(m.startsWith(op + ":") && m.contains("float64") && m.contains("float32")
                && m.contains("Tensor.to(DType)"), m);
    }

    // ------------------------------------------------------------------ element-wise and broadcasting

    @Test
    void unaryIsFloat64Rounded() {
        // exact properties of the default scalar kernels; VectorKernelsTest covers the Vector API ones
        assumeFalse(Boolean.getBoolean(FastKernels.Holder.PROPERTY), "the suite runs with the Vector API kernels on");
        Rng rng = new Rng(21);
        for (Elementwise.Unary op : Elementwise.Unary.values()) {
            boolean positive = op == Elementwise.Unary.LOG || op == Elementwise.Unary.SQRT;
            double lo = positive ? 1e-3 : op == Elementwise.Unary.LOG1P ? -0.9 : -20;
            for (int n : SIZES) {
                Tensor x = rand32(rng, lo, 20, n);
                Tensor got = Elementwise.unary(op, x);
                Tensor want = Elementwise.unary(op, x.to(F64));
                assertEquals(F32, got.dtype());
                for (int i = 0; i < n; i++) {
                    double w = want.get(i);
                    double g = got.get(i);
                    // one IEEE op in double rounded to float is the float op; the transcendental ones run
                    // the float64 kernel on the widened values and round once: all exactly float64 rounded
                    assertEquals((float) w, (float) g, op + " at x=" + x.get(i));
                }
            }
        }
    }

    @Test
    void binaryExactWithBroadcasting() {
        Rng rng = new Rng(22);
        int[][][] pairs = {
            {{4, 7}, {4, 7}}, {{5, 13}, {13}}, {{2, 3, 5, 1}, {2, 3, 1, 1}}, {{3, 1, 5}, {4, 1}},
            {{7}, {}}, {{}, {7}}, {{1, 31}, {17, 1}}, {{0, 3}, {3}}, {{1}, {1}},
        };
        for (Elementwise.Binary op : Elementwise.Binary.values()) {
            for (int[][] p : pairs) {
                Tensor a = rand32(rng, -3, 3, p[0]);
                Tensor b = rand32(rng, 0.5, 3, p[1]);
                // a single IEEE operation on floats, done in double and rounded, is the float result
                assertEquals(Elementwise.binary(op, a.to(F64), b.to(F64)).to(F32), Elementwise.binary(op, a, b),
                        op + " " + Arrays.deepToString(p));
                assertEquals(Elementwise.binaryScalar(op, a.to(F64), (float) 1.7).to(F32),
                        Elementwise.binaryScalar(op, a, 1.7), op.toString());
                assertEquals(Elementwise.scalarBinary(op, (float) 0.3, b.to(F64)).to(F32),
                        Elementwise.scalarBinary(op, 0.3, b), op.toString());
            }
        }
        // array level, in place and shifted
        float[] x = {1, 2, 3, 4, 5, 6};
        Elementwise.binary(Elementwise.Binary.ADD, x, 0, x, 3, x, 0, 3);
        assertArrayEquals(new float[] {5, 7, 9, 4, 5, 6}, x);
        assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unary(Elementwise.Unary.NEG, new float[4], 0, new float[4], 1, 4));
    }

    @Test
    void whereAndBroadcastExact() {
        Rng rng = new Rng(23);
        Tensor mask = Elementwise.reluMask(rand32(rng, -1, 1, 3, 1, 5));
        Tensor a = rand32(rng, -1, 1, 4, 5);
        Tensor b = rand32(rng, -1, 1, 1);
        assertEquals(Elementwise.where(mask.to(F64), a.to(F64), b.to(F64)).to(F32), Elementwise.where(mask, a, b));
        for (int[][] p : new int[][][] {{{3, 1, 5}, {2, 3, 4, 5}}, {{1}, {0, 4}}, {{7}, {7}}, {{}, {3, 2}}, {{2, 1}, {2, 9}}}) {
            Tensor x = rand32(rng, -1, 1, p[0]);
            Tensor y = Broadcast.broadcastTo(x, p[1]);
            assertEquals(F32, y.dtype());
            assertEquals(Broadcast.broadcastTo(x.to(F64), p[1]).to(F32), y);
            Tensor back = Broadcast.sumTo(y, p[0]);
            assertClose(Broadcast.sumTo(y.to(F64), p[0]), back, Math.max(1, y.size()));
        }
    }

    // ------------------------------------------------------------------ reductions

    /** |got − want| ≤ 2·n·2⁻²⁴·max(1, |want|) element-wise, n the number of terms per entry. */
    private static void assertClose(Tensor want, Tensor got, int n) {
        assertEquals(F32, got.dtype());
        assertArrayEquals(want.shape(), got.shape());
        for (int i = 0; i < want.size(); i++) {
            double w = want.reshape(-1).get(i);
            double g = got.reshape(-1).get(i);
            if (Double.isNaN(w) || Double.isInfinite(w)) {
                assertEquals(w, g);
                continue;
            }
            double tol = 2 * (n + 2) * EPS32 * Math.max(1, Math.abs(w));
            assertTrue(Math.abs(g - w) <= tol, "entry " + i + ": " + g + " vs " + w + " (tol " + tol + ")");
        }
    }

    @Test
    void reductionsAgainstFloat64() {
        Rng rng = new Rng(31);
        int[][] shapes = {{7}, {1}, {0}, {3, 5}, {1, 13}, {13, 1}, {2, 3, 4}, {4, 0, 3}, {5, 31}, {1000}};
        for (int[] s : shapes) {
            Tensor x = rand32(rng, -1, 1, s);
            Tensor y = x.to(F64);
            int n = Math.max(1, x.size());
            assertClose(Reduce.sum(y, false), Reduce.sum(x, false), n);
            for (int a = 0; a < s.length; a++) {
                assertClose(Reduce.sum(y, true, a), Reduce.sum(x, true, a), s[a]);
                assertClose(Reduce.logsumexp(y, a, false), Reduce.logsumexp(x, a, false), s[a] + 4);
                if (x.size() > 0) {
                    assertClose(Reduce.mean(y, false, a), Reduce.mean(x, false, a), s[a] + 1);
                    assertClose(Reduce.softmax(y, a), Reduce.softmax(x, a), s[a] + 4);
                    assertClose(Reduce.logSoftmax(y, a), Reduce.logSoftmax(x, a), s[a] + 4);
                }
                if (s[a] > 0) {
                    assertEquals(Reduce.max(y, a, true).to(F32), Reduce.max(x, a, true));
                    assertArrayEquals(Reduce.argmax(y, a), Reduce.argmax(x, a));
                }
            }
        }
        // special values: -inf slices, +inf, NaN
        float inf = Float.POSITIVE_INFINITY;
        Tensor special = Tensor.of(new float[] {-inf, -inf, 1, inf, Float.NaN, 2}, 3, 2);
        assertEquals(Reduce.logsumexp(special.to(F64), 1, false).to(F32), Reduce.logsumexp(special, 1, false));
        assertEquals(Reduce.softmax(special.to(F64), 1).to(F32), Reduce.softmax(special, 1));
        assertArrayEquals(Reduce.argmax(special.to(F64), 1), Reduce.argmax(special, 1));
    }

    @Test
    void arrayLevelSumAndDot() {
        // exact properties of the default scalar kernels; VectorKernelsTest covers the Vector API ones
        assumeFalse(Boolean.getBoolean(FastKernels.Holder.PROPERTY), "the suite runs with the Vector API kernels on");
        Rng rng = new Rng(32);
        for (int n : new int[] {0, 1, 7, 8, 9, 1001, 100_003}) {
            float[] a = rand32(rng, -1, 1, n + 2).floatData();
            float[] b = rand32(rng, -1, 1, n + 1).floatData();
            double[] ad = Tensor.wrap(a, n + 2).to(F64).data();
            double[] bd = Tensor.wrap(b, n + 1).to(F64).data();
            // accumulated in double, rounded once: within one float rounding of the float64 result
            double s = Reduce.sum(ad, 2, n);
            assertEquals((float) s, Reduce.sum(a, 2, n), Math.ulp((float) s) + n * 1e-15);
            double d = Reduce.dot(ad, 1, bd, 0, n);
            assertEquals((float) d, Reduce.dot(a, 1, b, 0, n), Math.ulp((float) d) + n * 1e-15);
        }
    }

    @Test
    void gatherAndScatterAdd() {
        Rng rng = new Rng(33);
        Tensor x = rand32(rng, -1, 1, 4, 5);
        int[] idx = {0, 19, 3, 3, 7, 12};
        assertEquals(Reduce.gather(x.to(F64), idx, 2, 3).to(F32), Reduce.gather(x, idx, 2, 3));
        Tensor y = rand32(rng, -1, 1, 6);
        assertClose(Reduce.scatterAdd(y.to(F64), idx, 4, 5), Reduce.scatterAdd(y, idx, 4, 5), 2);
        assertEquals(F32, Reduce.gather(x, new int[0], 0).dtype());
    }

    // ------------------------------------------------------------------ GEMM

    /** The documented sequence in float: c = beta·c (0 if beta = 0), then c = fma(alpha·a_ip, b_pj, c) for p = 0.. */
    private static float[] reference(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, float[] b,
                                     float beta, float[] c) {
        float[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = beta == 0 ? 0f : beta * c[i * n + j];
                if (alpha != 0) {
                    for (int p = 0; p < k; p++) {
                        float ap = ta ? a[p * m + i] : a[i * k + p];
                        float bp = tb ? b[j * k + p] : b[p * n + j];
                        v = Math.fma(alpha * ap, bp, v);
                    }
                }
                out[i * n + j] = v;
            }
        }
        return out;
    }

    private static void checkGemm(Rng rng, int m, int n, int k) {
        boolean ta = rng.bernoulli(0.5);
        boolean tb = rng.bernoulli(0.5);
        float alpha = rng.bernoulli(0.3) ? 1f : (float) rng.uniform(-2, 2);
        float beta = rng.bernoulli(0.3) ? 0f : (float) rng.uniform(-2, 2);
        float[] a = rand32(rng, -1, 1, m * k).floatData();
        float[] b = rand32(rng, -1, 1, k * n).floatData();
        float[] c = rand32(rng, -1, 1, m * n).floatData();
        float[] got = c.clone();
        Gemm.gemm(ta, tb, m, n, k, alpha, a, b, beta, got);
        String what = "m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " alpha=" + alpha + " beta=" + beta;
        // bit-identical to the documented float sequence
        assertArrayEquals(reference(ta, tb, m, n, k, alpha, a, b, beta, c), got, what);
        // and within k-scaled float rounding of float64 GEMM on the same values
        double[] want = Tensor.wrap(c.clone(), m * n).to(F64).data();
        Gemm.gemm(ta, tb, m, n, k, alpha, Tensor.wrap(a, m * k).to(F64).data(), Tensor.wrap(b, k * n).to(F64).data(),
                beta, want);
        for (int i = 0; i < m * n; i++) {
            double tol = 1e-5 * (k + 2) * (Math.abs(alpha) + Math.abs(beta) + 1);
            assertEquals(want[i], got[i], tol, what);
        }
    }

    @Test
    void gemmOddPrimeEdgeSizes() {
        Rng rng = new Rng(41);
        for (int m : SIZES) {
            for (int n : new int[] {0, 1, 2, 17, 151}) {
                for (int k : new int[] {0, 1, 3, 13, 145}) {
                    checkGemm(rng, m, n, k);
                }
            }
        }
        checkGemm(rng, 389, 401, 293);
        // across the float32 panel boundaries (NC_F32 columns, KC depth) and the register tile (MR rows)
        checkGemm(rng, 3 * Gemm.MR + 1, Gemm.NC_F32 + 5, Gemm.KC + 7);
        checkGemm(rng, Gemm.MR - 1, 2 * Gemm.NC_F32 - 3, 2 * Gemm.KC + 1);
    }

    @Property(tries = 40)
    void gemmRandomShapes(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int max = rng.bernoulli(0.5) ? 7 : 90;
        checkGemm(rng, rng.nextInt(max + 1), rng.nextInt(max + 1), rng.nextInt(max + 1));
    }

    @Test
    void gemmBitIdenticalForAnyThreadCount() {
        int saved = Parallel.threads();
        Rng rng = new Rng(42);
        try {
            for (int[] s : new int[][] {{301, 260, 250}, {302, 267, 251}, {100, 700, 150}, {101, 709, 151}}) {
                float[] a = rand32(rng, -1, 1, s[0] * s[2]).floatData();
                float[] b = rand32(rng, -1, 1, s[2] * s[1]).floatData();
                float[][] out = new float[3][];
                for (int t = 1; t <= 3; t++) {
                    Parallel.setThreads(t);
                    out[t - 1] = new float[s[0] * s[1]];
                    Gemm.gemm(false, t == 2, s[0], s[1], s[2], 0.5f, a, t == 2 ? transpose(b, s[2], s[1]) : b, 0f,
                            out[t - 1]);
                }
                assertArrayEquals(out[0], out[1], Arrays.toString(s));
                assertArrayEquals(out[0], out[2], Arrays.toString(s));
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        return Tensor.wrap(x, rows, cols).transpose().floatData();
    }

    @Test
    void matmulDispatchesOnDtype() {
        Rng rng = new Rng(43);
        Tensor a = rand32(rng, -1, 1, 5, 7);
        Tensor b = rand32(rng, -1, 1, 3, 7);
        Tensor c = Gemm.matmul(a, false, b, true);
        assertEquals(F32, c.dtype());
        assertClose(Gemm.matmul(a.to(F64), false, b.to(F64), true), c, 7 * 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 2, 1f, new float[3], new float[4], 0f, new float[4]));
        assertTrue(e.getMessage().startsWith("gemm:"), e.getMessage());
    }

    /** exp through the float64 element-wise kernel (the one the float32 softmax family widens into). */
    private static double exp64(double d) {
        double[] o = new double[1];
        Elementwise.unary(Elementwise.Unary.EXP, new double[] {d}, 0, o, 0, 1);
        return o[0];
    }

    /**
     * The float32 softmax family computes each {@code exp} as the float64 kernel on the widened float difference,
     * rounded once, and accumulates in float in the order of the float64 loops: checked bit for bit against that
     * recipe, for inner = 1 and inner &gt; 1 and blocks spanning several widening chunks.
     */
    @Test
    void softmaxFamilyBitExactRecipe() {
        Rng rng = new Rng(44);
        for (int[] sh : new int[][] {{3, 700}, {5, 1}, {2, 300, 3}, {4, 7, 2}, {1, 1000}}) {
            Tensor x = rand32(rng, -8, 8, sh);
            for (int axis = 0; axis < sh.length; axis++) {
                int n = sh[axis];
                int outer = 1;
                for (int i = 0; i < axis; i++) {
                    outer *= sh[i];
                }
                int inner = x.size() / outer / n;
                float[] xs = x.floatData();
                float[] sm = new float[xs.length];
                float[] lse = new float[outer * inner];
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < inner; j++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int k = 0; k < n; k++) {
                            m = Math.max(m, xs[(o * n + k) * inner + j]);
                        }
                        float sum = 0;
                        for (int k = 0; k < n; k++) {
                            sum += (float) exp64(xs[(o * n + k) * inner + j] - m);
                        }
                        float r = 1f / sum;
                        for (int k = 0; k < n; k++) {
                            int i = (o * n + k) * inner + j;
                            sm[i] = (float) exp64(xs[i] - m) * r;
                        }
                        lse[o * inner + j] = m + (float) Math.log(sum);
                    }
                }
                String what = Arrays.toString(sh) + " axis " + axis;
                assertArrayEquals(sm, Reduce.softmax(x, axis).floatData(), what);
                assertArrayEquals(lse, Reduce.logsumexp(x, axis, false).floatData(), what);
            }
        }
    }
}
