package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = c·x} for a constant {@code c}
 * <br>VJP: {@code gx = c·gy}
 * <br>JVP: {@code ty = c·tx}
 */
public final class Scale extends LinearPrimitive {
    private final double c;

    /** {@code y = c·x}. */
    public Scale(double c) {
        this.c = c;
    }

    @Override
    public String name() {
        return "mul(scalar)";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.binaryScalar(Elementwise.Binary.MUL, xs[0], c);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.mul(c)};
    }
}
