package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.Primitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = a ⊘ b} (equal shapes; {@link Var#div(Var)} broadcasts first)
 * <br>VJP: {@code ga = gy ⊘ b, gb = −gy ⊙ y ⊘ b}
 * <br>JVP: {@code ty = (ta − tb ⊙ y) ⊘ b}
 */
public final class Div extends Primitive {
    @Override
    public String name() {
        return "div";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        Shape.requireSame("div", xs[0].shape(), xs[1].shape());
        return Elementwise.binary(Elementwise.Binary.DIV, xs[0], xs[1]);
    }

    @Override
    public Var[] vjp(Var gy, Var[] xs, Var y) {
        Var ga = gy.div(xs[1]);
        return new Var[] {ga, ga.mul(y).neg()};
    }

    @Override
    public Var jvp(Var[] xs, Var[] txs, Var y) {
        Var num = txs[0];
        if (txs[1] != null) {
            Var tby = txs[1].mul(y);
            num = num == null ? tby.neg() : num.sub(tby);
        }
        return num.div(xs[1]);
    }
}
