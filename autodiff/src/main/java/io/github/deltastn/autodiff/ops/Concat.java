package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = concat(x_1, ..., x_n)} along {@code axis}
 * <br>VJP: {@code gx_i = gy[..., o_i:o_i+n_i, ...]} (the slice each input came from)
 * <br>JVP: {@code ty = concat(tx_1, ..., tx_n)}
 */
public final class Concat extends LinearPrimitive {
    private final int axis;

    /** Concatenation along {@code axis}. */
    public Concat(int axis) {
        this.axis = axis;
    }

    @Override
    public String name() {
        return "concat";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Tensor.concat(axis, xs);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        int a = Shape.axis("concat", axis, xs[0].ndim());
        Var[] g = new Var[xs.length];
        int off = 0;
        for (int i = 0; i < xs.length; i++) {
            int n = xs[i].shape()[a];
            g[i] = gy.slice(a, off, off + n);
            off += n;
        }
        return g;
    }
}
