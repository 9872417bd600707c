package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.BilinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = a ⊙ b} (equal shapes; {@link Var#mul(Var)} broadcasts first)
 * <br>VJP: {@code ga = gy ⊙ b, gb = a ⊙ gy}
 * <br>JVP: {@code ty = ta ⊙ b + a ⊙ tb}
 */
public final class Mul extends BilinearPrimitive {
    @Override
    public String name() {
        return "mul";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        Shape.requireSame("mul", xs[0].shape(), xs[1].shape());
        return Elementwise.binary(Elementwise.Binary.MUL, xs[0], xs[1]);
    }

    @Override
    protected Var applyTo(Var a, Var b) {
        return a.mul(b);
    }

    @Override
    protected Var transposeA(Var gy, Var a, Var b) {
        return gy.mul(b);
    }

    @Override
    protected Var transposeB(Var gy, Var a, Var b) {
        return a.mul(gy);
    }
}
