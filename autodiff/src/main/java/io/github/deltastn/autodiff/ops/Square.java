package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = x²}
 * <br>VJP: {@code gx = gy ⊙ 2x}
 * <br>JVP: {@code ty = tx ⊙ 2x}
 */
public final class Square extends ElementwisePrimitive {
    @Override
    public String name() {
        return "square";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.SQUARE, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return x.mul(2.0);
    }
}
