package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Tensor;

/**
 * {@code y.flat[i] = x.flat[index[i]]}, shaped {@code outShape} (max, max-pooling, embedding lookup)
 * <br>VJP: {@code gx = scatterAdd(gy, index, x.shape)}
 * <br>JVP: {@code ty = gather(tx, index)}
 */
public final class Gather extends LinearPrimitive {
    private final int[] index;
    private final int[] outShape;

    /** {@code y.flat[i] = x.flat[index[i]]}, reshaped to {@code outShape}. */
    public Gather(int[] index, int[] outShape) {
        this.index = index;
        this.outShape = outShape.clone();
    }

    @Override
    public String name() {
        return "gather";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Reduce.gather(xs[0], index, outShape);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.scatterAdd(index, xs[0].shape())};
    }
}
