package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.Primitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = exp(x − logsumexp(x, axis))}, computed stably (shifted by the slice maximum); y has x's shape
 * <br>VJP: {@code gx = y ⊙ (gy − Σ_axis (gy ⊙ y))}
 * <br>JVP: {@code ty = y ⊙ (tx − Σ_axis (y ⊙ tx))}
 */
public final class Softmax extends Primitive {
    private final int axis;

    /** Softmax along {@code axis} (negative counts from the end). */
    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Reduce.softmax(xs[0], axis);
    }

    @Override
    public Var[] vjp(Var gy, Var[] xs, Var y) {
        return new Var[] {y.mul(gy.sub(gy.mul(y).sumKeepDims(axis)))};
    }

    @Override
    public Var jvp(Var[] xs, Var[] txs, Var y) {
        return y.mul(txs[0].sub(y.mul(txs[0]).sumKeepDims(axis)));
    }
}
