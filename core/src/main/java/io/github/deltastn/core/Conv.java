package io.github.deltastn.core;

import java.util.Objects;

/**
 * Convolution helpers for NCHW tensors: {@link #im2col} and its adjoint {@link #col2im} (so a
 * convolution is one GEMM per image), and 2-D max pooling. Kernels may be rectangular; stride,
 * zero padding and dilation are the same along both spatial axes.
 *
 * <p>All methods return fresh tensors and never modify their arguments.
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
        double[] src = x.data();
        double[] cols = new double[Shape.size(g.colsShape())];
        g.run(src, cols, false);
        return Tensor.wrap(cols, g.colsShape());
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
        double[] x = new double[Shape.size(xShape)];
        g.run(x, cols.data(), true);
        return Tensor.wrap(x, xShape.clone());
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

        /**
         * im2col ({@code add == false}: cols = gather of x) or col2im ({@code add == true}: x += scatter of
         * cols). Examples are independent, so they are split over threads; results do not depend on the
         * thread count.
         */
        void run(double[] x, double[] cols, boolean add) {
            Parallel.forRange(n, 1, (lo, hi) -> run(x, cols, add, lo, hi));
        }

        private void run(double[] x, double[] cols, boolean add, int from, int to) {
            int hw = h * w;
            int ohw = oh * ow;
            int rows = c * kh * kw;
            for (int b = from; b < to; b++) {
                for (int ch = 0; ch < c; ch++) {
                    int xBase = (b * c + ch) * hw;
                    for (int i = 0; i < kh; i++) {
                        int offH = i * dil;
                        int ohLo = lo(offH);
                        int ohHi = hi(offH, h, oh);
                        for (int j = 0; j < kw; j++) {
                            int offW = j * dil;
                            int owLo = lo(offW);
                            int cnt = hi(offW, w, ow) - owLo;
                            if (cnt <= 0) {
                                continue;
                            }
                            int colBase = (b * rows + (ch * kh + i) * kw + j) * ohw;
                            for (int y = ohLo; y < ohHi; y++) {
                                int src = xBase + (y * stride - pad + offH) * w + owLo * stride - pad + offW;
                                int dst = colBase + y * ow + owLo;
                                if (add) {
                                    if (stride == 1) {
                                        for (int k = 0; k < cnt; k++) {
                                            x[src + k] += cols[dst + k];
                                        }
                                    } else {
                                        for (int k = 0; k < cnt; k++) {
                                            x[src + k * stride] += cols[dst + k];
                                        }
                                    }
                                } else if (stride == 1) {
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
    }

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
        double[] out = new double[Shape.size(outShape)];
        int[] arg = new int[out.length];
        double[] src = x.data();
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
        return new Pool(Tensor.wrap(out, outShape), arg);
    }
}
