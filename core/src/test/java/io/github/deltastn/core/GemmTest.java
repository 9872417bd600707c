package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GemmTest {

    /** One random gemm call: sizes, flags, scalars and arrays with leading/trailing padding. */
    private static final class Case {
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final double alpha;
        final double beta;
        final int aOff;
        final int bOff;
        final int cOff;
        final double[] a;
        final double[] b;
        final double[] c;

        Case(Rng rng, int m, int n, int k) {
            this.m = m;
            this.n = n;
            this.k = k;
            transA = rng.bernoulli(0.5);
            transB = rng.bernoulli(0.5);
            alpha = rng.nextInt(4) == 0 ? 1.0 : rng.uniform(-2, 2);
            int kind = rng.nextInt(4);
            beta = kind == 0 ? 0.0 : kind == 1 ? 1.0 : rng.uniform(-2, 2);
            aOff = rng.nextInt(4);
            bOff = rng.nextInt(4);
            cOff = rng.nextInt(4);
            a = padded(rng, aOff, m * k);
            b = padded(rng, bOff, k * n);
            c = padded(rng, cOff, m * n);
            if (beta == 0) {
                // beta = 0 must ignore the old contents of C, NaN included
                Arrays.fill(c, cOff, cOff + m * n, Double.NaN);
            }
        }

        private static double[] padded(Rng rng, int off, int size) {
            double[] x = new double[off + size + rng.nextInt(3)];
            rng.fillUniform(x, -1, 1);
            return x;
        }

        double[] run() {
            double[] out = c.clone();
            Gemm.gemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, out, cOff);
            return out;
        }

        double opA(int i, int p) {
            return transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
        }

        double opB(int p, int j) {
            return transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
        }

        /** The sequence of operations the Gemm Javadoc promises, one element at a time. */
        double[] reference() {
            double[] out = c.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double v = beta == 0 ? 0.0 : beta * c[cOff + i * n + j];
                    for (int p = 0; p < k; p++) {
                        v = Math.fma(alpha * opA(i, p), opB(p, j), v);
                    }
                    out[cOff + i * n + j] = v;
                }
            }
            return out;
        }

        /** EJML's alpha·op(A)·op(B) + beta·C (C as a fresh m×n matrix). */
        DMatrixRMaj ejml() {
            DMatrixRMaj ma = matrix(a, aOff, transA ? k : m, transA ? m : k);
            DMatrixRMaj mb = matrix(b, bOff, transB ? n : k, transB ? k : n);
            DMatrixRMaj out = new DMatrixRMaj(m, n);
            if (transA && transB) {
                CommonOps_DDRM.multTransAB(alpha, ma, mb, out);
            } else if (transA) {
                CommonOps_DDRM.multTransA(alpha, ma, mb, out);
            } else if (transB) {
                CommonOps_DDRM.multTransB(alpha, ma, mb, out);
            } else {
                CommonOps_DDRM.mult(alpha, ma, mb, out);
            }
            if (beta != 0) {
                for (int i = 0; i < m * n; i++) {
                    out.data[i] += beta * c[cOff + i];
                }
            }
            return out;
        }

        /** |alpha|·|op(A)|·|op(B)| + |beta·C|, the natural scale of each element's rounding error. */
        double magnitude(int i, int j) {
            double s = beta == 0 ? 0 : Math.abs(beta * c[cOff + i * n + j]);
            for (int p = 0; p < k; p++) {
                s += Math.abs(alpha * opA(i, p) * opB(p, j));
            }
            return s;
        }

        @Override
        public String toString() {
            return "gemm(transA=" + transA + ", transB=" + transB + ", m=" + m + ", n=" + n + ", k=" + k
                    + ", alpha=" + alpha + ", beta=" + beta + ", offsets " + aOff + "/" + bOff + "/" + cOff + ")";
        }
    }

    private static DMatrixRMaj matrix(double[] x, int off, int rows, int cols) {
        DMatrixRMaj mat = new DMatrixRMaj(rows, cols);
        System.arraycopy(x, off, mat.data, 0, rows * cols);
        return mat;
    }

    /** A size in [0, max], biased towards the edge cases 0 and 1. */
    private static int size(Rng rng, int max) {
        int r = rng.nextInt(8);
        return r == 0 ? 0 : r == 1 ? 1 : 1 + rng.nextInt(max);
    }

    private static void assertAgreesWithEjml(Case t) {
        double[] got = t.run();
        DMatrixRMaj want = t.ejml();
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                double g = got[t.cOff + i * t.n + j];
                double w = want.get(i, j);
                double tol = 1e-12 * Math.max(1, t.k) * Math.max(1e-300, t.magnitude(i, j));
                String at = "C[" + i + "][" + j + "]";
                assertTrue(Math.abs(g - w) <= tol, () -> t + ": " + at + " = " + g + ", EJML " + w);
            }
        }
        // everything outside C is untouched
        for (int x = 0; x < got.length; x++) {
            if (x < t.cOff || x >= t.cOff + t.m * t.n) {
                assertEquals(Double.doubleToRawLongBits(t.c[x]), Double.doubleToRawLongBits(got[x]), t + ": wrote outside C");
            }
        }
    }

    // ------------------------------------------------------------------ agreement with EJML

    @Property(tries = 150)
    void agreesWithEjmlOnSmallShapes(@ForAll long seed) {
        Rng rng = new Rng(seed);
        assertAgreesWithEjml(new Case(rng, size(rng, 24), size(rng, 24), size(rng, 24)));
    }

    @Property(tries = 12)
    void agreesWithEjmlAcrossPanelBoundaries(@ForAll long seed) {
        Rng rng = new Rng(seed);
        // sizes around the packed panel depth (KC) and width (NC) and the register tile (MR)
        int m = 1 + rng.nextInt(3 * Gemm.MR + 2);
        int n = Gemm.NC_F64 - 3 + rng.nextInt(Gemm.NC_F64 / 2);
        int k = Gemm.KC - 4 + rng.nextInt(Gemm.KC + 8);
        assertAgreesWithEjml(new Case(rng, m, n, k));
    }

    @Test
    void agreesWithEjmlForEveryTransposeCombinationAtMediumSize() {
        Rng rng = new Rng(42);
        for (int t = 0; t < 8; t++) {
            Case c = new Case(rng, 70 + t, 90 - t, 200 + 3 * t);
            assertAgreesWithEjml(c);
        }
    }

    // ------------------------------------------------------------------ the exact contract

    @Property(tries = 100)
    void computesTheDocumentedFmaSequenceExactly(@ForAll long seed) {
        Rng rng = new Rng(seed);
        // tiny shapes take the direct path, larger ones the packed one: both must give the same bits
        int max = rng.bernoulli(0.5) ? 6 : 60;
        Case t = new Case(rng, size(rng, max), size(rng, max), size(rng, max));
        assertArrayEquals(t.reference(), t.run(), t::toString);
    }

    @Test
    void resultIsBitIdenticalForAnyThreadCount() {
        int saved = Parallel.threads();
        Rng rng = new Rng(7);
        try {
            for (int t = 0; t < 4; t++) {
                // large enough to split over threads, with row tails and a partial last panel; tall
                // outputs are split by rows, wide ones by columns
                Case c = t < 2 ? new Case(rng, 301 + t, 260 + 7 * t, 250 + t) : new Case(rng, 100 + t, 700 + 9 * t, 150 + t);
                Parallel.setThreads(1);
                double[] one = c.run();
                Parallel.setThreads(2);
                double[] two = c.run();
                Parallel.setThreads(3);
                double[] three = c.run();
                assertArrayEquals(one, two, c::toString);
                assertArrayEquals(one, three, c::toString);
                assertArrayEquals(c.reference(), one, c::toString);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    // ------------------------------------------------------------------ special values and sizes

    @Test
    void zeroInnerSizeScalesC() {
        double[] c = {1, 2, 3, 4, 5, 6};
        Gemm.gemm(false, false, 2, 3, 0, 1.0, new double[0], new double[0], 0.5, c);
        assertArrayEquals(new double[] {0.5, 1, 1.5, 2, 2.5, 3}, c);
        double[] d = {Double.NaN, 1};
        Gemm.gemm(true, true, 1, 2, 0, 1.0, new double[0], new double[0], 0.0, d);
        assertArrayEquals(new double[] {0, 0}, d);
    }

    @Test
    void zeroAlphaDoesNotReadAOrB() {
        double[] a = {Double.NaN, Double.POSITIVE_INFINITY};
        double[] b = {Double.NaN, 1};
        double[] c = {2, 4};
        Gemm.gemm(false, false, 1, 2, 1, 0.0, a, b, 3.0, c);
        assertArrayEquals(new double[] {6, 12}, c);
    }

    @Test
    void emptyOutputTouchesNothing() {
        double[] c = {Double.NaN};
        Gemm.gemm(false, false, 0, 5, 3, 1.0, new double[0], new double[15], 0.0, c);
        Gemm.gemm(false, false, 4, 0, 3, 1.0, new double[12], new double[0], 0.0, c);
        assertTrue(Double.isNaN(c[0]));
    }

    @Test
    void aAndBMayShareAnArray() {
        // A = first 2×3 block, B = the next 3×2 block of one array
        double[] ab = {1, 2, 3, 4, 5, 6, 1, 0, 0, 1, 1, 1};
        double[] c = new double[4];
        Gemm.gemm(false, false, 2, 2, 3, 1.0, ab, 0, ab, 6, 0.0, c, 0);
        assertArrayEquals(new double[] {4, 5, 10, 11}, c);
    }

    // ------------------------------------------------------------------ matmul

    @Test
    void matmulMatchesGemmAndMaterialisedTransposes() {
        Rng rng = new Rng(3);
        Tensor a = Tensor.uniform(rng, -1, 1, 37, 53);
        Tensor b = Tensor.uniform(rng, -1, 1, 53, 29);
        Tensor ab = Gemm.matmul(a, b);
        assertArrayEquals(new int[] {37, 29}, ab.shape());
        DMatrixRMaj want = new DMatrixRMaj(37, 29);
        CommonOps_DDRM.mult(matrix(a.data(), 0, 37, 53), matrix(b.data(), 0, 53, 29), want);
        assertArrayEquals(want.data, ab.data(), 1e-12 * 53);
        // transposes only change how operands are packed, so the bits are the same
        assertEquals(ab, Gemm.matmul(a.transpose(), true, b, false));
        assertEquals(ab, Gemm.matmul(a, false, b.transpose(), true));
        assertEquals(ab, Gemm.matmul(a.transpose(), true, b.transpose(), true));
    }

    @Test
    void matmulOfEmptyMatrices() {
        assertEquals(Tensor.zeros(2, 3), Gemm.matmul(Tensor.zeros(2, 0), Tensor.zeros(0, 3)));
        assertArrayEquals(new int[] {0, 3}, Gemm.matmul(Tensor.zeros(0, 4), Tensor.ones(4, 3)).shape());
    }

    // ------------------------------------------------------------------ errors

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void rejectsNegativeSizes() {
        String msg = message(() -> Gemm.gemm(false, false, 2, -1, 3, 1, new double[6], new double[3], 0, new double[2]));
        assertTrue(msg.startsWith("gemm:") && msg.contains("n=-1"), msg);
    }

    @Test
    void rejectsOperandsThatDoNotFitTheirArrays() {
        String a = message(() -> Gemm.gemm(true, false, 3, 2, 4, 1, new double[11], new double[8], 0, new double[6]));
        assertTrue(a.startsWith("gemm:") && a.contains("op(A) is 3×4") && a.contains("4×3")
                && a.contains("needs 12") && a.contains("a.length is 11"), a);
        String b = message(() -> Gemm.gemm(false, true, 3, 2, 4, 1, new double[12], 0, new double[10], 3, 0, new double[6], 0));
        assertTrue(b.startsWith("gemm:") && b.contains("op(B) is 4×2") && b.contains("2×4")
                && b.contains("from offset 3") && b.contains("b.length is 10"), b);
        String c = message(() -> Gemm.gemm(false, false, 3, 2, 4, 1, new double[12], 0, new double[8], 0, 0, new double[6], -1));
        assertTrue(c.startsWith("gemm:") && c.contains("C is 3×2") && c.contains("offset -1"), c);
    }

    @Test
    void rejectsCOverlappingAOrB() {
        double[] x = new double[20];
        String a = message(() -> Gemm.gemm(false, false, 2, 2, 2, 1, x, 0, new double[4], 0, 0, x, 3));
        assertTrue(a.startsWith("gemm:") && a.contains("overlaps A") && a.contains("2×2"), a);
        String b = message(() -> Gemm.gemm(false, false, 2, 2, 2, 1, new double[4], 0, x, 10, 0, x, 12));
        assertTrue(b.startsWith("gemm:") && b.contains("overlaps B"), b);
        // disjoint ranges of one array are fine
        Gemm.gemm(false, false, 2, 2, 2, 1, x, 0, x, 4, 0, x, 8);
    }

    @Test
    void matmulRejectsBadShapes() {
        String rank = message(() -> Gemm.matmul(Tensor.zeros(2, 3, 4), Tensor.zeros(4, 5)));
        assertTrue(rank.startsWith("matmul:") && rank.contains("[2, 3, 4]") && rank.contains("[4, 5]"), rank);
        String inner = message(() -> Gemm.matmul(Tensor.zeros(2, 3), Tensor.zeros(4, 5)));
        assertTrue(inner.startsWith("matmul:") && inner.contains("[2, 3]") && inner.contains("[4, 5]")
                && inner.contains("2×3") && inner.contains("4×5"), inner);
        String trans = message(() -> Gemm.matmul(Tensor.zeros(2, 3), true, Tensor.zeros(3, 5), false));
        assertTrue(trans.startsWith("matmul:") && trans.contains("op(a) is 3×2"), trans);
    }
}
