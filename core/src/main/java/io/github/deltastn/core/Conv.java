package io.github.deltastn.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * Convolution for NCHW tensors: the batched convolution {@link #conv2d} with its two adjoints
 * {@link #conv2dInputGrad} and {@link #conv2dWeightGrad}, the bias {@link #addChannelBias}, the per-image {@link #im2col} and its adjoint
 * {@link #col2im}, and 2-D max pooling. Kernels may be rectangular; stride, zero padding and dilation
 * are the same along both spatial axes.
 *
 * <p><b>Batched layout.</b> The three convolution kernels unfold a chunk of {@code nb} examples at a
 * time into one column buffer {@code cols [C·kh·kw, nb·OH·OW]} (column {@code e·OH·OW + p} is output
 * position {@code p} of example {@code e} of the chunk) and make one GEMM per chunk. {@code nb} is
 * {@link #CHUNK_DOUBLES} divided by the size of one example's columns (at least 1), so the buffer
 * stays in L2 and its size is bounded whatever the batch; it depends on the shapes only. Each
 * thread reuses one buffer for all its chunks.
 *
 * <p><b>Summation order</b> (fixed, so results are bit-identical for every {@link Parallel#threads()}
 * setting and every chunking): each output of {@link #conv2d} is the {@link Gemm} sum over
 * {@code (c, i, j)} in that order; {@link #conv2dInputGrad} sums over the output channels by
 * {@link Gemm}, then folds (as {@link #col2im}) in the order {@code (i, j, oh, ow)}; {@link #conv2dWeightGrad}
 * sums over {@code (n, oh, ow)} in that order within fixed groups of {@value #WEIGHT_GRAD_GROUP}
 * examples, then adds the groups' partial sums in group order.
 *
 * <p>All methods return fresh tensors and never modify their arguments. They work in the dtype of their
 * inputs (which must agree, else an {@link IllegalArgumentException} names the op and both dtypes); the
 * float32 kernels are generated from the float64 ones (design.md §2) and keep the same chunking and summation
 * order, so they too are bit-identical for every thread count.
 */
public final class Conv {
    private Conv() {}

    /**
     * Max-pooling result: {@code out} is {@code [N, C, OH, OW]} and {@code argmax[i]} is the flat
     * index into the input of {@code out.flat[i]}, for {@link Reduce#gather} / {@link Reduce#scatterAdd}.
     */
    public record Pool(Tensor out, int[] argmax) {}

    /**
     * Output length of a convolution along one axis:
     * {@code floor((in + 2·pad − dilation·(kernel − 1) − 1) / stride) + 1}.
     *
     * @throws IllegalArgumentException on {@code in < 0}, {@code kernel < 1}, {@code stride < 1},
     *     {@code pad < 0}, {@code dilation < 1}, or when the (dilated) kernel does not fit, i.e. the result is below 1
     */
    public static int outSize(int in, int kernel, int stride, int pad, int dilation) {
        return outSize("outSize", in, kernel, stride, pad, dilation);
    }

    private static int outSize(String op, int in, int kernel, int stride, int pad, int dilation) {
        if (in < 0 || kernel < 1 || stride < 1 || pad < 0 || dilation < 1) {
            throw new IllegalArgumentException(op + ": need in >= 0, kernel >= 1, stride >= 1, pad >= 0, dilation >= 1; got in="
                    + in + ", kernel=" + kernel + ", stride=" + stride + ", pad=" + pad + ", dilation=" + dilation);
        }
        long span = (long) dilation * (kernel - 1) + 1;
        long room = (long) in + 2L * pad - span;
        if (room < 0) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " with dilation " + dilation + " spans " + span
                    + " but the padded input has only " + (in + 2L * pad) + " (in=" + in + ", pad=" + pad
                    + "), so the output size would be < 1");
        }
        long out = room / stride + 1;
        if (out > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": output size " + out + " too large");
        }
        return (int) out;
    }

    /**
     * Unfolds image patches into columns. x {@code [N, C, H, W]} → cols {@code [N, C·kh·kw, OH·OW]}
     * with {@code OH = outSize(H, kh, stride, pad, dilation)} (same for OW with kw) and
     * {@code cols[n, (c·kh + i)·kw + j, oh·OW + ow] = x[n, c, oh·stride − pad + i·dilation, ow·stride − pad + j·dilation]},
     * or 0 where that position falls in the padding.
     *
     * @throws IllegalArgumentException when x is not rank 4 or the parameters are invalid (see {@link #outSize})
     */
    public static Tensor im2col(Tensor x, int kh, int kw, int stride, int pad, int dilation) {
        Objects.requireNonNull(x, "im2col: x");
        int[] xs = x.shape();
        if (xs.length != 4) {
            throw new IllegalArgumentException("im2col: expected x of shape [N, C, H, W], got " + Shape.str(xs));
        }
        Geometry g = new Geometry("im2col", xs, kh, kw, stride, pad, dilation);
        Tensor cols = Tensor.zeros(x.dtype(), g.colsShape());
        if (x.dtype() == DType.FLOAT32) {
            unfold(g, x.floatData(), cols.floatData(), false);
        } else {
            unfold(g, x.data(), cols.data(), false);
        }
        return cols;
    }

    /**
     * Adjoint of {@link #im2col} (folds columns back, summing overlapping contributions):
     * cols {@code [N, C·kh·kw, OH·OW]} → x {@code [N, C, H, W]} = {@code xShape} with
     * {@code x[n, c, ih, iw] = Σ cols[n, (c·kh + i)·kw + j, oh·OW + ow]} over all
     * {@code (i, j, oh, ow)} with {@code ih = oh·stride − pad + i·dilation}, {@code iw = ow·stride − pad + j·dilation}.
     *
     * @throws IllegalArgumentException when xShape is not rank 4, the parameters are invalid, or cols
     *     does not have the shape im2col would produce for xShape
     */
    public static Tensor col2im(Tensor cols, int[] xShape, int kh, int kw, int stride, int pad, int dilation) {
        Objects.requireNonNull(cols, "col2im: cols");
        Objects.requireNonNull(xShape, "col2im: xShape");
        if (xShape.length != 4) {
            throw new IllegalArgumentException("col2im: expected xShape [N, C, H, W], got " + Shape.str(xShape));
        }
        Shape.size(xShape);
        Geometry g = new Geometry("col2im", xShape, kh, kw, stride, pad, dilation);
        int[] expected = g.colsShape();
        if (!cols.hasShape(expected)) {
            throw new IllegalArgumentException("col2im: cols has shape " + Shape.str(cols.shape()) + ", expected "
                    + Shape.str(expected) + " for xShape " + Shape.str(xShape) + " with kernel " + kh + "x" + kw
                    + ", stride " + stride + ", pad " + pad + ", dilation " + dilation);
        }
        Tensor x = Tensor.zeros(cols.dtype(), xShape);
        if (cols.dtype() == DType.FLOAT32) {
            unfold(g, x.floatData(), cols.floatData(), true);
        } else {
            unfold(g, x.data(), cols.data(), true);
        }
        return x;
    }

    /**
     * Elements in one column chunk (1 MiB in float64, half that in float32): with a packed GEMM panel it fits
     * in L2. A constant, so the chunking depends on the shapes only, not on the dtype.
     */
    static final int CHUNK_DOUBLES = 1 << 17;

    /** Examples per partial sum of {@link #conv2dWeightGrad} (a constant: results do not depend on threads). */
    static final int WEIGHT_GRAD_GROUP = 8;

    /**
     * 2-D convolution (cross-correlation), x {@code [N, C, H, W]}, w {@code [Co, C, kh, kw]} →
     * y {@code [N, Co, OH, OW]} with
     * {@code y[n, o, oh, ow] = Σ_{c,i,j} w[o, c, i, j]·x[n, c, oh·stride − pad + i·dilation, ow·stride − pad + j·dilation]}
     * (zero outside x); {@code OH = outSize(H, kh, stride, pad, dilation)}, OW likewise. Computed as
     * {@code w·cols} per chunk of examples (see the class comment).
     *
     * @throws IllegalArgumentException when x or w is not rank 4, their channels differ, or the
     *     parameters are invalid (see {@link #outSize})
     */
    public static Tensor conv2d(Tensor x, Tensor w, int stride, int pad, int dilation) {
        Objects.requireNonNull(x, "conv2d: x");
        Objects.requireNonNull(w, "conv2d: w");
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs.length != 4 || ws.length != 4 || ws[1] != xs[1]) {
            throw new IllegalArgumentException("conv2d: expected x [N, C, H, W] and w [Co, C, kh, kw], got x "
                    + Shape.str(xs) + " and w " + Shape.str(ws));
        }
        DType dtype = Tensor.requireSameDType("conv2d", x, w);
        Geometry g = new Geometry("conv2d", xs, ws[2], ws[3], stride, pad, dilation);
        Tensor y = Tensor.zeros(dtype, g.n, ws[0], g.oh, g.ow);
        if (dtype == DType.FLOAT32) {
            conv2dForward(g, x.floatData(), w.floatData(), ws[0], y.floatData());
        } else {
            conv2dForward(g, x.data(), w.data(), ws[0], y.data());
        }
        return y;
    }

    /**
     * Input gradient of {@link #conv2d} (its adjoint in x): gy {@code [N, Co, OH, OW]}, w {@code [Co, C, kh, kw]}
     * → gx {@code [N, C, H, W]} = {@code xShape} with {@code gx = col2im(wᵀ·gy)}, i.e.
     * {@code gx[n, c, ih, iw] = Σ gy[n, o, oh, ow]·w[o, c, i, j]} over {@code (o, i, j, oh, ow)} with
     * {@code ih = oh·stride − pad + i·dilation}, {@code iw = ow·stride − pad + j·dilation}.
     *
     * @throws IllegalArgumentException when a shape is not rank 4, the parameters are invalid, or gy and
     *     w do not match xShape
     */
    public static Tensor conv2dInputGrad(Tensor gy, Tensor w, int[] xShape, int stride, int pad, int dilation) {
        Objects.requireNonNull(gy, "conv2dInputGrad: gy");
        Objects.requireNonNull(w, "conv2dInputGrad: w");
        Objects.requireNonNull(xShape, "conv2dInputGrad: xShape");
        int[] ws = w.shape();
        if (xShape.length != 4 || ws.length != 4) {
            throw new IllegalArgumentException("conv2dInputGrad: expected xShape [N, C, H, W] and w [Co, C, kh, kw], got "
                    + Shape.str(xShape) + " and " + Shape.str(ws));
        }
        DType dtype = Tensor.requireSameDType("conv2dInputGrad", gy, w);
        Geometry g = new Geometry("conv2dInputGrad", xShape, ws[2], ws[3], stride, pad, dilation);
        if (!gy.hasShape(g.n, ws[0], g.oh, g.ow) || ws[1] != g.c) {
            throw new IllegalArgumentException("conv2dInputGrad: gradient " + Shape.str(gy.shape()) + " and weight "
                    + Shape.str(ws) + " do not match input shape " + Shape.str(xShape));
        }
        Tensor gx = Tensor.zeros(dtype, xShape);
        if (dtype == DType.FLOAT32) {
            conv2dInputGrad(g, gy.floatData(), w.floatData(), ws[0], gx.floatData());
        } else {
            conv2dInputGrad(g, gy.data(), w.data(), ws[0], gx.data());
        }
        return gx;
    }

    /**
     * Weight gradient of {@link #conv2d} (its adjoint in w): x {@code [N, C, H, W]}, gy {@code [N, Co, OH, OW]}
     * → gw {@code [Co, C, kh, kw]} = {@code wShape} with {@code gw = Σ_n gy[n]·im2col(x)[n]ᵀ}, i.e.
     * {@code gw[o, c, i, j] = Σ_{n,oh,ow} gy[n, o, oh, ow]·x[n, c, oh·stride − pad + i·dilation, ow·stride − pad + j·dilation]}.
     *
     * @throws IllegalArgumentException when a shape is not rank 4, the parameters are invalid, or x and
     *     gy do not match wShape
     */
    public static Tensor conv2dWeightGrad(Tensor x, Tensor gy, int[] wShape, int stride, int pad, int dilation) {
        return conv2dWeightGradChecked(x, gy, wShape, stride, pad, dilation, null);
    }

    /** conv2dWeightGrad into {@code out}, or into a fresh tensor when {@code out} is null. */
    private static Tensor conv2dWeightGradChecked(Tensor x, Tensor gy, int[] wShape, int stride, int pad, int dilation,
                                                  Tensor out) {
        Objects.requireNonNull(x, "conv2dWeightGrad: x");
        Objects.requireNonNull(gy, "conv2dWeightGrad: gy");
        Objects.requireNonNull(wShape, "conv2dWeightGrad: wShape");
        int[] xs = x.shape();
        if (xs.length != 4 || wShape.length != 4) {
            throw new IllegalArgumentException("conv2dWeightGrad: expected x [N, C, H, W] and wShape [Co, C, kh, kw], got "
                    + Shape.str(xs) + " and " + Shape.str(wShape));
        }
        DType dtype = Tensor.requireSameDType("conv2dWeightGrad", x, gy);
        Geometry g = new Geometry("conv2dWeightGrad", xs, wShape[2], wShape[3], stride, pad, dilation);
        if (!gy.hasShape(g.n, wShape[0], g.oh, g.ow) || wShape[1] != g.c) {
            throw new IllegalArgumentException("conv2dWeightGrad: input " + Shape.str(xs) + " and gradient "
                    + Shape.str(gy.shape()) + " do not match weight shape " + Shape.str(wShape));
        }
        Tensor gw = out;
        if (gw == null) {
            gw = Tensor.zeros(dtype, wShape);
        } else {
            Tensor.requireOut("conv2dWeightGradInto", gw, dtype, wShape);
            fillZero(gw);
        }
        if (dtype == DType.FLOAT32) {
            conv2dWeightGrad(g, x.floatData(), gy.floatData(), wShape[0], gw.floatData());
        } else {
            conv2dWeightGrad(g, x.data(), gy.data(), wShape[0], gw.data());
        }
        return gw;
    }

    /**
     * {@link #conv2dWeightGrad} written into the caller-owned {@code out} (its shape is {@code wShape}; old
     * contents ignored), bit for bit the same values.
     *
     * @throws IllegalArgumentException as {@code conv2dWeightGrad}, or when out's dtype is not the inputs'
     */
    public static void conv2dWeightGradInto(Tensor x, Tensor gy, Tensor out, int stride, int pad, int dilation) {
        Objects.requireNonNull(out, "conv2dWeightGradInto: out");
        conv2dWeightGradChecked(x, gy, out.shape(), stride, pad, dilation, out);
    }

    private static void fillZero(Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            Arrays.fill(t.floatData(), 0f);
        } else {
            Arrays.fill(t.data(), 0.0);
        }
    }

    /**
     * Per-channel bias: x {@code [N, C, …]}, b {@code [C]} → {@code y[n, c, …] = x[n, c, …] + b[c]} (fresh;
     * b is not materialised at x's shape).
     *
     * @throws IllegalArgumentException when x has rank below 2 or b is not of shape {@code [C]}
     */
    public static Tensor addChannelBias(Tensor x, Tensor b) {
        Objects.requireNonNull(x, "addChannelBias: x");
        Objects.requireNonNull(b, "addChannelBias: b");
        int[] xs = x.shape();
        if (xs.length < 2 || !b.hasShape(xs[1])) {
            throw new IllegalArgumentException("addChannelBias: expected x [N, C, ...] and b [C], got x "
                    + Shape.str(xs) + " and b " + Shape.str(b.shape()));
        }
        DType dtype = Tensor.requireSameDType("addChannelBias", x, b);
        int inner = Shape.size(Arrays.copyOfRange(xs, 2, xs.length));
        Tensor y = Tensor.zeros(dtype, xs);
        if (dtype == DType.FLOAT32) {
            addChannelBias(x.floatData(), b.floatData(), xs[0], xs[1], inner, y.floatData());
        } else {
            addChannelBias(x.data(), b.data(), xs[0], xs[1], inner, y.data());
        }
        return y;
    }

    /** Shared index arithmetic of im2col and col2im. */
    private static final class Geometry {
        final int n, c, h, w, kh, kw, stride, pad, dil, oh, ow;

        Geometry(String op, int[] xs, int kh, int kw, int stride, int pad, int dilation) {
            if (kh < 1 || kw < 1) {
                throw new IllegalArgumentException(op + ": kernel must be at least 1x1, got " + kh + "x" + kw);
            }
            this.n = xs[0];
            this.c = xs[1];
            this.h = xs[2];
            this.w = xs[3];
            this.kh = kh;
            this.kw = kw;
            this.stride = stride;
            this.pad = pad;
            this.dil = dilation;
            this.oh = outSize(op + " (height " + h + ", input " + Shape.str(xs) + ")", h, kh, stride, pad, dilation);
            this.ow = outSize(op + " (width " + w + ", input " + Shape.str(xs) + ")", w, kw, stride, pad, dilation);
            Shape.size(n, c, kh, kw, oh, ow);
        }

        int[] colsShape() {
            return new int[] {n, c * kh * kw, oh * ow};
        }

        /** First output position whose input coordinate {@code o·stride − pad + off} is ≥ 0. */
        private int lo(int off) {
            return Math.max(0, ceilDiv(pad - off, stride));
        }

        /** One past the last output position whose input coordinate is &lt; {@code size}. */
        private int hi(int off, int size, int outLen) {
            return Math.min(outLen, ceilDiv(size + pad - off, stride));
        }

        private static int ceilDiv(int a, int b) {
            return -Math.floorDiv(-a, b);
        }

        /** Rows of the column matrix, {@code C·kh·kw}. */
        int rows() {
            return c * kh * kw;
        }

        /** Output positions per example, {@code OH·OW}. */
        int positions() {
            return oh * ow;
        }

        /** Examples per column chunk: {@link #CHUNK_DOUBLES} / (doubles per example), in {@code [1, max(n, 1)]}. */
        int chunk() {
            long perExample = Math.max(1L, (long) rows() * positions());
            return (int) Math.max(1, Math.min(Math.max(n, 1), CHUNK_DOUBLES / perExample));
        }
    }

    // ------------------------------------------------------------------ array kernels
    // Array-level only (no Tensor); the float32 overloads are generated from them (Float32Generator).

    // BEGIN float64 kernels

    /**
     * im2col ({@code add == false}: cols = gather of x) or col2im ({@code add == true}: x += scatter of
     * cols) in the per-image layout {@code [N, C·kh·kw, OH·OW]}. Examples are independent, so they are
     * split over threads; results do not depend on the thread count.
     */
    static void unfold(Geometry g, double[] x, double[] cols, boolean add) {
        int per = g.rows() * g.positions();
        Parallel.forRange(g.n, 1, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                if (add) {
                    col2imChunk(g, cols, b * per, b, 1, x);
                } else {
                    im2colChunk(g, x, b, 1, cols, b * per);
                }
            }
        });
    }

    /** y {@code [N, co, OH, OW]} = conv(x, w) for x of geometry g and w {@code [co, C·kh·kw]}; y is overwritten. */
    static void conv2dForward(Geometry g, double[] x, double[] w, int co, double[] y) {
        int ckk = g.rows();
        int p = g.positions();
        int nb = g.chunk();
        int chunks = (g.n + nb - 1) / nb;
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            double[] cols = new double[ckk * nb * p];
            double[] out = nb > 1 ? new double[co * nb * p] : null;
            for (int k = lo; k < hi; k++) {
                int b0 = k * nb;
                int m = Math.min(nb, g.n - b0);
                im2colChunk(g, x, b0, m, cols, 0);
                if (m == 1) {
                    Gemm.gemm(false, false, co, p, ckk, 1.0, w, 0, cols, 0, 0.0, y, b0 * co * p);
                } else {
                    Gemm.gemm(false, false, co, m * p, ckk, 1.0, w, 0, cols, 0, 0.0, out, 0);
                    chunkToBatch(out, co, m, p, y, b0);
                }
            }
        });
    }

    /** gx {@code [N, C, H, W]} (zero on entry) += col2im(wᵀ·gy) for gy {@code [N, co, OH, OW]}, w {@code [co, C·kh·kw]}. */
    static void conv2dInputGrad(Geometry g, double[] gy, double[] w, int co, double[] gx) {
        int ckk = g.rows();
        int p = g.positions();
        int nb = g.chunk();
        int chunks = (g.n + nb - 1) / nb;
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            double[] cols = new double[ckk * nb * p];
            double[] gc = nb > 1 ? new double[co * nb * p] : null;
            for (int k = lo; k < hi; k++) {
                int b0 = k * nb;
                int m = Math.min(nb, g.n - b0);
                if (m == 1) {
                    Gemm.gemm(true, false, ckk, p, co, 1.0, w, 0, gy, b0 * co * p, 0.0, cols, 0);
                } else {
                    batchToChunk(gy, b0, co, m, p, gc);
                    Gemm.gemm(true, false, ckk, m * p, co, 1.0, w, 0, gc, 0, 0.0, cols, 0);
                }
                col2imChunk(g, cols, 0, b0, m, gx);
            }
        });
    }

    /**
     * gw {@code [co, C·kh·kw]} (zero on entry) += Σ_n gy[n]·im2col(x)[n]ᵀ: per group of
     * {@link #WEIGHT_GRAD_GROUP} examples one partial sum over {@code (n, oh, ow)} in order (chunks
     * continue it with {@code beta = 1}), then the partials added in group order.
     */
    static void conv2dWeightGrad(Geometry g, double[] x, double[] gy, int co, double[] gw) {
        int ckk = g.rows();
        int p = g.positions();
        int nb = Math.min(g.chunk(), WEIGHT_GRAD_GROUP);
        int groups = (g.n + WEIGHT_GRAD_GROUP - 1) / WEIGHT_GRAD_GROUP;
        int size = co * ckk;
        double[] partial = new double[groups * size];
        Parallel.forRange(groups, 1, (lo, hi) -> {
            double[] cols = new double[ckk * nb * p];
            double[] gc = nb > 1 ? new double[co * nb * p] : null;
            for (int grp = lo; grp < hi; grp++) {
                int end = Math.min(g.n, (grp + 1) * WEIGHT_GRAD_GROUP);
                for (int b0 = grp * WEIGHT_GRAD_GROUP; b0 < end; b0 += nb) {
                    int m = Math.min(nb, end - b0);
                    im2colChunk(g, x, b0, m, cols, 0);
                    if (m == 1) {
                        Gemm.gemm(false, true, co, ckk, p, 1.0, gy, b0 * co * p, cols, 0, 1.0, partial, grp * size);
                    } else {
                        batchToChunk(gy, b0, co, m, p, gc);
                        Gemm.gemm(false, true, co, ckk, m * p, 1.0, gc, 0, cols, 0, 1.0, partial, grp * size);
                    }
                }
            }
        });
        for (int grp = 0; grp < groups; grp++) {
            int off = grp * size;
            for (int j = 0; j < size; j++) {
                gw[j] += partial[off + j];
            }
        }
    }

    /** {@code y[(n·c + ch)·inner + k] = x[…] + b[ch]} for x, y {@code [n, c, inner]}. */
    static void addChannelBias(double[] x, double[] b, int n, int c, int inner, double[] y) {
        for (int e = 0; e < n; e++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (e * c + ch) * inner;
                double v = b[ch];
                for (int k = 0; k < inner; k++) {
                    y[off + k] = x[off + k] + v;
                }
            }
        }
    }

    /** {@code dst[e, o, :] = chunk[o, e·p : (e+1)·p]}: a {@code [co, m·p]} chunk back to examples {@code b0…b0+m−1} of {@code [N, co, p]}. */
    static void chunkToBatch(double[] chunk, int co, int m, int p, double[] dst, int b0) {
        for (int o = 0; o < co; o++) {
            for (int e = 0; e < m; e++) {
                System.arraycopy(chunk, (o * m + e) * p, dst, ((b0 + e) * co + o) * p, p);
            }
        }
    }

    /** {@code chunk[o, e·p : (e+1)·p] = src[b0 + e, o, :]}: examples {@code b0…b0+m−1} of {@code [N, co, p]} as a {@code [co, m·p]} chunk. */
    static void batchToChunk(double[] src, int b0, int co, int m, int p, double[] chunk) {
        for (int o = 0; o < co; o++) {
            for (int e = 0; e < m; e++) {
                System.arraycopy(src, ((b0 + e) * co + o) * p, chunk, (o * m + e) * p, p);
            }
        }
    }

    /**
     * Columns of examples {@code b0…b0+m−1} into {@code cols} from {@code off}, laid out
     * {@code [C·kh·kw, m·OH·OW]}: {@code cols[r, e·OH·OW + oh·OW + ow]} = x at row {@code r = (c·kh + i)·kw + j}
     * as in {@link #im2col}, zero in the padding (every element of the chunk is written).
     */
    static void im2colChunk(Geometry g, double[] x, int b0, int m, double[] cols, int off) {
        int hw = g.h * g.w;
        int ow = g.ow;
        int ohw = g.oh * ow;
        int ld = m * ohw;
        int stride = g.stride;
        for (int e = 0; e < m; e++) {
            for (int ch = 0; ch < g.c; ch++) {
                int xBase = ((b0 + e) * g.c + ch) * hw;
                for (int i = 0; i < g.kh; i++) {
                    int offH = i * g.dil;
                    int ohLo = Math.min(g.oh, g.lo(offH));
                    int ohHi = Math.max(ohLo, g.hi(offH, g.h, g.oh));
                    for (int j = 0; j < g.kw; j++) {
                        int offW = j * g.dil;
                        int owLo = Math.min(ow, g.lo(offW));
                        int owHi = Math.max(owLo, g.hi(offW, g.w, ow));
                        int cnt = owHi - owLo;
                        int colBase = off + ((ch * g.kh + i) * g.kw + j) * ld + e * ohw;
                        if (cnt <= 0) {
                            Arrays.fill(cols, colBase, colBase + ohw, 0.0);
                            continue;
                        }
                        Arrays.fill(cols, colBase, colBase + ohLo * ow, 0.0);
                        Arrays.fill(cols, colBase + ohHi * ow, colBase + ohw, 0.0);
                        for (int y = ohLo; y < ohHi; y++) {
                            int src = xBase + (y * stride - g.pad + offH) * g.w + owLo * stride - g.pad + offW;
                            int row = colBase + y * ow;
                            if (owLo > 0) {
                                Arrays.fill(cols, row, row + owLo, 0.0);
                            }
                            if (owHi < ow) {
                                Arrays.fill(cols, row + owHi, row + ow, 0.0);
                            }
                            int dst = row + owLo;
                            if (stride == 1) {
                                System.arraycopy(x, src, cols, dst, cnt);
                            } else {
                                for (int k = 0; k < cnt; k++) {
                                    cols[dst + k] = x[src + k * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Adjoint of {@link #im2colChunk}: x += the columns at {@code cols[off…]} (layout
     * {@code [C·kh·kw, m·OH·OW]}) folded back into examples {@code b0…b0+m−1}, each x element summing
     * its contributions in the order {@code (i, j, oh, ow)}.
     */
    static void col2imChunk(Geometry g, double[] cols, int off, int b0, int m, double[] x) {
        int hw = g.h * g.w;
        int ow = g.ow;
        int ohw = g.oh * ow;
        int ld = m * ohw;
        int stride = g.stride;
        for (int e = 0; e < m; e++) {
            for (int ch = 0; ch < g.c; ch++) {
                int xBase = ((b0 + e) * g.c + ch) * hw;
                for (int i = 0; i < g.kh; i++) {
                    int offH = i * g.dil;
                    int ohLo = g.lo(offH);
                    int ohHi = g.hi(offH, g.h, g.oh);
                    for (int j = 0; j < g.kw; j++) {
                        int offW = j * g.dil;
                        int owLo = g.lo(offW);
                        int cnt = g.hi(offW, g.w, ow) - owLo;
                        if (cnt <= 0) {
                            continue;
                        }
                        int colBase = off + ((ch * g.kh + i) * g.kw + j) * ld + e * ohw;
                        for (int y = ohLo; y < ohHi; y++) {
                            int src = xBase + (y * stride - g.pad + offH) * g.w + owLo * stride - g.pad + offW;
                            int dst = colBase + y * ow + owLo;
                            if (stride == 1) {
                                for (int k = 0; k < cnt; k++) {
                                    x[src + k] += cols[dst + k];
                                }
                            } else {
                                for (int k = 0; k < cnt; k++) {
                                    x[src + k * stride] += cols[dst + k];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Max pooling of {@code planes} planes {@code [h, w]} of src into out {@code [planes, oh, ow]}; {@code arg}
     * gets the flat src index of each output (see {@link #maxPool2d(Tensor, int, int)}).
     */
    static void maxPool2d(double[] src, int planes, int h, int w, int k, int stride, int oh, int ow,
                          double[] out, int[] arg) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * h * w;
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++, o++) {
                    int start = base + y * stride * w + z * stride;
                    double best = src[start];
                    int bi = start;
                    for (int i = 0; i < k; i++) {
                        int row = start + i * w;
                        for (int j = 0; j < k; j++) {
                            double e = src[row + j];
                            if (e > best || (e != e && best == best)) {
                                best = e;
                                bi = row + j;
                            }
                        }
                    }
                    out[o] = best;
                    arg[o] = bi;
                }
            }
        }
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    /**
     * im2col ({@code add == false}: cols = gather of x) or col2im ({@code add == true}: x += scatter of
     * cols) in the per-image layout {@code [N, C·kh·kw, OH·OW]}. Examples are independent, so they are
     * split over threads; results do not depend on the thread count.
     */
    static void unfold(Geometry g, float[] x, float[] cols, boolean add) {
        int per = g.rows() * g.positions();
        Parallel.forRange(g.n, 1, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                if (add) {
                    col2imChunk(g, cols, b * per, b, 1, x);
                } else {
                    im2colChunk(g, x, b, 1, cols, b * per);
                }
            }
        });
    }

    /** y {@code [N, co, OH, OW]} = conv(x, w) for x of geometry g and w {@code [co, C·kh·kw]}; y is overwritten. */
    static void conv2dForward(Geometry g, float[] x, float[] w, int co, float[] y) {
        int ckk = g.rows();
        int p = g.positions();
        int nb = g.chunk();
        int chunks = (g.n + nb - 1) / nb;
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            float[] cols = new float[ckk * nb * p];
            float[] out = nb > 1 ? new float[co * nb * p] : null;
            for (int k = lo; k < hi; k++) {
                int b0 = k * nb;
                int m = Math.min(nb, g.n - b0);
                im2colChunk(g, x, b0, m, cols, 0);
                if (m == 1) {
                    Gemm.gemm(false, false, co, p, ckk, 1.0f, w, 0, cols, 0, 0.0f, y, b0 * co * p);
                } else {
                    Gemm.gemm(false, false, co, m * p, ckk, 1.0f, w, 0, cols, 0, 0.0f, out, 0);
                    chunkToBatch(out, co, m, p, y, b0);
                }
            }
        });
    }

    /** gx {@code [N, C, H, W]} (zero on entry) += col2im(wᵀ·gy) for gy {@code [N, co, OH, OW]}, w {@code [co, C·kh·kw]}. */
    static void conv2dInputGrad(Geometry g, float[] gy, float[] w, int co, float[] gx) {
        int ckk = g.rows();
        int p = g.positions();
        int nb = g.chunk();
        int chunks = (g.n + nb - 1) / nb;
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            float[] cols = new float[ckk * nb * p];
            float[] gc = nb > 1 ? new float[co * nb * p] : null;
            for (int k = lo; k < hi; k++) {
                int b0 = k * nb;
                int m = Math.min(nb, g.n - b0);
                if (m == 1) {
                    Gemm.gemm(true, false, ckk, p, co, 1.0f, w, 0, gy, b0 * co * p, 0.0f, cols, 0);
                } else {
                    batchToChunk(gy, b0, co, m, p, gc);
                    Gemm.gemm(true, false, ckk, m * p, co, 1.0f, w, 0, gc, 0, 0.0f, cols, 0);
                }
                col2imChunk(g, cols, 0, b0, m, gx);
            }
        });
    }

    /**
     * gw {@code [co, C·kh·kw]} (zero on entry) += Σ_n gy[n]·im2col(x)[n]ᵀ: per group of
     * {@link #WEIGHT_GRAD_GROUP} examples one partial sum over {@code (n, oh, ow)} in order (chunks
     * continue it with {@code beta = 1}), then the partials added in group order.
     */
    static void conv2dWeightGrad(Geometry g, float[] x, float[] gy, int co, float[] gw) {
        int ckk = g.rows();
        int p = g.positions();
        int nb = Math.min(g.chunk(), WEIGHT_GRAD_GROUP);
        int groups = (g.n + WEIGHT_GRAD_GROUP - 1) / WEIGHT_GRAD_GROUP;
        int size = co * ckk;
        float[] partial = new float[groups * size];
        Parallel.forRange(groups, 1, (lo, hi) -> {
            float[] cols = new float[ckk * nb * p];
            float[] gc = nb > 1 ? new float[co * nb * p] : null;
            for (int grp = lo; grp < hi; grp++) {
                int end = Math.min(g.n, (grp + 1) * WEIGHT_GRAD_GROUP);
                for (int b0 = grp * WEIGHT_GRAD_GROUP; b0 < end; b0 += nb) {
                    int m = Math.min(nb, end - b0);
                    im2colChunk(g, x, b0, m, cols, 0);
                    if (m == 1) {
                        Gemm.gemm(false, true, co, ckk, p, 1.0f, gy, b0 * co * p, cols, 0, 1.0f, partial, grp * size);
                    } else {
                        batchToChunk(gy, b0, co, m, p, gc);
                        Gemm.gemm(false, true, co, ckk, m * p, 1.0f, gc, 0, cols, 0, 1.0f, partial, grp * size);
                    }
                }
            }
        });
        for (int grp = 0; grp < groups; grp++) {
            int off = grp * size;
            for (int j = 0; j < size; j++) {
                gw[j] += partial[off + j];
            }
        }
    }

    /** {@code y[(n·c + ch)·inner + k] = x[…] + b[ch]} for x, y {@code [n, c, inner]}. */
    static void addChannelBias(float[] x, float[] b, int n, int c, int inner, float[] y) {
        for (int e = 0; e < n; e++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (e * c + ch) * inner;
                float v = b[ch];
                for (int k = 0; k < inner; k++) {
                    y[off + k] = x[off + k] + v;
                }
            }
        }
    }

    /** {@code dst[e, o, :] = chunk[o, e·p : (e+1)·p]}: a {@code [co, m·p]} chunk back to examples {@code b0…b0+m−1} of {@code [N, co, p]}. */
    static void chunkToBatch(float[] chunk, int co, int m, int p, float[] dst, int b0) {
        for (int o = 0; o < co; o++) {
            for (int e = 0; e < m; e++) {
                System.arraycopy(chunk, (o * m + e) * p, dst, ((b0 + e) * co + o) * p, p);
            }
        }
    }

    /** {@code chunk[o, e·p : (e+1)·p] = src[b0 + e, o, :]}: examples {@code b0…b0+m−1} of {@code [N, co, p]} as a {@code [co, m·p]} chunk. */
    static void batchToChunk(float[] src, int b0, int co, int m, int p, float[] chunk) {
        for (int o = 0; o < co; o++) {
            for (int e = 0; e < m; e++) {
                System.arraycopy(src, ((b0 + e) * co + o) * p, chunk, (o * m + e) * p, p);
            }
        }
    }

    /**
     * Columns of examples {@code b0…b0+m−1} into {@code cols} from {@code off}, laid out
     * {@code [C·kh·kw, m·OH·OW]}: {@code cols[r, e·OH·OW + oh·OW + ow]} = x at row {@code r = (c·kh + i)·kw + j}
     * as in {@link #im2col}, zero in the padding (every element of the chunk is written).
     */
    static void im2colChunk(Geometry g, float[] x, int b0, int m, float[] cols, int off) {
        int hw = g.h * g.w;
        int ow = g.ow;
        int ohw = g.oh * ow;
        int ld = m * ohw;
        int stride = g.stride;
        for (int e = 0; e < m; e++) {
            for (int ch = 0; ch < g.c; ch++) {
                int xBase = ((b0 + e) * g.c + ch) * hw;
                for (int i = 0; i < g.kh; i++) {
                    int offH = i * g.dil;
                    int ohLo = Math.min(g.oh, g.lo(offH));
                    int ohHi = Math.max(ohLo, g.hi(offH, g.h, g.oh));
                    for (int j = 0; j < g.kw; j++) {
                        int offW = j * g.dil;
                        int owLo = Math.min(ow, g.lo(offW));
                        int owHi = Math.max(owLo, g.hi(offW, g.w, ow));
                        int cnt = owHi - owLo;
                        int colBase = off + ((ch * g.kh + i) * g.kw + j) * ld + e * ohw;
                        if (cnt <= 0) {
                            Arrays.fill(cols, colBase, colBase + ohw, 0.0f);
                            continue;
                        }
                        Arrays.fill(cols, colBase, colBase + ohLo * ow, 0.0f);
                        Arrays.fill(cols, colBase + ohHi * ow, colBase + ohw, 0.0f);
                        for (int y = ohLo; y < ohHi; y++) {
                            int src = xBase + (y * stride - g.pad + offH) * g.w + owLo * stride - g.pad + offW;
                            int row = colBase + y * ow;
                            if (owLo > 0) {
                                Arrays.fill(cols, row, row + owLo, 0.0f);
                            }
                            if (owHi < ow) {
                                Arrays.fill(cols, row + owHi, row + ow, 0.0f);
                            }
                            int dst = row + owLo;
                            if (stride == 1) {
                                System.arraycopy(x, src, cols, dst, cnt);
                            } else {
                                for (int k = 0; k < cnt; k++) {
                                    cols[dst + k] = x[src + k * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Adjoint of {@link #im2colChunk}: x += the columns at {@code cols[off…]} (layout
     * {@code [C·kh·kw, m·OH·OW]}) folded back into examples {@code b0…b0+m−1}, each x element summing
     * its contributions in the order {@code (i, j, oh, ow)}.
     */
    static void col2imChunk(Geometry g, float[] cols, int off, int b0, int m, float[] x) {
        int hw = g.h * g.w;
        int ow = g.ow;
        int ohw = g.oh * ow;
        int ld = m * ohw;
        int stride = g.stride;
        for (int e = 0; e < m; e++) {
            for (int ch = 0; ch < g.c; ch++) {
                int xBase = ((b0 + e) * g.c + ch) * hw;
                for (int i = 0; i < g.kh; i++) {
                    int offH = i * g.dil;
                    int ohLo = g.lo(offH);
                    int ohHi = g.hi(offH, g.h, g.oh);
                    for (int j = 0; j < g.kw; j++) {
                        int offW = j * g.dil;
                        int owLo = g.lo(offW);
                        int cnt = g.hi(offW, g.w, ow) - owLo;
                        if (cnt <= 0) {
                            continue;
                        }
                        int colBase = off + ((ch * g.kh + i) * g.kw + j) * ld + e * ohw;
                        for (int y = ohLo; y < ohHi; y++) {
                            int src = xBase + (y * stride - g.pad + offH) * g.w + owLo * stride - g.pad + offW;
                            int dst = colBase + y * ow + owLo;
                            if (stride == 1) {
                                for (int k = 0; k < cnt; k++) {
                                    x[src + k] += cols[dst + k];
                                }
                            } else {
                                for (int k = 0; k < cnt; k++) {
                                    x[src + k * stride] += cols[dst + k];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Max pooling of {@code planes} planes {@code [h, w]} of src into out {@code [planes, oh, ow]}; {@code arg}
     * gets the flat src index of each output (see {@link #maxPool2d(Tensor, int, int)}).
     */
    static void maxPool2d(float[] src, int planes, int h, int w, int k, int stride, int oh, int ow,
                          float[] out, int[] arg) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * h * w;
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++, o++) {
                    int start = base + y * stride * w + z * stride;
                    float best = src[start];
                    int bi = start;
                    for (int i = 0; i < k; i++) {
                        int row = start + i * w;
                        for (int j = 0; j < k; j++) {
                            float e = src[row + j];
                            if (e > best || (e != e && best == best)) {
                                best = e;
                                bi = row + j;
                            }
                        }
                    }
                    out[o] = best;
                    arg[o] = bi;
                }
            }
        }
    }

    // END generated float32 kernels

    /**
     * 2-D max pooling without padding: {@code out[n, c, oh, ow] = max_{0≤i,j<k} x[n, c, oh·stride + i, ow·stride + j]}
     * with {@code OH = outSize(H, k, stride, 0, 1)}. {@code argmax} holds, per output element in
     * row-major order, the flat index into x of the first maximum in window row-major order (or of
     * the first NaN, which then is the output).
     *
     * @throws IllegalArgumentException when x is not rank 4, k or stride is below 1, or the window does not fit
     */
    public static Pool maxPool2d(Tensor x, int k, int stride) {
        Objects.requireNonNull(x, "maxPool2d: x");
        int[] xs = x.shape();
        if (xs.length != 4) {
            throw new IllegalArgumentException("maxPool2d: expected x of shape [N, C, H, W], got " + Shape.str(xs));
        }
        if (k < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool2d: need window k >= 1 and stride >= 1, got k=" + k
                    + ", stride=" + stride + " for input " + Shape.str(xs));
        }
        int h = xs[2];
        int w = xs[3];
        int oh = outSize("maxPool2d (height, input " + Shape.str(xs) + ")", h, k, stride, 0, 1);
        int ow = outSize("maxPool2d (width, input " + Shape.str(xs) + ")", w, k, stride, 0, 1);
        int planes = xs[0] * xs[1];
        int[] outShape = {xs[0], xs[1], oh, ow};
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        int[] arg = new int[out.size()];
        if (x.dtype() == DType.FLOAT32) {
            maxPool2d(x.floatData(), planes, h, w, k, stride, oh, ow, out.floatData(), arg);
        } else {
            maxPool2d(x.data(), planes, h, w, k, stride, oh, ow, out.data(), arg);
        }
        return new Pool(out, arg);
    }
}
