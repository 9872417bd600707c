package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = exp(x) − 1}
 * <br>VJP: {@code gx = gy ⊙ (y + 1)}
 * <br>JVP: {@code ty = tx ⊙ (y + 1)}
 */
public final class Expm1 extends ElementwisePrimitive {
    @Override
    public String name() {
        return "expm1";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.EXPM1, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return y.add(1.0);
    }
}
