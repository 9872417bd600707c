package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.Primitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = log Σ_axis exp(x)}, computed stably as {@code m + log Σ_axis exp(x − m)} with {@code m} the slice
 * maximum; the axis is removed. With {@code p = exp(x − y) = softmax(x, axis)} (y broadcast back along the axis):
 * <br>VJP: {@code gx = p ⊙ gy}
 * <br>JVP: {@code ty = Σ_axis (p ⊙ tx)}
 */
public final class LogSumExp extends Primitive {
    private final int axis;

    /** logsumexp along {@code axis} (negative counts from the end). */
    public LogSumExp(int axis) {
        this.axis = axis;
    }

    @Override
    public String name() {
        return "logsumexp";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Reduce.logsumexp(xs[0], axis, false);
    }

    /** x's shape with the axis kept as size 1: the shape y broadcasts back from. */
    private int[] kept(Var x) {
        int[] k = x.shape().clone();
        k[Shape.axis(name(), axis, k.length)] = 1;
        return k;
    }

    @Override
    public Var[] vjp(Var gy, Var[] xs, Var y) {
        int[] k = kept(xs[0]);
        return new Var[] {xs[0].sub(y.reshape(k)).exp().mul(gy.reshape(k))};
    }

    @Override
    public Var jvp(Var[] xs, Var[] txs, Var y) {
        return xs[0].sub(y.reshape(kept(xs[0]))).exp().mul(txs[0]).sum(axis);
    }
}
