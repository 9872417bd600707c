package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.BilinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Conv;
import io.github.deltastn.core.Gemm;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * The three bilinear maps of a 2-D convolution (cross-correlation; stride, zero padding, dilation;
 * NCHW). They share one trilinear form {@code T(x, w, g) = ⟨conv(x, w), g⟩}, so each one's VJP is
 * one of the others:
 * <ul>
 *   <li>{@code FORWARD}: {@code y = conv(x, w)}, x {@code [N,C,H,W]}, w {@code [Co,C,kh,kw]} →
 *       {@code [N,Co,OH,OW]}; computed as {@code y[n] = w·im2col(x)[n]}, examples split over threads.
 *       <br>VJP: {@code gx = inputGrad(gy, w)}, {@code gw = weightGrad(x, gy)}
 *       <br>JVP: {@code ty = conv(tx, w) + conv(x, tw)}</li>
 *   <li>{@code INPUT_GRAD}: {@code gx = col2im(wᵀ·g)}, g {@code [N,Co,OH,OW]} → {@code [N,C,H,W]}.
 *       <br>VJP: {@code gg = conv(h, w)}, {@code gw = weightGrad(h, g)}</li>
 *   <li>{@code WEIGHT_GRAD}: {@code gw = Σ_n g[n]·im2col(x)[n]ᵀ} → {@code [Co,C,kh,kw]}.
 *       <br>VJP: {@code gx = inputGrad(g, h)}, {@code gg = conv(x, h)}</li>
 * </ul>
 */
public final class Conv2d extends BilinearPrimitive {
    private enum Mode { FORWARD, INPUT_GRAD, WEIGHT_GRAD }

    /** Examples per partial sum of the weight gradient (a constant, so results are thread-count independent). */
    private static final int WEIGHT_GRAD_CHUNK = 8;

    private final Mode mode;
    private final int stride;
    private final int pad;
    private final int dilation;
    /** The shape of the output for the gradient modes (x's shape or w's shape); null for FORWARD. */
    private final int[] outShape;

    private Conv2d(Mode mode, int stride, int pad, int dilation, int[] outShape) {
        if (stride < 1 || pad < 0 || dilation < 1) {
            throw new IllegalArgumentException("conv2d: need stride >= 1, padding >= 0, dilation >= 1; got stride="
                    + stride + ", padding=" + pad + ", dilation=" + dilation);
        }
        this.mode = mode;
        this.stride = stride;
        this.pad = pad;
        this.dilation = dilation;
        this.outShape = outShape;
    }

    /** {@code y = conv(x, w)}. */
    public static Conv2d forward(int stride, int pad, int dilation) {
        return new Conv2d(Mode.FORWARD, stride, pad, dilation, null);
    }

    @Override
    public String name() {
        return switch (mode) {
            case FORWARD -> "conv2d";
            case INPUT_GRAD -> "conv2d(input grad)";
            case WEIGHT_GRAD -> "conv2d(weight grad)";
        };
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return switch (mode) {
            case FORWARD -> conv(xs[0], xs[1]);
            case INPUT_GRAD -> inputGrad(xs[0], xs[1]);
            case WEIGHT_GRAD -> weightGrad(xs[0], xs[1]);
        };
    }

    private Conv2d grad(Mode m, int[] shape) {
        return new Conv2d(m, stride, pad, dilation, shape);
    }

    @Override
    protected Var applyTo(Var a, Var b) {
        return Var.apply(this, a, b);
    }

    @Override
    protected Var transposeA(Var gy, Var a, Var b) {
        return switch (mode) {
            case FORWARD -> Var.apply(grad(Mode.INPUT_GRAD, a.shape()), gy, b);
            case INPUT_GRAD -> Var.apply(grad(Mode.FORWARD, null), gy, b);
            case WEIGHT_GRAD -> Var.apply(grad(Mode.INPUT_GRAD, a.shape()), b, gy);
        };
    }

    @Override
    protected Var transposeB(Var gy, Var a, Var b) {
        return switch (mode) {
            case FORWARD -> Var.apply(grad(Mode.WEIGHT_GRAD, b.shape()), a, gy);
            case INPUT_GRAD -> Var.apply(grad(Mode.WEIGHT_GRAD, b.shape()), gy, a);
            case WEIGHT_GRAD -> Var.apply(grad(Mode.FORWARD, null), a, gy);
        };
    }

    private void requireRank4(Tensor t, String what) {
        if (t.ndim() != 4) {
            throw new IllegalArgumentException(name() + ": " + what + " must be 4-D, got shape " + Shape.str(t.shape()));
        }
    }

    private Tensor conv(Tensor x, Tensor w) {
        requireRank4(x, "input x [N,C,H,W]");
        requireRank4(w, "weight w [C_out,C,kh,kw]");
        int n = x.dim(0);
        int c = x.dim(1);
        int co = w.dim(0);
        if (w.dim(1) != c) {
            throw new IllegalArgumentException("conv2d: input " + Shape.str(x.shape()) + " has " + c
                    + " channels but weight " + Shape.str(w.shape()) + " expects " + w.dim(1));
        }
        int kh = w.dim(2);
        int kw = w.dim(3);
        int oh = Conv.outSize(x.dim(2), kh, stride, pad, dilation);
        int ow = Conv.outSize(x.dim(3), kw, stride, pad, dilation);
        int p = oh * ow;
        int ckk = c * kh * kw;
        double[] cols = Conv.im2col(x, kh, kw, stride, pad, dilation).data();
        double[] y = new double[n * co * p];
        Parallel.forRange(n, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                Gemm.gemm(false, false, co, p, ckk, 1.0, w.data(), 0, cols, i * ckk * p, 0.0, y, i * co * p);
            }
        });
        return Tensor.wrap(y, n, co, oh, ow);
    }

    private Tensor inputGrad(Tensor g, Tensor w) {
        requireRank4(g, "output gradient [N,C_out,OH,OW]");
        requireRank4(w, "weight w [C_out,C,kh,kw]");
        int[] xs = outShape;
        int n = g.dim(0);
        int co = w.dim(0);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int oh = Conv.outSize(xs[2], kh, stride, pad, dilation);
        int ow = Conv.outSize(xs[3], kw, stride, pad, dilation);
        if (g.dim(1) != co || g.dim(2) != oh || g.dim(3) != ow || n != xs[0] || w.dim(1) != xs[1]) {
            throw new IllegalArgumentException(name() + ": gradient " + Shape.str(g.shape()) + " and weight "
                    + Shape.str(w.shape()) + " do not match input shape " + Shape.str(xs));
        }
        int p = oh * ow;
        int ckk = xs[1] * kh * kw;
        double[] cols = new double[n * ckk * p];
        Parallel.forRange(n, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                Gemm.gemm(true, false, ckk, p, co, 1.0, w.data(), 0, g.data(), i * co * p, 0.0, cols, i * ckk * p);
            }
        });
        return Conv.col2im(Tensor.wrap(cols, n, ckk, p), xs, kh, kw, stride, pad, dilation);
    }

    private Tensor weightGrad(Tensor x, Tensor g) {
        requireRank4(x, "input x [N,C,H,W]");
        requireRank4(g, "output gradient [N,C_out,OH,OW]");
        int[] ws = outShape;
        int n = x.dim(0);
        int co = ws[0];
        int kh = ws[2];
        int kw = ws[3];
        int oh = Conv.outSize(x.dim(2), kh, stride, pad, dilation);
        int ow = Conv.outSize(x.dim(3), kw, stride, pad, dilation);
        if (g.dim(0) != n || g.dim(1) != co || g.dim(2) != oh || g.dim(3) != ow || x.dim(1) != ws[1]) {
            throw new IllegalArgumentException(name() + ": input " + Shape.str(x.shape()) + " and gradient "
                    + Shape.str(g.shape()) + " do not match weight shape " + Shape.str(ws));
        }
        int p = oh * ow;
        int ckk = ws[1] * kh * kw;
        double[] cols = Conv.im2col(x, kh, kw, stride, pad, dilation).data();
        // fixed chunks of examples, summed in chunk order: the result does not depend on the thread count
        int chunks = (n + WEIGHT_GRAD_CHUNK - 1) / WEIGHT_GRAD_CHUNK;
        double[][] partial = new double[chunks][co * ckk];
        Parallel.forRange(chunks, 1, (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                for (int i = c * WEIGHT_GRAD_CHUNK; i < Math.min(n, (c + 1) * WEIGHT_GRAD_CHUNK); i++) {
                    Gemm.gemm(false, true, co, ckk, p, 1.0, g.data(), i * co * p, cols, i * ckk * p, 1.0, partial[c], 0);
                }
            }
        });
        double[] gw = new double[co * ckk];
        for (double[] part : partial) {
            for (int j = 0; j < gw.length; j++) {
                gw[j] += part[j];
            }
        }
        return Tensor.wrap(gw, ws);
    }
}
