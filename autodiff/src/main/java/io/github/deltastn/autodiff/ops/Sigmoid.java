package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = σ(x) = 1/(1 + exp(−x))}
 * <br>VJP: {@code gx = gy ⊙ y(1 − y)}
 * <br>JVP: {@code ty = tx ⊙ y(1 − y)}
 */
public final class Sigmoid extends ElementwisePrimitive {
    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.SIGMOID, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return y.mul(y.neg().add(1.0));
    }
}
