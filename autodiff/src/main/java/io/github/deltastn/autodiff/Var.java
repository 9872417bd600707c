package io.github.deltastn.autodiff;

import io.github.deltastn.autodiff.ops.Abs;
import io.github.deltastn.autodiff.ops.Add;
import io.github.deltastn.autodiff.ops.AddScalar;
import io.github.deltastn.autodiff.ops.BroadcastTo;
import io.github.deltastn.autodiff.ops.Cast;
import io.github.deltastn.autodiff.ops.ChannelBias;
import io.github.deltastn.autodiff.ops.Concat;
import io.github.deltastn.autodiff.ops.Conv2d;
import io.github.deltastn.autodiff.ops.Div;
import io.github.deltastn.autodiff.ops.Exp;
import io.github.deltastn.autodiff.ops.Expm1;
import io.github.deltastn.autodiff.ops.Gather;
import io.github.deltastn.autodiff.ops.Log;
import io.github.deltastn.autodiff.ops.Log1p;
import io.github.deltastn.autodiff.ops.LogSoftmax;
import io.github.deltastn.autodiff.ops.LogSumExp;
import io.github.deltastn.autodiff.ops.MatMul;
import io.github.deltastn.autodiff.ops.Mul;
import io.github.deltastn.autodiff.ops.Neg;
import io.github.deltastn.autodiff.ops.Permute;
import io.github.deltastn.autodiff.ops.Relu;
import io.github.deltastn.autodiff.ops.Reshape;
import io.github.deltastn.autodiff.ops.Scale;
import io.github.deltastn.autodiff.ops.ScatterAdd;
import io.github.deltastn.autodiff.ops.Sigmoid;
import io.github.deltastn.autodiff.ops.Slice;
import io.github.deltastn.autodiff.ops.Softmax;
import io.github.deltastn.autodiff.ops.Softplus;
import io.github.deltastn.autodiff.ops.Sqrt;
import io.github.deltastn.autodiff.ops.Square;
import io.github.deltastn.autodiff.ops.StopGradient;
import io.github.deltastn.autodiff.ops.Sub;
import io.github.deltastn.autodiff.ops.Sum;
import io.github.deltastn.autodiff.ops.SumTo;
import io.github.deltastn.autodiff.ops.Tanh;
import io.github.deltastn.autodiff.ops.Where;
import io.github.deltastn.core.Conv;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.Arrays;

/**
 * A differentiable value: a {@link Tensor}, a reverse-mode graph node ({@code null} for constants) and a
 * forward-mode tangent ({@code null} = zero tangent).
 *
 * <p>Immutable. Operations return new {@code Var}s; binary operations broadcast with NumPy rules
 * (through {@link #broadcastTo} / {@link #sumTo}). Gradients come from {@link Grad#of}, tangents from
 * {@link Jvp#of}; nothing is accumulated in fields, so independent computations may run on different
 * threads.
 *
 * <p>A {@code Var} has the {@link DType} of its value. Every operation keeps it: inputs of one operation
 * must share a dtype (else an {@link IllegalArgumentException} names the operation and both dtypes), scalar
 * constants such as {@code c} in {@link #mul(double)} are rounded to it, and gradients and tangents have the
 * dtype of their primal. {@link #to(DType)} converts, differentiably.
 */
public final class Var {
    private final Tensor value;
    final Node node;
    private final Var tangent;

    Var(Tensor value, Node node, Var tangent) {
        this.value = value;
        this.node = node;
        this.tangent = tangent;
    }

    // ------------------------------------------------------------------ creation

    /** A leaf that gradients can be taken with respect to (a parameter or an input). */
    public static Var param(Tensor value) {
        return new Var(value, new Node(null, new Var[0]), null);
    }

    /** A constant: no graph node, zero tangent. */
    public static Var constant(Tensor value) {
        return new Var(value, null, null);
    }

    /** A rank-0 float64 constant. */
    public static Var scalar(double value) {
        return constant(Tensor.scalar(value));
    }

    /** A rank-0 constant of {@code dtype} ({@code value} rounded to it). */
    public static Var scalar(DType dtype, double value) {
        return constant(Tensor.scalar(dtype, value));
    }

    /**
     * Applies a primitive: computes the value, records a graph node when an input has one (and no
     * {@link NoGrad} scope is active), and computes the output tangent when an input carries one.
     * This is the only place where nodes and tangents are made.
     */
    public static Var apply(Primitive p, Var... xs) {
        Tensor[] vals = new Tensor[xs.length];
        boolean tracked = false;
        boolean hasTangent = false;
        for (int i = 0; i < xs.length; i++) {
            vals[i] = xs[i].value;
            if (i > 0) {
                requireSameDType(p.name(), xs[0], xs[i]);
            }
            tracked |= xs[i].node != null;
            hasTangent |= xs[i].tangent != null;
        }
        Tensor y = p.forward(vals);
        Node node = tracked && !NoGrad.active() ? new Node(p, xs.clone()) : null;
        Var ty = null;
        if (hasTangent) {
            Var[] primals = new Var[xs.length];
            Var[] tangents = new Var[xs.length];
            for (int i = 0; i < xs.length; i++) {
                primals[i] = xs[i].primal();
                tangents[i] = xs[i].tangent;
            }
            ty = p.jvp(primals, tangents, new Var(y, node, null));
            if (ty != null && !ty.value.hasShape(y.shape())) {
                throw new IllegalStateException(p.name() + ": JVP rule returned a tangent of shape "
                        + Shape.str(ty.value.shape()) + " for an output of shape " + Shape.str(y.shape()));
            }
        }
        Var out = new Var(y, node, ty);
        if (node != null) {
            node.output = out;
        }
        return out;
    }

    /**
     * Throws when {@code a} and {@code b} have different dtypes.
     *
     * @throws IllegalArgumentException naming {@code op} and both dtypes
     */
    static void requireSameDType(String op, Var a, Var b) {
        DType da = a.value.dtype();
        DType db = b.value.dtype();
        if (da != db) {
            throw new IllegalArgumentException(op + ": dtypes " + da + " and " + db
                    + " differ; convert one with Var.to(DType)");
        }
    }

    // ------------------------------------------------------------------ accessors

    /** The value (do not modify its data). */
    public Tensor value() {
        return value;
    }

    /** The value's shape. */
    public int[] shape() {
        return value.shape();
    }

    /** The value's element type. */
    public DType dtype() {
        return value.dtype();
    }

    /** The value's rank. */
    public int ndim() {
        return value.ndim();
    }

    /** The value's number of elements. */
    public int size() {
        return value.size();
    }

    /** The single value of a one-element {@code Var}. */
    public double item() {
        return value.item();
    }

    /** The tangent, or {@code null} for a zero tangent. */
    public Var tangent() {
        return tangent;
    }

    /** True when this value is part of a reverse-mode graph (gradients can flow to or through it). */
    public boolean requiresGrad() {
        return node != null;
    }

    /** The same value and graph node without the tangent. */
    public Var primal() {
        return tangent == null ? this : new Var(value, node, null);
    }

    @Override
    public String toString() {
        return "Var(" + value + (node != null ? ", graph" : "") + (tangent != null ? ", tangent" : "") + ")";
    }

    // ------------------------------------------------------------------ element-wise

    /** {@code y = exp(x)}. */
    public Var exp() {
        return apply(new Exp(), this);
    }

    /** {@code y = log(x)}. */
    public Var log() {
        return apply(new Log(), this);
    }

    /** {@code y = log(1 + x)}. */
    public Var log1p() {
        return apply(new Log1p(), this);
    }

    /** {@code y = exp(x) − 1}. */
    public Var expm1() {
        return apply(new Expm1(), this);
    }

    /** {@code y = tanh(x)}. */
    public Var tanh() {
        return apply(new Tanh(), this);
    }

    /** {@code y = 1 / (1 + exp(−x))}. */
    public Var sigmoid() {
        return apply(new Sigmoid(), this);
    }

    /** {@code y = max(x, 0)}. */
    public Var relu() {
        return apply(new Relu(), this);
    }

    /** {@code y = log(1 + exp(x))}, computed stably. */
    public Var softplus() {
        return apply(new Softplus(), this);
    }

    /** {@code y = x²}. */
    public Var square() {
        return apply(new Square(), this);
    }

    /** {@code y = √x}. */
    public Var sqrt() {
        return apply(new Sqrt(), this);
    }

    /** {@code y = |x|}. */
    public Var abs() {
        return apply(new Abs(), this);
    }

    /** {@code y = −x}. */
    public Var neg() {
        return apply(new Neg(), this);
    }

    // ------------------------------------------------------------------ binary (broadcasting)

    /** {@code y = a + b} with broadcasting. */
    public Var add(Var b) {
        Var[] ab = broadcastPair("add", this, b);
        return apply(new Add(), ab[0], ab[1]);
    }

    /** {@code y = a − b} with broadcasting. */
    public Var sub(Var b) {
        Var[] ab = broadcastPair("sub", this, b);
        return apply(new Sub(), ab[0], ab[1]);
    }

    /** {@code y = a ⊙ b} with broadcasting. */
    public Var mul(Var b) {
        Var[] ab = broadcastPair("mul", this, b);
        return apply(new Mul(), ab[0], ab[1]);
    }

    /** {@code y = a ⊘ b} with broadcasting. */
    public Var div(Var b) {
        Var[] ab = broadcastPair("div", this, b);
        return apply(new Div(), ab[0], ab[1]);
    }

    /** Multiplication by a constant tensor, e.g. a dropout mask (broadcasting). */
    public Var mul(Tensor mask) {
        return mul(constant(mask));
    }

    /** {@code y = x + c}. */
    public Var add(double c) {
        return apply(new AddScalar(c), this);
    }

    /** {@code y = x − c}. */
    public Var sub(double c) {
        return apply(new AddScalar(-c), this);
    }

    /** {@code y = c·x}. */
    public Var mul(double c) {
        return apply(new Scale(c), this);
    }

    /** {@code y = x / c}. */
    public Var div(double c) {
        if (c == 0.0) {
            throw new IllegalArgumentException("div: division by the constant 0");
        }
        return apply(new Scale(1.0 / c), this);
    }

    /**
     * {@code y = mask ? a : b} element-wise for a constant mask (non-zero = true); {@code a}, {@code b}
     * are broadcast to the mask's shape. The mask may have either dtype: only "non-zero" is read from it.
     */
    public static Var where(Tensor mask, Var a, Var b) {
        int[] s = mask.shape();
        requireSameDType("where", a, b);
        return apply(new Where(Where.selector(mask, a.dtype())), a.broadcastTo(s), b.broadcastTo(s));
    }

    private static Var[] broadcastPair(String op, Var a, Var b) {
        requireSameDType(op, a, b);
        int[] sa = a.value.shape();
        int[] sb = b.value.shape();
        if (Arrays.equals(sa, sb)) {
            return new Var[] {a, b};
        }
        int[] s = Shape.broadcast(op, sa, sb);
        return new Var[] {a.broadcastTo(s), b.broadcastTo(s)};
    }

    // ------------------------------------------------------------------ linear algebra

    /** {@code y = a·b} for 2-D {@code a [m,k]}, {@code b [k,n]}. */
    public Var matmul(Var b) {
        return apply(new MatMul(false, false), this, b);
    }

    /** {@code y = op(a)·op(b)}, {@code op} = transpose when the flag is set (no transpose is materialised). */
    public Var matmul(Var b, boolean transA, boolean transB) {
        return apply(new MatMul(transA, transB), this, b);
    }

    /**
     * 2-D convolution (cross-correlation, as in PyTorch) of {@code x [N,C,H,W]} with
     * {@code w [C_out,C,kh,kw]}: {@code y [N,C_out,OH,OW]}.
     */
    public Var conv2d(Var w, int stride, int padding, int dilation) {
        return apply(Conv2d.forward(stride, padding, dilation), this, w);
    }

    /**
     * {@link #conv2d(Var, int, int, int)} plus a bias per output channel, as PyTorch's
     * {@code F.conv2d(x, w, b, ...)}: {@code y[n,o,i,j] = conv(x, w)[n,o,i,j] + b[o]} with {@code b [C_out]}.
     *
     * @throws IllegalArgumentException when {@code b} is not of shape {@code [C_out]}
     */
    public Var conv2d(Var w, Var b, int stride, int padding, int dilation) {
        Var y = conv2d(w, stride, padding, dilation);
        int co = y.shape()[1];
        if (!b.value.hasShape(co)) {
            throw new IllegalArgumentException("conv2d: bias of shape " + Shape.str(b.shape()) + " for weight "
                    + Shape.str(w.shape()) + "; expected [" + co + "] (one per output channel)");
        }
        return apply(new ChannelBias(), y, b);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (rank-0 result). */
    public Var sum() {
        return apply(new Sum(new int[0], false), this);
    }

    /** Sum over {@code axes}, dropping them. */
    public Var sum(int... axes) {
        return apply(new Sum(axes, false), this);
    }

    /** Sum over {@code axes}, keeping them with size 1. */
    public Var sumKeepDims(int... axes) {
        return apply(new Sum(axes, true), this);
    }

    /**
     * Mean of all elements (rank-0 result).
     *
     * @throws IllegalArgumentException for an empty value, as {@link Reduce#mean}: there is nothing to average
     */
    public Var mean() {
        return mean(new int[0]);
    }

    /**
     * Mean over {@code axes} (all axes when none are given), dropping them: {@code y = (1/m) Σ_{axes} x} with
     * {@code m} = {@link Reduce#meanCount}.
     *
     * @throws IllegalArgumentException as {@link Reduce#mean} when a non-empty result would average over zero
     *     elements
     */
    public Var mean(int... axes) {
        return sum(axes).mul(1.0 / meanCount(axes));
    }

    /** As {@link #mean(int...)}, keeping the reduced axes with size 1. */
    public Var meanKeepDims(int... axes) {
        return sumKeepDims(axes).mul(1.0 / meanCount(axes));
    }

    /** {@link Reduce#meanCount}, or 1 for an empty result (nothing to divide). */
    private int meanCount(int[] axes) {
        return Math.max(1, Reduce.meanCount(value.shape(), axes));
    }

    /**
     * Maximum along {@code axis}, dropping it. The (sub)gradient goes to the first argmax: this is a gather at
     * the argmax indices, which are computed from the value and held fixed.
     *
     * @throws IllegalArgumentException on a bad axis or an axis of size 0 (no maximum)
     */
    public Var max(int axis) {
        return max(axis, false);
    }

    /** As {@link #max(int)}, keeping the axis with size 1 ({@code keepdims=True}). */
    public Var maxKeepDims(int axis) {
        return max(axis, true);
    }

    private Var max(int axis, boolean keepDims) {
        int a = Shape.axis("max", axis, ndim());
        int[] s = value.shape();
        int[] out = new int[keepDims ? s.length : s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != a || keepDims) {
                out[j++] = i == a ? 1 : s[i];
            }
        }
        return gather(Reduce.argmax(value, a), out);
    }

    /** {@code y = x − logsumexp(x, axis)}, stable. */
    public Var logSoftmax(int axis) {
        return apply(new LogSoftmax(axis), this);
    }

    /** {@code y = exp(x) / Σ_axis exp(x)}, stable (shifted by the slice maximum); y has x's shape. */
    public Var softmax(int axis) {
        return apply(new Softmax(axis), this);
    }

    /** {@code y = log Σ_axis exp(x)}, stable (shifted by the slice maximum), dropping the axis. */
    public Var logsumexp(int axis) {
        return apply(new LogSumExp(axis), this);
    }

    /**
     * 2-D max pooling of {@code x [N,C,H,W]} with a {@code k×k} window and the given stride. The tangent
     * and gradient follow the primal argmax (first max on ties), held fixed.
     */
    public Var maxPool2d(int k, int stride) {
        Conv.Pool pool = Conv.maxPool2d(value, k, stride);
        return gather(pool.argmax(), pool.out().shape());
    }

    // ------------------------------------------------------------------ dtype

    /**
     * This value as {@code dtype}, differentiably ({@link Cast}): {@code y = round(x)} to float32 or
     * {@code y = x} exactly to float64; {@code VJP: gx = gy} cast to x's dtype, {@code JVP: ty = tx} cast to
     * {@code dtype}. Returns {@code this} when the dtype already matches.
     */
    public Var to(DType dtype) {
        if (dtype == value.dtype()) {
            return this;
        }
        return apply(new Cast(dtype), this);
    }

    // ------------------------------------------------------------------ shape

    /** Same data, new shape ({@code -1} inferred). */
    public Var reshape(int... shape) {
        return apply(new Reshape(value.reshape(shape).shape()), this);
    }

    /** Transpose of a 2-D value. */
    public Var transpose() {
        if (ndim() != 2) {
            throw new IllegalArgumentException("transpose: expected a 2-D value, got shape " + Shape.str(shape())
                    + " (use permute for other ranks)");
        }
        return permute(1, 0);
    }

    /** Axis permutation: {@code y.shape[i] = x.shape[axes[i]]}. */
    public Var permute(int... axes) {
        return apply(new Permute(axes), this);
    }

    /** NumPy broadcast to {@code shape} (no-op when equal). */
    public Var broadcastTo(int... shape) {
        if (value.hasShape(shape)) {
            return this;
        }
        return apply(new BroadcastTo(shape), this);
    }

    /** Sums broadcast axes away to reach {@code shape}: the adjoint of {@link #broadcastTo}. */
    public Var sumTo(int... shape) {
        if (value.hasShape(shape)) {
            return this;
        }
        return apply(new SumTo(shape), this);
    }

    /** Elements {@code [start, end)} along {@code axis}. */
    public Var slice(int axis, int start, int end) {
        return apply(new Slice(axis, start, end), this);
    }

    /** Concatenation along {@code axis}. */
    public static Var concat(int axis, Var... parts) {
        return apply(new Concat(axis), parts);
    }

    /** {@code y.flat[i] = x.flat[index[i]]}, reshaped to {@code outShape}. */
    public Var gather(int[] index, int... outShape) {
        return apply(new Gather(index, outShape), this);
    }

    /** Adjoint of {@link #gather}: {@code y = zeros(xShape); y.flat[index[i]] += x.flat[i]}. */
    public Var scatterAdd(int[] index, int... xShape) {
        return apply(new ScatterAdd(index, xShape), this);
    }

    /**
     * The same value cut from the graph: no gradient flows back through it and its tangent is zero
     * ({@code stop_gradient} / {@code detach}). {@link Grad#of} reports a parameter that reaches the loss
     * only through a stopGradient.
     */
    public Var stopGradient() {
        return apply(new StopGradient(), this);
    }
}
