package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.Primitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = x − logsumexp(x, axis)} (stable)
 * <br>VJP: {@code gx = gy − exp(y) ⊙ Σ_axis gy}
 * <br>JVP: {@code ty = tx − Σ_axis (exp(y) ⊙ tx)}
 */
public final class LogSoftmax extends Primitive {
    private final int axis;

    /** logSoftmax along {@code axis} (negative counts from the end). */
    public LogSoftmax(int axis) {
        this.axis = axis;
    }

    @Override
    public String name() {
        return "logSoftmax";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Reduce.logSoftmax(xs[0], axis);
    }

    @Override
    public Var[] vjp(Var gy, Var[] xs, Var y) {
        return new Var[] {gy.sub(y.exp().mul(gy.sumKeepDims(axis)))};
    }

    @Override
    public Var jvp(Var[] xs, Var[] txs, Var y) {
        return txs[0].sub(y.exp().mul(txs[0]).sumKeepDims(axis));
    }
}
