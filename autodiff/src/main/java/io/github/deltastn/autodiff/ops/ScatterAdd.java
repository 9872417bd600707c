package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = zeros(shape); y.flat[index[i]] += x.flat[i]}
 * <br>VJP: {@code gx = gather(gy, index)}
 * <br>JVP: {@code ty = scatterAdd(tx, index)}
 */
public final class ScatterAdd extends LinearPrimitive {
    private final int[] index;
    private final int[] shape;

    /** {@code y = zeros(shape); y.flat[index[i]] += x.flat[i]}. */
    public ScatterAdd(int[] index, int[] shape) {
        this.index = index;
        this.shape = shape.clone();
    }

    @Override
    public String name() {
        return "scatterAdd";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Reduce.scatterAdd(xs[0], index, shape);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.gather(index, xs[0].shape())};
    }
}
