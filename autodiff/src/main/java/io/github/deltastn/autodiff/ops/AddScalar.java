package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.Primitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = x + c} for a constant {@code c} (affine)
 * <br>VJP: {@code gx = gy}
 * <br>JVP: {@code ty = tx}
 */
public final class AddScalar extends Primitive {
    private final double c;

    /** {@code y = x + c}. */
    public AddScalar(double c) {
        this.c = c;
    }

    @Override
    public String name() {
        return "add(scalar)";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.binaryScalar(Elementwise.Binary.ADD, xs[0], c);
    }

    @Override
    public Var[] vjp(Var gy, Var[] xs, Var y) {
        return new Var[] {gy};
    }

    @Override
    public Var jvp(Var[] xs, Var[] txs, Var y) {
        return txs[0];
    }
}
