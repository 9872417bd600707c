package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.BilinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Conv;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * The three bilinear maps of a 2-D convolution (cross-correlation; stride, zero padding, dilation;
 * NCHW). They share one trilinear form {@code T(x, w, g) = ⟨conv(x, w), g⟩}, so each one's VJP is
 * one of the others:
 * <ul>
 *   <li>{@code FORWARD}: {@code y = conv(x, w)}, x {@code [N,C,H,W]}, w {@code [Co,C,kh,kw]} →
 *       {@code [N,Co,OH,OW]}; {@link Conv#conv2d}: one GEMM {@code w·cols} per chunk of examples, chunks
 *       split over threads.
 *       <br>VJP: {@code gx = inputGrad(gy, w)}, {@code gw = weightGrad(x, gy)}
 *       <br>JVP: {@code ty = conv(tx, w) + conv(x, tw)}</li>
 *   <li>{@code INPUT_GRAD}: {@code gx = col2im(wᵀ·g)} ({@link Conv#conv2dInputGrad}), g {@code [N,Co,OH,OW]} → {@code [N,C,H,W]}.
 *       <br>VJP: {@code gg = conv(h, w)}, {@code gw = weightGrad(h, g)}</li>
 *   <li>{@code WEIGHT_GRAD}: {@code gw = Σ_n g[n]·im2col(x)[n]ᵀ} ({@link Conv#conv2dWeightGrad}) → {@code [Co,C,kh,kw]}.
 *       <br>VJP: {@code gx = inputGrad(g, h)}, {@code gg = conv(x, h)}</li>
 * </ul>
 */
public final class Conv2d extends BilinearPrimitive {
    private enum Mode { FORWARD, INPUT_GRAD, WEIGHT_GRAD }

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

    /** In FORWARD mode, the weight gradient by {@link Conv#conv2dWeightGradInto}; otherwise not supported. */
    @Override
    protected boolean vjpInto(Tensor gy, Tensor[] xs, Tensor y, int i, Tensor out) {
        if (mode != Mode.FORWARD || i != 1) {
            return false;
        }
        weightGrad(xs[0], gy, out);
        return true;
    }

    private void requireRank4(Tensor t, String what) {
        if (t.ndim() != 4) {
            throw new IllegalArgumentException(name() + ": " + what + " must be 4-D, got shape " + Shape.str(t.shape()));
        }
    }

    private Tensor conv(Tensor x, Tensor w) {
        requireRank4(x, "input x [N,C,H,W]");
        requireRank4(w, "weight w [C_out,C,kh,kw]");
        int c = x.dim(1);
        if (w.dim(1) != c) {
            throw new IllegalArgumentException("conv2d: input " + Shape.str(x.shape()) + " has " + c
                    + " channels but weight " + Shape.str(w.shape()) + " expects " + w.dim(1));
        }
        return Conv.conv2d(x, w, stride, pad, dilation);
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
        return Conv.conv2dInputGrad(g, w, xs, stride, pad, dilation);
    }

    private Tensor weightGrad(Tensor x, Tensor g) {
        return weightGrad(x, g, null);
    }

    /** The weight gradient, into {@code out} when it is not null. */
    private Tensor weightGrad(Tensor x, Tensor g, Tensor out) {
        requireRank4(x, "input x [N,C,H,W]");
        requireRank4(g, "output gradient [N,C_out,OH,OW]");
        int[] ws = out != null ? out.shape() : outShape;
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
        if (out != null) {
            Conv.conv2dWeightGradInto(x, g, out, stride, pad, dilation);
            return out;
        }
        return Conv.conv2dWeightGrad(x, g, ws, stride, pad, dilation);
    }
}
