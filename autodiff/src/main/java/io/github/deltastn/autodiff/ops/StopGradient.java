package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.Primitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = x}, treated as a constant by both modes
 * <br>VJP: {@code gx = 0}
 * <br>JVP: {@code ty = 0}
 */
public final class StopGradient extends Primitive {
    @Override
    public String name() {
        return "stopGradient";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return xs[0];
    }

    @Override
    public Var[] vjp(Var gy, Var[] xs, Var y) {
        return new Var[] {null};
    }

    @Override
    public Var jvp(Var[] xs, Var[] txs, Var y) {
        return null;
    }
}
