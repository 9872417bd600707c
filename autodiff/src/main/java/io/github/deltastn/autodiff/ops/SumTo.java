package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Broadcast;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = sumTo(x, shape)}: sums the axes a broadcast to {@code x.shape} would have added
 * <br>VJP: {@code gx = broadcastTo(gy, x.shape)}
 * <br>JVP: {@code ty = sumTo(tx, shape)}
 */
public final class SumTo extends LinearPrimitive {
    private final int[] shape;

    /** Sums broadcast axes away to reach {@code shape}. */
    public SumTo(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    public String name() {
        return "sumTo";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Broadcast.sumTo(xs[0], shape);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.broadcastTo(xs[0].shape())};
    }
}
