package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = log(1 + exp(x))}
 * <br>VJP: {@code gx = gy ⊙ σ(x)}
 * <br>JVP: {@code ty = tx ⊙ σ(x)}
 */
public final class Softplus extends ElementwisePrimitive {
    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.SOFTPLUS, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return x.sigmoid();
    }
}
