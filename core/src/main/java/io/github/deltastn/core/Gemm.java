package io.github.deltastn.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * General matrix multiply, BLAS {@code dgemm} on row-major {@code double} arrays and {@code sgemm} on
 * {@code float} arrays: {@code C = alpha·op(A)·op(B) + beta·C}, {@code op(X) = X} or {@code Xᵀ}.
 *
 * <p><b>What is computed, exactly.</b> For {@code alpha != 0}, every element is first
 * {@code c = beta·c} (or {@code 0} when {@code beta == 0}), then for {@code p = 0, 1, …, k-1} in that
 * order {@code c = Math.fma(alpha·op(A)[i][p], op(B)[p][j], c)}, all in the arrays' precision (float32
 * accumulates in float, as {@code sgemm} does; the float32 code is generated from the float64 code,
 * see {@code Float32Generator}). That sequence does not depend on the
 * blocking, the code path or the thread count, so results are bit-identical for every
 * {@link Parallel#threads()} setting. It differs from {@code alpha·(A·B) + beta·C} by rounding only.
 *
 * <p><b>How.</b> Panels of {@code op(B)} ({@value #KC}×{@value #NC_F64}; ×{@value #NC_F32} for float32) are packed
 * into row arrays indexed from 0 (transposes are materialised there), {@value #MR} rows of {@code alpha·op(A)} into a
 * small buffer and the {@value #MR} matching row segments of C into row arrays; the micro-kernel then
 * updates 3 rows of C with 3 rows of B per pass of an FMA loop over the columns, which HotSpot C2
 * auto-vectorises (JDK 17, measured: ≈ 70 GFLOP/s with B in L2 against ≈ 16 with
 * {@code -XX:-UseSuperWord}; float32 about twice the float64 speed). Larger tiles (4×4, 3×4, 2×6) exceed C2's default loop-unroll budget
 * ({@code LoopUnrollLimit=60}) and silently run scalar; the kernels run over whole multiples of
 * {@value #COL_PAD} columns (zero-padded) so that no profile of very short rows can make C2 compile
 * them for short loops. Products bigger than {@value #SMALL}
 * multiply-adds with at least {@code 2^23} flops are split over {@link Parallel#threads()} threads by
 * blocks of output rows when {@code m >= n}, by blocks of columns otherwise; each thread packs into its
 * own {@link ThreadLocal} buffers, reused across calls.
 *
 * <p>With the optional Vector API kernels on ({@link FastKernels}), the blocked path instead keeps a
 * 4-row × 2-vector tile of C in registers over a whole packed panel (1.1–1.3× the default's speed at
 * 512³ and 1024³ on Zen 4, float32 gaining more), with the same operation sequence per element, so the same bits.
 */
public final class Gemm {
    /** Rows of C per register tile, also the number of packed B rows consumed per kernel pass. */
    static final int MR = 3;
    /** Depth of a packed panel (a multiple of {@link #MR}); the panel (KC×NC_F64 doubles, 432 KiB) stays in L2. */
    static final int KC = 144;
    /** Columns of a float64 packed panel; MR rows of C (9 KiB) stay in L1 while a panel streams past. */
    static final int NC_F64 = 384;
    /**
     * Columns of a float32 packed panel: the same bytes as float64's (432 KiB). Measured at 512³ and 1024³
     * (CPU time, one thread): ≈ 115-130 GFLOP/s against ≈ 90-95 with 384 columns.
     */
    static final int NC_F32 = 768;
    /** Products with {@code m·n·k} at most this use the direct loop (packing costs more than it saves). */
    static final long SMALL = 256;
    /**
     * Fewest flops ({@code 2·m·n·k}) worth handing to other threads, about 150 µs on one core. Below it
     * the wake-up and the other core's cold caches cost more than they save (measured at 128³, just
     * above 2^22 flops: 43 GFLOP/s on 2 threads against 48 on 1).
     */
    static final long PARALLEL_FLOPS = 1L << 23;
    /**
     * The kernels run over a multiple of this many columns, zero-padded. C2 compiles a loop for the
     * trip counts it profiled: a warm-up on products with 1 to 3 columns otherwise leaves the kernels
     * scalar for good (measured: 15 instead of 45 GFLOP/s at 1024³ afterwards).
     */
    static final int COL_PAD = 16;
    /** Columns per unit when C is split over threads by columns. */
    static final int COL_UNIT = COL_PAD;

    private Gemm() {}

    // ------------------------------------------------------------------ public API

    /**
     * 2-D matrix product {@code a·b}: {@code [m, k]·[k, n] → [m, n]}, a fresh tensor; inputs unchanged.
     *
     * @throws IllegalArgumentException naming {@code matmul} and both shapes if either is not 2-D or
     *                                  the inner dimensions differ
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /**
     * {@code op(a)·op(b)}, {@code op} = transpose when the flag is set (never materialised):
     * {@code op(a)} is {@code [m, k]}, {@code op(b)} is {@code [k, n]}, the result a fresh {@code [m, n]}
     * tensor; inputs unchanged.
     *
     * @throws IllegalArgumentException naming {@code matmul}, both shapes and flags if either operand
     *                                  is not 2-D or the inner dimensions differ
     */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        DType dtype = Tensor.requireSameDType("matmul", a, b);
        int[] s = outShape(a, transA, b, transB);
        Tensor out = Tensor.zeros(dtype, s);
        matmulInto(a, transA, b, transB, out);
        return out;
    }

    /**
     * {@link #matmul(Tensor, boolean, Tensor, boolean)} written into the caller-owned {@code out}
     * {@code [m, n]} (its old contents ignored, even NaN), bit for bit the same values.
     *
     * @throws IllegalArgumentException as {@code matmul}, or when {@code out} is not of the result's shape and
     *     dtype, or shares its array with {@code a} or {@code b}
     */
    public static void matmulInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        DType dtype = Tensor.requireSameDType("matmulInto", a, b);
        int[] s = outShape(a, transA, b, transB);
        Tensor.requireOut("matmulInto", out, dtype, s);
        int m = s[0];
        int n = s[1];
        int k = transA ? a.dim(0) : a.dim(1);
        if (dtype == DType.FLOAT32) {
            gemm(transA, transB, m, n, k, 1.0f, a.floatData(), 0, b.floatData(), 0, 0.0f, out.floatData(), 0);
        } else {
            gemm(transA, transB, m, n, k, 1.0, a.data(), 0, b.data(), 0, 0.0, out.data(), 0);
        }
    }

    /** {@code [m, n]} of {@code op(a)·op(b)}, with matmul's shape checks. */
    private static int[] outShape(Tensor a, boolean transA, Tensor b, boolean transB) {
        if (a.ndim() != 2 || b.ndim() != 2) {
            throw new IllegalArgumentException("matmul: expected two 2-D tensors, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + (transA ? "ᵀ" : "")
                    + " and " + Shape.str(b.shape()) + (transB ? "ᵀ" : "") + " do not align: op(a) is "
                    + m + "×" + k + ", op(b) is " + kb + "×" + n + ", expected inner dimensions to be equal");
        }
        return new int[] {m, n};
    }

    // ------------------------------------------------------------------ checks

    private static void fits(String name, String shape, long size, int length, int off, String shapes) {
        if (off < 0 || off + size > length) {
            throw new IllegalArgumentException("gemm: " + shape + shapes + ", needs " + size
                    + " elements from offset " + off + ", but " + name.toLowerCase(java.util.Locale.ROOT)
                    + ".length is " + length);
        }
    }

    private static boolean overlap(int off1, long len1, int off2, long len2) {
        return len1 > 0 && len2 > 0 && off1 < off2 + len2 && off2 < off1 + len1;
    }

    // ------------------------------------------------------------------ kernels (array level)

    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    /** Per-thread packing buffers. */
    private static final class WorkspaceF64 {
        final double[][] b = new double[KC][NC_F64];
        final double[][] c = new double[MR][NC_F64];
        final double[] a = new double[MR * KC];
    }

    private static final ThreadLocal<WorkspaceF64> WORKSPACE_F64 = ThreadLocal.withInitial(WorkspaceF64::new);

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} on row-major arrays (BLAS {@code dgemm}).
     *
     * <p>{@code op(A)} is m×k: A is stored contiguously from {@code aOff} as m×k, or as k×m when
     * {@code transA}. {@code op(B)} is k×n: B is stored from {@code bOff} as k×n, or as n×k when
     * {@code transB}. C is m×n from {@code cOff}; only those {@code m·n} elements of {@code c} are
     * written. With {@code beta == 0} the old contents of C are ignored (even NaN); with
     * {@code k == 0} or {@code alpha == 0}, {@code C = beta·C} and A, B are not read. A and B may
     * share an array with each other; C must not overlap either of them.
     *
     * @throws IllegalArgumentException naming {@code gemm}, the sizes and what was expected, if a
     *                                  size is negative, an operand does not fit its array from its
     *                                  offset, or C overlaps A or B
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, double[] b, int bOff, double beta, double[] c, int cOff) {
        check(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0) {
            scale(c, cOff, m * n, beta);
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL) {
            direct(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
            return;
        }
        if (Parallel.threads() > 1 && 2 * work >= PARALLEL_FLOPS) {
            // Any partition of C gives the same bits (see the class comment). Rows are split when C is
            // tall; when it is wide (an MLP batch), columns, so that each thread packs only its own
            // part of op(B) instead of all of it.
            if (m >= n) {
                int tiles = (m + MR - 1) / MR;
                Parallel.forRange(tiles, 4, (lo, hi) -> blocked(transA, transB, m, n, k, alpha, a, aOff,
                        b, bOff, beta, c, cOff, lo * MR, Math.min(m, hi * MR), 0, n));
            } else {
                int units = (n + COL_UNIT - 1) / COL_UNIT;
                Parallel.forRange(units, 8, (lo, hi) -> blocked(transA, transB, m, n, k, alpha, a, aOff,
                        b, bOff, beta, c, cOff, 0, m, lo * COL_UNIT, Math.min(n, hi * COL_UNIT)));
            }
        } else {
            blocked(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff, 0, m, 0, n);
        }
    }

    /** {@link #gemm(boolean, boolean, int, int, int, double, double[], int, double[], int, double, double[], int)} with all offsets 0. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, double[] b, double beta, double[] c) {
        gemm(transA, transB, m, n, k, alpha, a, 0, b, 0, beta, c, 0);
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        Objects.requireNonNull(a, "gemm: array a is null");
        Objects.requireNonNull(b, "gemm: array b is null");
        Objects.requireNonNull(c, "gemm: array c is null");
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        String shapes = " (m=" + m + ", n=" + n + ", k=" + k + ")";
        fits("A", "op(A) is " + m + "×" + k + (transA ? ", stored transposed as " + k + "×" + m : ""),
                (long) m * k, a.length, aOff, shapes);
        fits("B", "op(B) is " + k + "×" + n + (transB ? ", stored transposed as " + n + "×" + k : ""),
                (long) k * n, b.length, bOff, shapes);
        fits("C", "C is " + m + "×" + n, (long) m * n, c.length, cOff, shapes);
        if (c == a && overlap(cOff, (long) m * n, aOff, (long) m * k)) {
            throw new IllegalArgumentException("gemm: C (" + m + "×" + n + " from offset " + cOff + ") overlaps A ("
                    + m * (long) k + " elements from offset " + aOff + ") in the same array" + shapes
                    + "; expected C not to alias A");
        }
        if (c == b && overlap(cOff, (long) m * n, bOff, (long) k * n)) {
            throw new IllegalArgumentException("gemm: C (" + m + "×" + n + " from offset " + cOff + ") overlaps B ("
                    + k * (long) n + " elements from offset " + bOff + ") in the same array" + shapes
                    + "; expected C not to alias B");
        }
    }

    // ------------------------------------------------------------------ simple paths

    /** {@code x[off, off+len) *= beta}, with {@code beta == 0} writing zeros (not {@code 0·NaN}). */
    private static void scale(double[] x, int off, int len, double beta) {
        if (beta == 0) {
            Arrays.fill(x, off, off + len, 0.0);
        } else if (beta != 1) {
            for (int i = off; i < off + len; i++) {
                x[i] *= beta;
            }
        }
    }

    /** The defining sequence of operations, unblocked; for products too small to be worth packing. */
    private static void direct(boolean transA, boolean transB, int m, int n, int k, double alpha,
                               double[] a, int aOff, double[] b, int bOff, double beta, double[] c, int cOff) {
        int aRow = transA ? 1 : k;
        int aCol = transA ? m : 1;
        int bRow = transB ? 1 : n;
        int bCol = transB ? k : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            scale(c, ci, n, beta);
            for (int p = 0; p < k; p++) {
                double s = alpha * a[aOff + i * aRow + p * aCol];
                int bp = bOff + p * bRow;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(s, b[bp + j * bCol], c[ci + j]);
                }
            }
        }
    }

    // ------------------------------------------------------------------ blocked path

    /** The block {@code [i0, i1)×[j0, j1)} of C; each calling thread uses its own workspace. */
    private static void blocked(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                double[] a, int aOff, double[] b, int bOff, double beta,
                                double[] c, int cOff, int i0, int i1, int j0, int j1) {
        FastKernels fast = FastKernels.active();
        if (fast != null) {
            fast.gemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff, i0, i1, j0, j1);
            return;
        }
        WorkspaceF64 ws = WORKSPACE_F64.get();
        double[][] bp = ws.b;
        double[][] cb = ws.c;
        double[] ap = ws.a;
        for (int jc = j0; jc < j1; jc += NC_F64) {
            int nc = Math.min(NC_F64, j1 - jc);
            int ncPad = (nc + COL_PAD - 1) / COL_PAD * COL_PAD;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int k3 = kc - kc % MR;
                if (transB) {
                    packBTransposed(b, bOff + jc * k + pc, k, kc, nc, ncPad, bp);
                } else {
                    packB(b, bOff + pc * n + jc, n, kc, nc, ncPad, bp);
                }
                double cScale = pc == 0 ? beta : 1.0;
                for (int i = i0; i < i1; i += MR) {
                    int mr = Math.min(MR, i1 - i);
                    if (transA) {
                        packATransposed(a, aOff + pc * m + i, m, mr, kc, alpha, ap);
                    } else {
                        packA(a, aOff + i * k + pc, k, mr, kc, alpha, ap);
                    }
                    int ci = cOff + i * n + jc;
                    for (int r = 0; r < mr; r++) {
                        loadC(c, ci + r * n, nc, ncPad, cScale, cb[r]);
                    }
                    if (mr == MR) {
                        kernel3x3(cb, bp, ap, kc, k3, ncPad);
                        if (k3 < kc) {
                            kernel3x1(cb, bp, ap, kc, k3, ncPad);
                        }
                    } else {
                        for (int r = 0; r < mr; r++) {
                            kernel1x3(cb[r], bp, ap, r * kc, k3, ncPad);
                            if (k3 < kc) {
                                kernel1x1(cb[r], bp, ap, r * kc, k3, kc, ncPad);
                            }
                        }
                    }
                    for (int r = 0; r < mr; r++) {
                        System.arraycopy(cb[r], 0, c, ci + r * n, nc);
                    }
                }
            }
        }
    }

    /**
     * {@code dst[p][0, nc) = B[p][0, nc)} for B rows of length {@code ldb} starting at {@code src};
     * {@code dst[p][nc, ncPad) = 0}.
     */
    private static void packB(double[] b, int src, int ldb, int kc, int nc, int ncPad, double[][] dst) {
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, src + p * ldb, dst[p], 0, nc);
            Arrays.fill(dst[p], nc, ncPad, 0.0);
        }
    }

    /**
     * {@code dst[p][j] = B[j][p]} for B stored n×k (rows of length {@code ldb}) from {@code src};
     * {@code dst[p][nc, ncPad) = 0}.
     */
    private static void packBTransposed(double[] b, int src, int ldb, int kc, int nc, int ncPad, double[][] dst) {
        for (int p = 0; p < kc; p++) {
            Arrays.fill(dst[p], nc, ncPad, 0.0);
        }
        // 8 source rows at a time keep the strided reads within a few L1 lines
        for (int j0 = 0; j0 < nc; j0 += 8) {
            int jn = Math.min(8, nc - j0);
            for (int p = 0; p < kc; p++) {
                double[] row = dst[p];
                int s = src + j0 * ldb + p;
                for (int j = 0; j < jn; j++) {
                    row[j0 + j] = b[s + j * ldb];
                }
            }
        }
    }

    /** {@code dst[r·kc + p] = alpha·A[r][p]} for {@code mr} rows of length {@code lda} from {@code src}. */
    private static void packA(double[] a, int src, int lda, int mr, int kc, double alpha, double[] dst) {
        for (int r = 0; r < mr; r++) {
            int s = src + r * lda;
            int d = r * kc;
            for (int p = 0; p < kc; p++) {
                dst[d + p] = alpha * a[s + p];
            }
        }
    }

    /** {@code dst[r·kc + p] = alpha·A[p][r]} for A stored k×m (rows of length {@code lda}) from {@code src}. */
    private static void packATransposed(double[] a, int src, int lda, int mr, int kc, double alpha, double[] dst) {
        for (int p = 0; p < kc; p++) {
            int s = src + p * lda;
            for (int r = 0; r < mr; r++) {
                dst[r * kc + p] = alpha * a[s + r];
            }
        }
    }

    /** {@code row[0, nc) = scale·c[off, off+nc)}, or zeros when {@code scale == 0}; {@code row[nc, ncPad) = 0}. */
    private static void loadC(double[] c, int off, int nc, int ncPad, double scale, double[] row) {
        Arrays.fill(row, nc, ncPad, 0.0);
        if (scale == 0) {
            Arrays.fill(row, 0, nc, 0.0);
        } else {
            System.arraycopy(c, off, row, 0, nc);
            if (scale != 1) {
                for (int j = 0; j < nc; j++) {
                    row[j] *= scale;
                }
            }
        }
    }

    // ------------------------------------------------------------------ micro-kernels
    // Measured on JDK 17 C2, each of these leaves the inner loop scalar (about 4x slower): a body
    // with more than 9 FMAs; a second nest in the same method continuing the first one's induction
    // variable; and, oddly, the outer loop written `p < kEnd; p += 3` instead of `p + 3 <= kEnd`.
    // Hence one nest per method, remainders in separate methods, and the `p + 3 <= kEnd` form.

    /**
     * Rows c[0..2] += packed A rows 0..2 times packed B rows, for B rows {@code [0, kEnd)} in steps of 3.
     * The rows are taken from {@code c} here, not passed one by one: with three row parameters C2 left
     * the float32 loop scalar (measured: 13 against 58 GFLOP/s in L1; float64 unchanged at ≈ 40).
     */
    private static void kernel3x3(double[][] c, double[][] b, double[] a, int kc, int kEnd, int nc) {
        double[] c0 = c[0];
        double[] c1 = c[1];
        double[] c2 = c[2];
        for (int p = 0; p + 3 <= kEnd; p += 3) {
            double[] b0 = b[p];
            double[] b1 = b[p + 1];
            double[] b2 = b[p + 2];
            double a00 = a[p];
            double a01 = a[p + 1];
            double a02 = a[p + 2];
            double a10 = a[kc + p];
            double a11 = a[kc + p + 1];
            double a12 = a[kc + p + 2];
            double a20 = a[2 * kc + p];
            double a21 = a[2 * kc + p + 1];
            double a22 = a[2 * kc + p + 2];
            for (int j = 0; j < nc; j++) {
                double x0 = b0[j];
                double x1 = b1[j];
                double x2 = b2[j];
                double y0 = c0[j];
                double y1 = c1[j];
                double y2 = c2[j];
                y0 = Math.fma(a00, x0, y0);
                y1 = Math.fma(a10, x0, y1);
                y2 = Math.fma(a20, x0, y2);
                y0 = Math.fma(a01, x1, y0);
                y1 = Math.fma(a11, x1, y1);
                y2 = Math.fma(a21, x1, y2);
                y0 = Math.fma(a02, x2, y0);
                y1 = Math.fma(a12, x2, y1);
                y2 = Math.fma(a22, x2, y2);
                c0[j] = y0;
                c1[j] = y1;
                c2[j] = y2;
            }
        }
    }

    /** Rows c[0..2] += packed A rows 0..2 times packed B rows {@code [kStart, kc)}, one at a time. */
    private static void kernel3x1(double[][] c, double[][] b, double[] a, int kc, int kStart, int nc) {
        double[] c0 = c[0];
        double[] c1 = c[1];
        double[] c2 = c[2];
        for (int p = kStart; p < kc; p++) {
            double[] b0 = b[p];
            double a0 = a[p];
            double a1 = a[kc + p];
            double a2 = a[2 * kc + p];
            for (int j = 0; j < nc; j++) {
                double x = b0[j];
                c0[j] = Math.fma(a0, x, c0[j]);
                c1[j] = Math.fma(a1, x, c1[j]);
                c2[j] = Math.fma(a2, x, c2[j]);
            }
        }
    }

    /** Row c0 += packed A row (from {@code aOff}) times packed B rows {@code [0, kEnd)} in steps of 3. */
    private static void kernel1x3(double[] c0, double[][] b, double[] a, int aOff, int kEnd, int nc) {
        for (int p = 0; p + 3 <= kEnd; p += 3) {
            double[] b0 = b[p];
            double[] b1 = b[p + 1];
            double[] b2 = b[p + 2];
            double a0 = a[aOff + p];
            double a1 = a[aOff + p + 1];
            double a2 = a[aOff + p + 2];
            for (int j = 0; j < nc; j++) {
                c0[j] = Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c0[j])));
            }
        }
    }

    /** Row c0 += packed A row (from {@code aOff}) times packed B rows {@code [kStart, kEnd)}. */
    private static void kernel1x1(double[] c0, double[][] b, double[] a, int aOff, int kStart, int kEnd, int nc) {
        for (int p = kStart; p < kEnd; p++) {
            double[] b0 = b[p];
            double a0 = a[aOff + p];
            for (int j = 0; j < nc; j++) {
                c0[j] = Math.fma(a0, b0[j], c0[j]);
            }
        }
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    /** Per-thread packing buffers. */
    private static final class WorkspaceF32 {
        final float[][] b = new float[KC][NC_F32];
        final float[][] c = new float[MR][NC_F32];
        final float[] a = new float[MR * KC];
    }

    private static final ThreadLocal<WorkspaceF32> WORKSPACE_F32 = ThreadLocal.withInitial(WorkspaceF32::new);

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} on row-major arrays (BLAS {@code sgemm}).
     *
     * <p>{@code op(A)} is m×k: A is stored contiguously from {@code aOff} as m×k, or as k×m when
     * {@code transA}. {@code op(B)} is k×n: B is stored from {@code bOff} as k×n, or as n×k when
     * {@code transB}. C is m×n from {@code cOff}; only those {@code m·n} elements of {@code c} are
     * written. With {@code beta == 0} the old contents of C are ignored (even NaN); with
     * {@code k == 0} or {@code alpha == 0}, {@code C = beta·C} and A, B are not read. A and B may
     * share an array with each other; C must not overlap either of them.
     *
     * @throws IllegalArgumentException naming {@code gemm}, the sizes and what was expected, if a
     *                                  size is negative, an operand does not fit its array from its
     *                                  offset, or C overlaps A or B
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        check(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0) {
            scale(c, cOff, m * n, beta);
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL) {
            direct(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
            return;
        }
        if (Parallel.threads() > 1 && 2 * work >= PARALLEL_FLOPS) {
            // Any partition of C gives the same bits (see the class comment). Rows are split when C is
            // tall; when it is wide (an MLP batch), columns, so that each thread packs only its own
            // part of op(B) instead of all of it.
            if (m >= n) {
                int tiles = (m + MR - 1) / MR;
                Parallel.forRange(tiles, 4, (lo, hi) -> blocked(transA, transB, m, n, k, alpha, a, aOff,
                        b, bOff, beta, c, cOff, lo * MR, Math.min(m, hi * MR), 0, n));
            } else {
                int units = (n + COL_UNIT - 1) / COL_UNIT;
                Parallel.forRange(units, 8, (lo, hi) -> blocked(transA, transB, m, n, k, alpha, a, aOff,
                        b, bOff, beta, c, cOff, 0, m, lo * COL_UNIT, Math.min(n, hi * COL_UNIT)));
            }
        } else {
            blocked(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff, 0, m, 0, n);
        }
    }

    /** {@link #gemm(boolean, boolean, int, int, int, float, float[], int, float[], int, float, float[], int)} with all offsets 0. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, float[] b, float beta, float[] c) {
        gemm(transA, transB, m, n, k, alpha, a, 0, b, 0, beta, c, 0);
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        Objects.requireNonNull(a, "gemm: array a is null");
        Objects.requireNonNull(b, "gemm: array b is null");
        Objects.requireNonNull(c, "gemm: array c is null");
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        String shapes = " (m=" + m + ", n=" + n + ", k=" + k + ")";
        fits("A", "op(A) is " + m + "×" + k + (transA ? ", stored transposed as " + k + "×" + m : ""),
                (long) m * k, a.length, aOff, shapes);
        fits("B", "op(B) is " + k + "×" + n + (transB ? ", stored transposed as " + n + "×" + k : ""),
                (long) k * n, b.length, bOff, shapes);
        fits("C", "C is " + m + "×" + n, (long) m * n, c.length, cOff, shapes);
        if (c == a && overlap(cOff, (long) m * n, aOff, (long) m * k)) {
            throw new IllegalArgumentException("gemm: C (" + m + "×" + n + " from offset " + cOff + ") overlaps A ("
                    + m * (long) k + " elements from offset " + aOff + ") in the same array" + shapes
                    + "; expected C not to alias A");
        }
        if (c == b && overlap(cOff, (long) m * n, bOff, (long) k * n)) {
            throw new IllegalArgumentException("gemm: C (" + m + "×" + n + " from offset " + cOff + ") overlaps B ("
                    + k * (long) n + " elements from offset " + bOff + ") in the same array" + shapes
                    + "; expected C not to alias B");
        }
    }

    // ------------------------------------------------------------------ simple paths

    /** {@code x[off, off+len) *= beta}, with {@code beta == 0} writing zeros (not {@code 0·NaN}). */
    private static void scale(float[] x, int off, int len, float beta) {
        if (beta == 0) {
            Arrays.fill(x, off, off + len, 0.0f);
        } else if (beta != 1) {
            for (int i = off; i < off + len; i++) {
                x[i] *= beta;
            }
        }
    }

    /** The defining sequence of operations, unblocked; for products too small to be worth packing. */
    private static void direct(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        int aRow = transA ? 1 : k;
        int aCol = transA ? m : 1;
        int bRow = transB ? 1 : n;
        int bCol = transB ? k : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            scale(c, ci, n, beta);
            for (int p = 0; p < k; p++) {
                float s = alpha * a[aOff + i * aRow + p * aCol];
                int bp = bOff + p * bRow;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(s, b[bp + j * bCol], c[ci + j]);
                }
            }
        }
    }

    // ------------------------------------------------------------------ blocked path

    /** The block {@code [i0, i1)×[j0, j1)} of C; each calling thread uses its own workspace. */
    private static void blocked(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, float[] b, int bOff, float beta,
                                float[] c, int cOff, int i0, int i1, int j0, int j1) {
        FastKernels fast = FastKernels.active();
        if (fast != null) {
            fast.gemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff, i0, i1, j0, j1);
            return;
        }
        WorkspaceF32 ws = WORKSPACE_F32.get();
        float[][] bp = ws.b;
        float[][] cb = ws.c;
        float[] ap = ws.a;
        for (int jc = j0; jc < j1; jc += NC_F32) {
            int nc = Math.min(NC_F32, j1 - jc);
            int ncPad = (nc + COL_PAD - 1) / COL_PAD * COL_PAD;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int k3 = kc - kc % MR;
                if (transB) {
                    packBTransposed(b, bOff + jc * k + pc, k, kc, nc, ncPad, bp);
                } else {
                    packB(b, bOff + pc * n + jc, n, kc, nc, ncPad, bp);
                }
                float cScale = pc == 0 ? beta : 1.0f;
                for (int i = i0; i < i1; i += MR) {
                    int mr = Math.min(MR, i1 - i);
                    if (transA) {
                        packATransposed(a, aOff + pc * m + i, m, mr, kc, alpha, ap);
                    } else {
                        packA(a, aOff + i * k + pc, k, mr, kc, alpha, ap);
                    }
                    int ci = cOff + i * n + jc;
                    for (int r = 0; r < mr; r++) {
                        loadC(c, ci + r * n, nc, ncPad, cScale, cb[r]);
                    }
                    if (mr == MR) {
                        kernel3x3(cb, bp, ap, kc, k3, ncPad);
                        if (k3 < kc) {
                            kernel3x1(cb, bp, ap, kc, k3, ncPad);
                        }
                    } else {
                        for (int r = 0; r < mr; r++) {
                            kernel1x3(cb[r], bp, ap, r * kc, k3, ncPad);
                            if (k3 < kc) {
                                kernel1x1(cb[r], bp, ap, r * kc, k3, kc, ncPad);
                            }
                        }
                    }
                    for (int r = 0; r < mr; r++) {
                        System.arraycopy(cb[r], 0, c, ci + r * n, nc);
                    }
                }
            }
        }
    }

    /**
     * {@code dst[p][0, nc) = B[p][0, nc)} for B rows of length {@code ldb} starting at {@code src};
     * {@code dst[p][nc, ncPad) = 0}.
     */
    private static void packB(float[] b, int src, int ldb, int kc, int nc, int ncPad, float[][] dst) {
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, src + p * ldb, dst[p], 0, nc);
            Arrays.fill(dst[p], nc, ncPad, 0.0f);
        }
    }

    /**
     * {@code dst[p][j] = B[j][p]} for B stored n×k (rows of length {@code ldb}) from {@code src};
     * {@code dst[p][nc, ncPad) = 0}.
     */
    private static void packBTransposed(float[] b, int src, int ldb, int kc, int nc, int ncPad, float[][] dst) {
        for (int p = 0; p < kc; p++) {
            Arrays.fill(dst[p], nc, ncPad, 0.0f);
        }
        // 8 source rows at a time keep the strided reads within a few L1 lines
        for (int j0 = 0; j0 < nc; j0 += 8) {
            int jn = Math.min(8, nc - j0);
            for (int p = 0; p < kc; p++) {
                float[] row = dst[p];
                int s = src + j0 * ldb + p;
                for (int j = 0; j < jn; j++) {
                    row[j0 + j] = b[s + j * ldb];
                }
            }
        }
    }

    /** {@code dst[r·kc + p] = alpha·A[r][p]} for {@code mr} rows of length {@code lda} from {@code src}. */
    private static void packA(float[] a, int src, int lda, int mr, int kc, float alpha, float[] dst) {
        for (int r = 0; r < mr; r++) {
            int s = src + r * lda;
            int d = r * kc;
            for (int p = 0; p < kc; p++) {
                dst[d + p] = alpha * a[s + p];
            }
        }
    }

    /** {@code dst[r·kc + p] = alpha·A[p][r]} for A stored k×m (rows of length {@code lda}) from {@code src}. */
    private static void packATransposed(float[] a, int src, int lda, int mr, int kc, float alpha, float[] dst) {
        for (int p = 0; p < kc; p++) {
            int s = src + p * lda;
            for (int r = 0; r < mr; r++) {
                dst[r * kc + p] = alpha * a[s + r];
            }
        }
    }

    /** {@code row[0, nc) = scale·c[off, off+nc)}, or zeros when {@code scale == 0}; {@code row[nc, ncPad) = 0}. */
    private static void loadC(float[] c, int off, int nc, int ncPad, float scale, float[] row) {
        Arrays.fill(row, nc, ncPad, 0.0f);
        if (scale == 0) {
            Arrays.fill(row, 0, nc, 0.0f);
        } else {
            System.arraycopy(c, off, row, 0, nc);
            if (scale != 1) {
                for (int j = 0; j < nc; j++) {
                    row[j] *= scale;
                }
            }
        }
    }

    // ------------------------------------------------------------------ micro-kernels
    // Measured on JDK 17 C2, each of these leaves the inner loop scalar (about 4x slower): a body
    // with more than 9 FMAs; a second nest in the same method continuing the first one's induction
    // variable; and, oddly, the outer loop written `p < kEnd; p += 3` instead of `p + 3 <= kEnd`.
    // Hence one nest per method, remainders in separate methods, and the `p + 3 <= kEnd` form.

    /**
     * Rows c[0..2] += packed A rows 0..2 times packed B rows, for B rows {@code [0, kEnd)} in steps of 3.
     * The rows are taken from {@code c} here, not passed one by one: with three row parameters C2 left
     * the float32 loop scalar (measured: 13 against 58 GFLOP/s in L1; float32 unchanged at ≈ 40).
     */
    private static void kernel3x3(float[][] c, float[][] b, float[] a, int kc, int kEnd, int nc) {
        float[] c0 = c[0];
        float[] c1 = c[1];
        float[] c2 = c[2];
        for (int p = 0; p + 3 <= kEnd; p += 3) {
            float[] b0 = b[p];
            float[] b1 = b[p + 1];
            float[] b2 = b[p + 2];
            float a00 = a[p];
            float a01 = a[p + 1];
            float a02 = a[p + 2];
            float a10 = a[kc + p];
            float a11 = a[kc + p + 1];
            float a12 = a[kc + p + 2];
            float a20 = a[2 * kc + p];
            float a21 = a[2 * kc + p + 1];
            float a22 = a[2 * kc + p + 2];
            for (int j = 0; j < nc; j++) {
                float x0 = b0[j];
                float x1 = b1[j];
                float x2 = b2[j];
                float y0 = c0[j];
                float y1 = c1[j];
                float y2 = c2[j];
                y0 = Math.fma(a00, x0, y0);
                y1 = Math.fma(a10, x0, y1);
                y2 = Math.fma(a20, x0, y2);
                y0 = Math.fma(a01, x1, y0);
                y1 = Math.fma(a11, x1, y1);
                y2 = Math.fma(a21, x1, y2);
                y0 = Math.fma(a02, x2, y0);
                y1 = Math.fma(a12, x2, y1);
                y2 = Math.fma(a22, x2, y2);
                c0[j] = y0;
                c1[j] = y1;
                c2[j] = y2;
            }
        }
    }

    /** Rows c[0..2] += packed A rows 0..2 times packed B rows {@code [kStart, kc)}, one at a time. */
    private static void kernel3x1(float[][] c, float[][] b, float[] a, int kc, int kStart, int nc) {
        float[] c0 = c[0];
        float[] c1 = c[1];
        float[] c2 = c[2];
        for (int p = kStart; p < kc; p++) {
            float[] b0 = b[p];
            float a0 = a[p];
            float a1 = a[kc + p];
            float a2 = a[2 * kc + p];
            for (int j = 0; j < nc; j++) {
                float x = b0[j];
                c0[j] = Math.fma(a0, x, c0[j]);
                c1[j] = Math.fma(a1, x, c1[j]);
                c2[j] = Math.fma(a2, x, c2[j]);
            }
        }
    }

    /** Row c0 += packed A row (from {@code aOff}) times packed B rows {@code [0, kEnd)} in steps of 3. */
    private static void kernel1x3(float[] c0, float[][] b, float[] a, int aOff, int kEnd, int nc) {
        for (int p = 0; p + 3 <= kEnd; p += 3) {
            float[] b0 = b[p];
            float[] b1 = b[p + 1];
            float[] b2 = b[p + 2];
            float a0 = a[aOff + p];
            float a1 = a[aOff + p + 1];
            float a2 = a[aOff + p + 2];
            for (int j = 0; j < nc; j++) {
                c0[j] = Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], c0[j])));
            }
        }
    }

    /** Row c0 += packed A row (from {@code aOff}) times packed B rows {@code [kStart, kEnd)}. */
    private static void kernel1x1(float[] c0, float[][] b, float[] a, int aOff, int kStart, int kEnd, int nc) {
        for (int p = kStart; p < kEnd; p++) {
            float[] b0 = b[p];
            float a0 = a[aOff + p];
            for (int j = 0; j < nc; j++) {
                c0[j] = Math.fma(a0, b0[j], c0[j]);
            }
        }
    }

    // END generated float32 kernels
}
