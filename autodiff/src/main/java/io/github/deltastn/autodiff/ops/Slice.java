package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = x[..., start:end, ...]} along {@code axis}
 * <br>VJP: {@code gx = pad(gy)} with zeros outside {@code [start, end)}
 * <br>JVP: {@code ty = tx[..., start:end, ...]}
 */
public final class Slice extends LinearPrimitive {
    private final int axis;
    private final int start;
    private final int end;

    /** Elements {@code [start, end)} along {@code axis}. */
    public Slice(int axis, int start, int end) {
        this.axis = axis;
        this.start = start;
        this.end = end;
    }

    @Override
    public String name() {
        return "slice";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return xs[0].slice(axis, start, end);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        int a = axis < 0 ? axis + xs[0].ndim() : axis;
        return new Var[] {Var.apply(new Pad(a, start, xs[0].shape()[a]), gy)};
    }
}
