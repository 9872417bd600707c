package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = −x}
 * <br>VJP: {@code gx = −gy}
 * <br>JVP: {@code ty = −tx}
 */
public final class Neg extends LinearPrimitive {
    @Override
    public String name() {
        return "neg";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.NEG, xs[0]);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.neg()};
    }
}
