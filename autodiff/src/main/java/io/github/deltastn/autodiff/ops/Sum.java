package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = Σ_{axes} x} (all axes when none are given; optionally keeping them with size 1)
 * <br>VJP: {@code gx = broadcastTo(reshape(gy, keep-dims shape), x.shape)}
 * <br>JVP: {@code ty = Σ_{axes} tx}
 */
public final class Sum extends LinearPrimitive {
    private final int[] axes;
    private final boolean keepDims;

    /** Sum over {@code axes} (all when empty), keeping them with size 1 when {@code keepDims}. */
    public Sum(int[] axes, boolean keepDims) {
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    public String name() {
        return "sum";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Reduce.sum(xs[0], keepDims, axes);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        int[] s = xs[0].shape();
        int[] kept = s.clone();
        if (axes.length == 0) {
            java.util.Arrays.fill(kept, 1);
        } else {
            for (int a : axes) {
                kept[Shape.axis("sum", a, s.length)] = 1;
            }
        }
        return new Var[] {gy.reshape(kept).broadcastTo(s)};
    }
}
