package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = mask ? a : b} element-wise, for a constant mask (non-zero = true)
 * <br>VJP: {@code ga = mask ? gy : 0, gb = mask ? 0 : gy}
 * <br>JVP: {@code ty = mask ? ta : tb}
 */
public final class Where extends LinearPrimitive {
    private final Tensor mask;

    /** Selects {@code a} where {@code mask} is non-zero, {@code b} elsewhere. */
    public Where(Tensor mask) {
        this.mask = mask;
    }

    @Override
    public String name() {
        return "where";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        Shape.requireSame("where", mask.shape(), xs[0].shape());
        Shape.requireSame("where", mask.shape(), xs[1].shape());
        return Elementwise.where(mask, xs[0], xs[1]);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        Var zero = Var.constant(Tensor.zeros(mask.shape()));
        return new Var[] {Var.where(mask, gy, zero), Var.where(mask, zero, gy)};
    }
}
