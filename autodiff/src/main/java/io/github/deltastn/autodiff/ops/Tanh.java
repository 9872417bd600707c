package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = tanh(x)}
 * <br>VJP: {@code gx = gy ⊙ (1 − y²)}
 * <br>JVP: {@code ty = tx ⊙ (1 − y²)}
 */
public final class Tanh extends ElementwisePrimitive {
    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.TANH, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return y.square().neg().add(1.0);
    }
}
