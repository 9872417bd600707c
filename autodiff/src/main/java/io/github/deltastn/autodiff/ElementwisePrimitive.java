package io.github.deltastn.autodiff;

/**
 * Rule shape for element-wise unary functions {@code y = f(x)}: declare only the derivative
 * {@code f'(x)} (as a {@link Var}, possibly using {@code y}); then {@code VJP: gx = gy ⊙ f'(x)} and
 * {@code JVP: ty = tx ⊙ f'(x)}.
 */
public abstract class ElementwisePrimitive extends Primitive {

    /** {@code f'(x)} as a differentiable expression of {@code x} and {@code y = f(x)}. */
    protected abstract Var derivative(Var x, Var y);

    @Override
    public final Var[] vjp(Var gy, Var[] xs, Var y) {
        return new Var[] {gy.mul(derivative(xs[0], y))};
    }

    @Override
    public final Var jvp(Var[] xs, Var[] txs, Var y) {
        return txs[0].mul(derivative(xs[0], y));
    }
}
