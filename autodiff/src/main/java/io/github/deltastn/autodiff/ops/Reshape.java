package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = reshape(x, shape)} (same data, row-major order)
 * <br>VJP: {@code gx = reshape(gy, x.shape)}
 * <br>JVP: {@code ty = reshape(tx, shape)}
 */
public final class Reshape extends LinearPrimitive {
    private final int[] shape;

    /** Reshape to {@code shape} (same number of elements). */
    public Reshape(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    public String name() {
        return "reshape";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return xs[0].reshape(shape);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.reshape(xs[0].shape())};
    }
}
