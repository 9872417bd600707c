package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = max(x, 0)}
 * <br>VJP: {@code gx = gy ⊙ 1[x > 0]}
 * <br>JVP: {@code ty = tx ⊙ 1[x > 0]}
 */
public final class Relu extends ElementwisePrimitive {
    @Override
    public String name() {
        return "relu";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.RELU, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return Var.constant(Elementwise.unary(Elementwise.Unary.RELU_MASK, x.value()));
    }
}
