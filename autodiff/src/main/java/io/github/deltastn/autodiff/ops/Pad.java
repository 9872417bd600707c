package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Zero padding along one axis: {@code y = zeros} with {@code y[..., start:start+n, ...] = x}, where
 * {@code n = x.shape[axis]} and {@code y.shape[axis] = size}
 * <br>VJP: {@code gx = gy[..., start:start+n, ...]}
 * <br>JVP: {@code ty = pad(tx)}
 */
public final class Pad extends LinearPrimitive {
    private final int axis;
    private final int start;
    private final int size;

    /** Places x at offset {@code start} of a zero tensor whose {@code axis} has length {@code size}. */
    public Pad(int axis, int start, int size) {
        this.axis = axis;
        this.start = start;
        this.size = size;
    }

    @Override
    public String name() {
        return "pad";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        Tensor x = xs[0];
        int[] s = x.shape();
        int a = Shape.axis("pad", axis, s.length);
        int n = s[a];
        if (start < 0 || start + n > size) {
            throw new IllegalArgumentException("pad: cannot place " + n + " entries at offset " + start
                    + " in an axis of size " + size + " (input shape " + Shape.str(s) + ", axis " + axis + ")");
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= s[i];
        }
        int inner = 1;
        for (int i = a + 1; i < s.length; i++) {
            inner *= s[i];
        }
        int[] os = s.clone();
        os[a] = size;
        Tensor out = Tensor.zeros(x.dtype(), os);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object in = f32 ? x.floatData() : x.data();
        Object o32 = f32 ? out.floatData() : out.data();
        int chunk = n * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(in, o * chunk, o32, (o * size + start) * inner, chunk);
        }
        return out;
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        return new Var[] {gy.slice(axis, start, start + xs[0].shape()[axis])};
    }
}
