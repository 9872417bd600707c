package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
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

    /** Selects {@code a} where {@code mask} is non-zero, {@code b} elsewhere; the mask has the inputs' dtype. */
    public Where(Tensor mask) {
        this.mask = mask;
    }

    /**
     * {@code mask} as a selector of {@code dtype}: the mask itself when it has that dtype, else 1 where it is
     * non-zero and 0 elsewhere (so a tiny float64 value does not round to a float32 zero).
     */
    public static Tensor selector(Tensor mask, DType dtype) {
        if (mask.dtype() == dtype) {
            return mask;
        }
        Tensor m64 = mask.to(DType.FLOAT64);
        double[] d = m64.data();
        double[] s = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = d[i] != 0 ? 1 : 0;
        }
        return Tensor.wrap(s, mask.shape()).to(dtype);
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
        Var zero = Var.constant(Tensor.zeros(gy.dtype(), mask.shape()));
        return new Var[] {Var.where(mask, gy, zero), Var.where(mask, zero, gy)};
    }
}
