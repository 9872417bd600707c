package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = x} converted to dtype {@code d} (float64 → float32 rounds to nearest; float32 → float64 is exact)
 * <br>VJP: {@code gx = gy} converted to x's dtype
 * <br>JVP: {@code ty = tx} converted to {@code d}
 *
 * <p>Linear (up to rounding), so it is its own tangent map and the cast back is its transpose.
 */
public final class Cast extends LinearPrimitive {
    private final DType dtype;

    /** Conversion to {@code dtype}. */
    public Cast(DType dtype) {
        this.dtype = dtype;
    }

    @Override
    public String name() {
        return "to(" + dtype + ")";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return xs[0].to(dtype);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.to(xs[0].dtype())};
    }
}
