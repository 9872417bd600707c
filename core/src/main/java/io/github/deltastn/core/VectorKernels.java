package io.github.deltastn.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API ({@code jdk.incubator.vector}) implementation of {@link FastKernels}: whole vectors of
 * the preferred width per step, the scalar loop for the tail. Loaded reflectively, only when enabled
 * (see {@link FastKernels}); never referenced otherwise, so the library runs without the module.
 */
final class VectorKernels implements FastKernels {
    /** Rows of C per register tile of {@link #gemm}. */
    private static final int GEMM_MR = 4;
    /** Depth of a packed panel. */
    private static final int GEMM_KC = 256;
    /** Rows of op(A) per packed block. */
    private static final int GEMM_MC = 96;
    /** Columns of op(B) per packed panel. */
    private static final int GEMM_NC = 512;

    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    private static final VectorSpecies<Double> S_F64 = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void exp(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F64.loopBound(to - from); i < bound; i += S_F64.length()) {
            DoubleVector.fromArray(S_F64, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.exp(x[i]);
        }
    }

    @Override
    public void tanh(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F64.loopBound(to - from); i < bound; i += S_F64.length()) {
            DoubleVector.fromArray(S_F64, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.tanh(x[i]);
        }
    }

    @Override
    public void sigmoid(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F64.loopBound(to - from); i < bound; i += S_F64.length()) {
            DoubleVector v = DoubleVector.fromArray(S_F64, x, i);
            // e = exp(−|v|) never overflows; σ(v) = 1/(1+e) for v ≥ 0 and e/(1+e) for v < 0
            DoubleVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            DoubleVector r = DoubleVector.broadcast(S_F64, 1.0).div(e.add(1.0));
            VectorMask<Double> negative = v.compare(VectorOperators.LT, 0.0);
            r.blend(e.mul(r), negative).intoArray(out, i);
        }
        for (; i < to; i++) {
            double v = x[i];
            double e = Math.exp(-Math.abs(v));
            double r = 1.0 / (1.0 + e);
            out[i] = v >= 0 ? r : e * r;
        }
    }

    @Override
    public double sum(double[] x, int off, int n) {
        DoubleVector acc = DoubleVector.zero(S_F64);
        int i = 0;
        for (int bound = S_F64.loopBound(n); i < bound; i += S_F64.length()) {
            acc = acc.add(DoubleVector.fromArray(S_F64, x, off + i));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        DoubleVector acc = DoubleVector.zero(S_F64);
        int i = 0;
        for (int bound = S_F64.loopBound(n); i < bound; i += S_F64.length()) {
            acc = DoubleVector.fromArray(S_F64, a, aOff + i).fma(DoubleVector.fromArray(S_F64, b, bOff + i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** Columns of a packed B sliver: two vectors, the width of the register tile. */
    private static final int NR_F64 = 2 * S_F64.length();

    /** Per-thread packing buffers of {@link #gemm}: A block, B panel, one C tile for the edges. */
    private static final class GemmBuffersF64 {
        final double[] a = new double[GEMM_MC * GEMM_KC];
        final double[] b = new double[GEMM_KC * GEMM_NC];
        final double[] c = new double[GEMM_MR * NR_F64];
    }

    private static final ThreadLocal<GemmBuffersF64> GEMM_F64 = ThreadLocal.withInitial(GemmBuffersF64::new);

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                     double[] b, int bOff, double beta, double[] c, int cOff, int i0, int i1, int j0, int j1) {
        GemmBuffersF64 buf = GEMM_F64.get();
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * n;
            if (beta == 0) {
                java.util.Arrays.fill(c, ci + j0, ci + j1, 0.0);
            } else if (beta != 1) {
                for (int j = ci + j0; j < ci + j1; j++) {
                    c[j] *= beta;
                }
            }
        }
        for (int jc = j0; jc < j1; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, j1 - jc);
            for (int pc = 0; pc < k; pc += GEMM_KC) {
                int kc = Math.min(GEMM_KC, k - pc);
                packB(transB, n, k, b, bOff, pc, kc, jc, nc, buf.b);
                for (int ic = i0; ic < i1; ic += GEMM_MC) {
                    int mc = Math.min(GEMM_MC, i1 - ic);
                    packA(transA, m, k, alpha, a, aOff, ic, mc, pc, kc, buf.a);
                    for (int jr = 0; jr < nc; jr += NR_F64) {
                        int nr = Math.min(NR_F64, nc - jr);
                        for (int ir = 0; ir < mc; ir += GEMM_MR) {
                            int mr = Math.min(GEMM_MR, mc - ir);
                            int ct = cOff + (ic + ir) * n + jc + jr;
                            if (mr == GEMM_MR && nr == NR_F64) {
                                tile(kc, buf.a, ir * kc, buf.b, jr * kc, c, ct, n);
                            } else {
                                double[] t = buf.c;
                                java.util.Arrays.fill(t, 0.0);
                                for (int r = 0; r < mr; r++) {
                                    System.arraycopy(c, ct + r * n, t, r * NR_F64, nr);
                                }
                                tile(kc, buf.a, ir * kc, buf.b, jr * kc, t, 0, NR_F64);
                                for (int r = 0; r < mr; r++) {
                                    System.arraycopy(t, r * NR_F64, c, ct + r * n, nr);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code dst} = columns {@code [jc, jc+nc)} of rows {@code [pc, pc+kc)} of op(B) as slivers of
     * {@code NR} columns, each stored row after row ({@code kc×NR}), the last one zero-padded.
     */
    private static void packB(boolean transB, int n, int k, double[] b, int bOff, int pc, int kc, int jc, int nc,
                              double[] dst) {
        for (int js = 0; js < nc; js += NR_F64) {
            int w = Math.min(NR_F64, nc - js);
            int base = js * kc;
            for (int p = 0; p < kc; p++) {
                int d = base + p * NR_F64;
                if (transB) {
                    for (int jj = 0; jj < w; jj++) {
                        dst[d + jj] = b[bOff + (jc + js + jj) * k + pc + p];
                    }
                } else {
                    System.arraycopy(b, bOff + (pc + p) * n + jc + js, dst, d, w);
                }
                for (int jj = w; jj < NR_F64; jj++) {
                    dst[d + jj] = 0;
                }
            }
        }
    }

    /**
     * {@code dst} = {@code alpha·op(A)} rows {@code [ic, ic+mc)}, columns {@code [pc, pc+kc)} as tiles of
     * {@code MR} rows, each stored column after column ({@code kc×MR}), the last one zero-padded.
     */
    private static void packA(boolean transA, int m, int k, double alpha, double[] a, int aOff, int ic, int mc,
                              int pc, int kc, double[] dst) {
        for (int it = 0; it < mc; it += GEMM_MR) {
            int h = Math.min(GEMM_MR, mc - it);
            int base = it * kc;
            for (int p = 0; p < kc; p++) {
                int d = base + p * GEMM_MR;
                for (int r = 0; r < h; r++) {
                    int row = ic + it + r;
                    dst[d + r] = alpha * (transA ? a[aOff + (pc + p) * m + row] : a[aOff + row * k + pc + p]);
                }
                for (int r = h; r < GEMM_MR; r++) {
                    dst[d + r] = 0;
                }
            }
        }
    }

    /**
     * The register tile: {@code C[r][j] = fma(A[r][p], B[p][j], C[r][j])} for {@code p = 0 … kc-1} in
     * order, 4 rows × 2 vectors of C held in registers (more accumulators make C2 spill them to the heap).
     */
    private static void tile(int kc, double[] pa, int ao, double[] pb, int bo, double[] c, int co, int ldc) {
        int l = S_F64.length();
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector c00 = DoubleVector.fromArray(S_F64, c, co);
        DoubleVector c01 = DoubleVector.fromArray(S_F64, c, co + l);
        DoubleVector c10 = DoubleVector.fromArray(S_F64, c, c1);
        DoubleVector c11 = DoubleVector.fromArray(S_F64, c, c1 + l);
        DoubleVector c20 = DoubleVector.fromArray(S_F64, c, c2);
        DoubleVector c21 = DoubleVector.fromArray(S_F64, c, c2 + l);
        DoubleVector c30 = DoubleVector.fromArray(S_F64, c, c3);
        DoubleVector c31 = DoubleVector.fromArray(S_F64, c, c3 + l);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * NR_F64;
            int ap = ao + p * GEMM_MR;
            DoubleVector b0 = DoubleVector.fromArray(S_F64, pb, bp);
            DoubleVector b1 = DoubleVector.fromArray(S_F64, pb, bp + l);
            DoubleVector x = DoubleVector.broadcast(S_F64, pa[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S_F64, pa[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S_F64, pa[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S_F64, pa[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + l);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + l);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + l);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + l);
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    private static final VectorSpecies<Float> S_F32 = FloatVector.SPECIES_PREFERRED;

    @Override
    public void exp(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F32.loopBound(to - from); i < bound; i += S_F32.length()) {
            FloatVector.fromArray(S_F32, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = (float) Math.exp(x[i]);
        }
    }

    @Override
    public void tanh(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F32.loopBound(to - from); i < bound; i += S_F32.length()) {
            FloatVector.fromArray(S_F32, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
    }

    @Override
    public void sigmoid(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F32.loopBound(to - from); i < bound; i += S_F32.length()) {
            FloatVector v = FloatVector.fromArray(S_F32, x, i);
            // e = exp(−|v|) never overflows; σ(v) = 1/(1+e) for v ≥ 0 and e/(1+e) for v < 0
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector r = FloatVector.broadcast(S_F32, 1.0f).div(e.add(1.0f));
            VectorMask<Float> negative = v.compare(VectorOperators.LT, 0.0f);
            r.blend(e.mul(r), negative).intoArray(out, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            float e = (float) Math.exp(-Math.abs(v));
            float r = 1.0f / (1.0f + e);
            out[i] = v >= 0 ? r : e * r;
        }
    }

    @Override
    public float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S_F32);
        int i = 0;
        for (int bound = S_F32.loopBound(n); i < bound; i += S_F32.length()) {
            acc = acc.add(FloatVector.fromArray(S_F32, x, off + i));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S_F32);
        int i = 0;
        for (int bound = S_F32.loopBound(n); i < bound; i += S_F32.length()) {
            acc = FloatVector.fromArray(S_F32, a, aOff + i).fma(FloatVector.fromArray(S_F32, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** Columns of a packed B sliver: two vectors, the width of the register tile. */
    private static final int NR_F32 = 2 * S_F32.length();

    /** Per-thread packing buffers of {@link #gemm}: A block, B panel, one C tile for the edges. */
    private static final class GemmBuffersF32 {
        final float[] a = new float[GEMM_MC * GEMM_KC];
        final float[] b = new float[GEMM_KC * GEMM_NC];
        final float[] c = new float[GEMM_MR * NR_F32];
    }

    private static final ThreadLocal<GemmBuffersF32> GEMM_F32 = ThreadLocal.withInitial(GemmBuffersF32::new);

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                     float[] b, int bOff, float beta, float[] c, int cOff, int i0, int i1, int j0, int j1) {
        GemmBuffersF32 buf = GEMM_F32.get();
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * n;
            if (beta == 0) {
                java.util.Arrays.fill(c, ci + j0, ci + j1, 0.0f);
            } else if (beta != 1) {
                for (int j = ci + j0; j < ci + j1; j++) {
                    c[j] *= beta;
                }
            }
        }
        for (int jc = j0; jc < j1; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, j1 - jc);
            for (int pc = 0; pc < k; pc += GEMM_KC) {
                int kc = Math.min(GEMM_KC, k - pc);
                packB(transB, n, k, b, bOff, pc, kc, jc, nc, buf.b);
                for (int ic = i0; ic < i1; ic += GEMM_MC) {
                    int mc = Math.min(GEMM_MC, i1 - ic);
                    packA(transA, m, k, alpha, a, aOff, ic, mc, pc, kc, buf.a);
                    for (int jr = 0; jr < nc; jr += NR_F32) {
                        int nr = Math.min(NR_F32, nc - jr);
                        for (int ir = 0; ir < mc; ir += GEMM_MR) {
                            int mr = Math.min(GEMM_MR, mc - ir);
                            int ct = cOff + (ic + ir) * n + jc + jr;
                            if (mr == GEMM_MR && nr == NR_F32) {
                                tile(kc, buf.a, ir * kc, buf.b, jr * kc, c, ct, n);
                            } else {
                                float[] t = buf.c;
                                java.util.Arrays.fill(t, 0.0f);
                                for (int r = 0; r < mr; r++) {
                                    System.arraycopy(c, ct + r * n, t, r * NR_F32, nr);
                                }
                                tile(kc, buf.a, ir * kc, buf.b, jr * kc, t, 0, NR_F32);
                                for (int r = 0; r < mr; r++) {
                                    System.arraycopy(t, r * NR_F32, c, ct + r * n, nr);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code dst} = columns {@code [jc, jc+nc)} of rows {@code [pc, pc+kc)} of op(B) as slivers of
     * {@code NR} columns, each stored row after row ({@code kc×NR}), the last one zero-padded.
     */
    private static void packB(boolean transB, int n, int k, float[] b, int bOff, int pc, int kc, int jc, int nc,
                              float[] dst) {
        for (int js = 0; js < nc; js += NR_F32) {
            int w = Math.min(NR_F32, nc - js);
            int base = js * kc;
            for (int p = 0; p < kc; p++) {
                int d = base + p * NR_F32;
                if (transB) {
                    for (int jj = 0; jj < w; jj++) {
                        dst[d + jj] = b[bOff + (jc + js + jj) * k + pc + p];
                    }
                } else {
                    System.arraycopy(b, bOff + (pc + p) * n + jc + js, dst, d, w);
                }
                for (int jj = w; jj < NR_F32; jj++) {
                    dst[d + jj] = 0;
                }
            }
        }
    }

    /**
     * {@code dst} = {@code alpha·op(A)} rows {@code [ic, ic+mc)}, columns {@code [pc, pc+kc)} as tiles of
     * {@code MR} rows, each stored column after column ({@code kc×MR}), the last one zero-padded.
     */
    private static void packA(boolean transA, int m, int k, float alpha, float[] a, int aOff, int ic, int mc,
                              int pc, int kc, float[] dst) {
        for (int it = 0; it < mc; it += GEMM_MR) {
            int h = Math.min(GEMM_MR, mc - it);
            int base = it * kc;
            for (int p = 0; p < kc; p++) {
                int d = base + p * GEMM_MR;
                for (int r = 0; r < h; r++) {
                    int row = ic + it + r;
                    dst[d + r] = alpha * (transA ? a[aOff + (pc + p) * m + row] : a[aOff + row * k + pc + p]);
                }
                for (int r = h; r < GEMM_MR; r++) {
                    dst[d + r] = 0;
                }
            }
        }
    }

    /**
     * The register tile: {@code C[r][j] = fma(A[r][p], B[p][j], C[r][j])} for {@code p = 0 … kc-1} in
     * order, 4 rows × 2 vectors of C held in registers (more accumulators make C2 spill them to the heap).
     */
    private static void tile(int kc, float[] pa, int ao, float[] pb, int bo, float[] c, int co, int ldc) {
        int l = S_F32.length();
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector c00 = FloatVector.fromArray(S_F32, c, co);
        FloatVector c01 = FloatVector.fromArray(S_F32, c, co + l);
        FloatVector c10 = FloatVector.fromArray(S_F32, c, c1);
        FloatVector c11 = FloatVector.fromArray(S_F32, c, c1 + l);
        FloatVector c20 = FloatVector.fromArray(S_F32, c, c2);
        FloatVector c21 = FloatVector.fromArray(S_F32, c, c2 + l);
        FloatVector c30 = FloatVector.fromArray(S_F32, c, c3);
        FloatVector c31 = FloatVector.fromArray(S_F32, c, c3 + l);
        for (int p = 0; p < kc; p++) {
            int bp = bo + p * NR_F32;
            int ap = ao + p * GEMM_MR;
            FloatVector b0 = FloatVector.fromArray(S_F32, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S_F32, pb, bp + l);
            FloatVector x = FloatVector.broadcast(S_F32, pa[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S_F32, pa[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S_F32, pa[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S_F32, pa[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + l);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + l);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + l);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + l);
    }

    // END generated float32 kernels
}
