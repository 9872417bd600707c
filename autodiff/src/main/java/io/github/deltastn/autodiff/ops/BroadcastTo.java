package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Broadcast;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = broadcastTo(x, shape)} (NumPy rules)
 * <br>VJP: {@code gx = sumTo(gy, x.shape)}
 * <br>JVP: {@code ty = broadcastTo(tx, shape)}
 */
public final class BroadcastTo extends LinearPrimitive {
    private final int[] shape;

    /** Broadcast to {@code shape} (NumPy rules). */
    public BroadcastTo(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    public String name() {
        return "broadcastTo";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Broadcast.broadcastTo(xs[0], shape);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.sumTo(xs[0].shape())};
    }

    /** {@code sumTo(gy, x.shape)} by {@link Broadcast#sumToInto}. */
    @Override
    protected boolean vjpInto(Tensor gy, Tensor[] xs, Tensor y, int i, Tensor out) {
        Broadcast.sumToInto(gy, out);
        return true;
    }
}
