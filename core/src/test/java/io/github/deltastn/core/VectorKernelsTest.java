package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

/**
 * The optional Vector API kernels against the scalar ones (ulp tolerances), and the default: without the
 * system property the scalar kernels run, bit for bit.
 */
class VectorKernelsTest {
    static final VectorKernels V = new VectorKernels();

    /** Values over a wide range plus the edges the kernels must handle (huge, tiny, ±0, odd lengths). */
    static double[] inputs(int n, double scale, long seed) {
        Rng r = new Rng(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.uniform(-scale, scale);
        }
        x[0] = 0.0;
        x[1] = -0.0;
        x[2] = scale * 2;
        x[3] = -scale * 2;
        return x;
    }

    static void assertUlps(double expected, double actual, double ulps, String what) {
        if (expected == actual) {
            return;
        }
        double tol = ulps * Math.max(Math.ulp(expected), Double.MIN_NORMAL);
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", got " + actual
                + " (" + Math.abs(expected - actual) / Math.ulp(expected) + " ulps)");
    }

    @Test
    void expTanhSigmoidAgreeWithTheScalarKernelsWithinFewUlps() {
        for (int n : new int[] {0, 1, 7, 8, 9, 1001}) {
            double[] x = n >= 4 ? inputs(n, 700, n) : new double[n];
            double[] out = new double[n];
            V.exp(x, out, 0, n);
            for (int i = 0; i < n; i++) {
                assertUlps(Math.exp(x[i]), out[i], 2, "exp(" + x[i] + ")");
            }
            V.tanh(x, out, 0, n);
            for (int i = 0; i < n; i++) {
                assertUlps(Math.tanh(x[i]), out[i], 2, "tanh(" + x[i] + ")");
            }
            V.sigmoid(x, out, 0, n);
            double[] ref = x.clone();
            Elementwise.unary(Elementwise.Unary.SIGMOID, x, 0, ref, 0, n);
            for (int i = 0; i < n; i++) {
                assertUlps(ref[i], out[i], 4, "sigmoid(" + x[i] + ")");
                assertTrue(out[i] >= 0 && out[i] <= 1);
            }
        }
    }

    @Test
    void kernelsRespectTheRange() {
        double[] x = inputs(40, 3, 5);
        double[] out = new double[40];
        V.exp(x, out, 5, 33);
        for (int i = 0; i < 40; i++) {
            if (i < 5 || i >= 33) {
                assertEquals(0.0, out[i]);
            } else {
                assertUlps(Math.exp(x[i]), out[i], 2, "exp");
            }
        }
    }

    @Test
    void sumAndDotAgreeWithTheScalarReductions() {
        for (int n : new int[] {0, 1, 15, 16, 17, 12345}) {
            double[] a = inputs(Math.max(n, 4), 1, 10 + n);
            double[] b = inputs(Math.max(n, 4), 1, 20 + n);
            double abs = 0;
            for (int i = 0; i < n; i++) {
                abs += Math.abs(a[i] * b[i]) + Math.abs(a[i]);
            }
            double tol = 1e-15 * (n + 1) * abs + 1e-300;
            assertEquals(Reduce.sum(a, 0, n), V.sum(a, 0, n), tol);
            assertEquals(Reduce.dot(a, 0, b, 0, n), V.dot(a, 0, b, 0, n), tol);
        }
    }

    /** The defining sequence of {@link Gemm#gemm}: {@code c = beta·c}, then fma over p in order. */
    static double[] gemmByDefinition(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a,
                                     double[] b, double beta, double[] c0) {
        double[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = beta == 0 ? 0 : beta * c[i * n + j];
                for (int p = 0; p < k; p++) {
                    s = Math.fma(alpha * (tA ? a[p * m + i] : a[i * k + p]), tB ? b[j * k + p] : b[p * n + j], s);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void gemmBlockGivesTheDefiningSequenceToTheBit() {
        int[][] shapes = {{1, 1, 1}, {1, 37, 300}, {37, 1, 300}, {4, 16, 8}, {5, 17, 3}, {13, 29, 257},
                {97, 101, 263}, {130, 600, 70}, {3, 1030, 11}};
        Rng r = new Rng(11);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean tA = (t & 1) != 0, tB = (t & 2) != 0;
                double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
                r.fillUniform(a, -1, 1);
                r.fillUniform(b, -1, 1);
                r.fillUniform(c, -1, 1);
                double alpha = t == 3 ? -0.7 : 1.0;
                double beta = new double[] {0.0, 1.0, 0.5, -2.0}[t];
                double[] expected = gemmByDefinition(tA, tB, m, n, k, alpha, a, b, beta, c);
                double[] whole = c.clone();
                V.gemm(tA, tB, m, n, k, alpha, a, 0, b, 0, beta, whole, 0, 0, m, 0, n);
                assertArrayEquals(expected, whole, 0.0, "gemm " + m + "×" + n + "×" + k + " tA=" + tA + " tB=" + tB);
                // two blocks, as when Gemm splits C over threads: each writes only its own part
                double[] split = c.clone();
                int mh = m / 2, nh = n / 3;
                V.gemm(tA, tB, m, n, k, alpha, a, 0, b, 0, beta, split, 0, 0, mh, 0, n);
                V.gemm(tA, tB, m, n, k, alpha, a, 0, b, 0, beta, split, 0, mh, m, 0, nh);
                V.gemm(tA, tB, m, n, k, alpha, a, 0, b, 0, beta, split, 0, mh, m, nh, n);
                assertArrayEquals(expected, split, 0.0, "blocks of " + m + "×" + n + "×" + k);
                float[] af = toFloat(a), bf = toFloat(b), cf = toFloat(c);
                float[] ef = gemmByDefinition(tA, tB, m, n, k, (float) alpha, af, bf, (float) beta, cf);
                V.gemm(tA, tB, m, n, k, (float) alpha, af, 0, bf, 0, (float) beta, cf, 0, 0, m, 0, n);
                assertArrayEquals(ef, cf, 0.0f, "float32 gemm " + m + "×" + n + "×" + k);
            }
        }
    }

    /** {@link #gemmByDefinition(boolean, boolean, int, int, int, double, double[], double[], double, double[])} in float. */
    static float[] gemmByDefinition(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, float[] b,
                                    float beta, float[] c0) {
        float[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = beta == 0 ? 0 : beta * c[i * n + j];
                for (int p = 0; p < k; p++) {
                    s = Math.fma(alpha * (tA ? a[p * m + i] : a[i * k + p]), tB ? b[j * k + p] : b[p * n + j], s);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Test
    void thePropertyLoadsTheVectorKernelsWhenTheModuleIsPresent() {
        String saved = System.getProperty(FastKernels.Holder.PROPERTY);
        try {
            System.setProperty(FastKernels.Holder.PROPERTY, "true");
            assertTrue(FastKernels.Holder.load() instanceof VectorKernels);
            System.setProperty(FastKernels.Holder.PROPERTY, "false");
            assertNull(FastKernels.Holder.load());
        } finally {
            if (saved == null) {
                System.clearProperty(FastKernels.Holder.PROPERTY);
            } else {
                System.setProperty(FastKernels.Holder.PROPERTY, saved);
            }
        }
    }

    @Test
    void scalarKernelsAreTheDefault() {
        // this checks the default configuration; a suite run with -Ddeltastn.vector=true tests the other one
        assumeFalse(Boolean.getBoolean(FastKernels.Holder.PROPERTY), "the suite runs with the Vector API kernels on");
        assertNull(FastKernels.active(), "the Vector API kernels must be off unless -Ddeltastn.vector=true");
        double[] x = inputs(100, 50, 3);
        Tensor e = Elementwise.exp(Tensor.of(x));
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(x[i]), e.data()[i], 0.0);
        }
    }

    @Test
    void float32KernelsAgreeWithTheScalarFloat32Kernels() {
        for (int n : new int[] {0, 1, 15, 16, 17, 1001}) {
            float[] x = new float[n];
            if (n >= 4) {
                new Rng(n).fillUniform(x, -80, 80);
            }
            float[] out = new float[n];
            float[] ref = new float[n];
            V.exp(x, out, 0, n);
            Elementwise.unary(Elementwise.Unary.EXP, x, 0, ref, 0, n);
            for (int i = 0; i < n; i++) {
                assertTrue(out[i] == ref[i] || Math.abs(out[i] - ref[i]) <= 4 * Math.ulp(ref[i]), "exp(" + x[i] + ")");
            }
            V.tanh(x, out, 0, n);
            Elementwise.unary(Elementwise.Unary.TANH, x, 0, ref, 0, n);
            for (int i = 0; i < n; i++) {
                assertTrue(Math.abs(out[i] - ref[i]) <= 4 * Math.ulp(ref[i]), "tanh(" + x[i] + ")");
            }
            V.sigmoid(x, out, 0, n);
            Elementwise.unary(Elementwise.Unary.SIGMOID, x, 0, ref, 0, n);
            for (int i = 0; i < n; i++) {
                assertTrue(out[i] == ref[i] || Math.abs(out[i] - ref[i]) <= 4 * Math.max(Math.ulp(ref[i]), Float.MIN_NORMAL),
                        "sigmoid(" + x[i] + ")");
            }
            float[] y = new float[n];
            new Rng(n + 1).fillUniform(y, -1, 1);
            float[] z = new float[n];
            new Rng(n + 2).fillUniform(z, -1, 1);
            double s = 0;
            double d = 0;
            double absSum = 0;
            for (int i = 0; i < n; i++) {
                s += y[i];
                d += (double) y[i] * z[i];
                absSum += Math.abs(y[i]);
            }
            // float accumulators in a different order: within n float roundings of the exact sums
            assertEquals(s, V.sum(y, 0, n), (n + 1) * 0x1.0p-24 * absSum + 1e-30, "sum n=" + n);
            assertEquals(d, V.dot(y, 0, z, 0, n), 2 * (n + 1) * 0x1.0p-24 * absSum + 1e-30, "dot n=" + n);
        }
    }
}
