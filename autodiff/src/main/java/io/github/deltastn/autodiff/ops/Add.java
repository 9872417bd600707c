package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = a + b} (equal shapes; {@link Var#add(Var)} broadcasts first)
 * <br>VJP: {@code ga = gy, gb = gy}
 * <br>JVP: {@code ty = ta + tb}
 */
public final class Add extends LinearPrimitive {
    @Override
    public String name() {
        return "add";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        Shape.requireSame("add", xs[0].shape(), xs[1].shape());
        return Elementwise.binary(Elementwise.Binary.ADD, xs[0], xs[1]);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy, gy};
    }
}
