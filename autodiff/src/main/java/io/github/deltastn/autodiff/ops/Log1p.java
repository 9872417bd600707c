package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = log(1 + x)}
 * <br>VJP: {@code gx = gy ⊙ 1/(1 + x)}
 * <br>JVP: {@code ty = tx ⊙ 1/(1 + x)}
 */
public final class Log1p extends ElementwisePrimitive {
    @Override
    public String name() {
        return "log1p";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.LOG1P, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return Var.constant(Tensor.ones(x.dtype(), x.shape())).div(x.add(1.0));
    }
}
