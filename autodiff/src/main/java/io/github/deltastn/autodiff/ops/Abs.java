package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.ElementwisePrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = |x|}
 * <br>VJP: {@code gx = gy ⊙ sign(x)}
 * <br>JVP: {@code ty = tx ⊙ sign(x)}
 */
public final class Abs extends ElementwisePrimitive {
    @Override
    public String name() {
        return "abs";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Elementwise.unary(Elementwise.Unary.ABS, xs[0]);
    }

    @Override
    protected Var derivative(Var x, Var y) {
        return Var.constant(sign(x.value()));
    }

    private static Tensor sign(Tensor x) {
        if (x.dtype() == DType.FLOAT32) {
            float[] d = x.floatData();
            float[] s = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                s[i] = Math.signum(d[i]);
            }
            return Tensor.wrap(s, x.shape());
        }
        double[] d = x.data();
        double[] s = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = Math.signum(d[i]);
        }
        return Tensor.wrap(s, x.shape());
    }
}
