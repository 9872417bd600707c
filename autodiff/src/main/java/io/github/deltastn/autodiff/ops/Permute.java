package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = permute(x, axes)}, {@code y.shape[i] = x.shape[axes[i]]}
 * <br>VJP: {@code gx = permute(gy, axes⁻¹)}
 * <br>JVP: {@code ty = permute(tx, axes)}
 */
public final class Permute extends LinearPrimitive {
    private final int[] axes;

    /** Axis permutation: {@code y.shape[i] = x.shape[axes[i]]}. */
    public Permute(int[] axes) {
        this.axes = axes.clone();
    }

    @Override
    public String name() {
        return "permute";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return xs[0].permute(axes);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        int r = axes.length;
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) {
            inverse[Shape.axis("permute", axes[i], r)] = i;
        }
        return new Var[] {gy.permute(inverse)};
    }
}
