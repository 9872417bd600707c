package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = exp(x)}
 * <br>VJP: {@code gx = gy ⊙ y}
 * <br>JVP: {@code ty = tx ⊙ y}
 */
public final class Exp extends ElementwisePrimitive {
    @Override
    public String name() {
        return "exp";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.EXP, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return y;
    }
}
