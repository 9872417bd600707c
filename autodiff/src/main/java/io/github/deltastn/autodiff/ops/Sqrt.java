package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = √x}
 * <br>VJP: {@code gx = gy ⊙ 1/(2y)}
 * <br>JVP: {@code ty = tx ⊙ 1/(2y)}
 */
public final class Sqrt extends ElementwisePrimitive {
    @Override
    public String name() {
        return "sqrt";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.SQRT, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return Var.constant(Tensor.full(y.dtype(), 0.5, y.shape())).div(y);
    }
}
