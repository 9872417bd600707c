package io.github.deltastn.autodiff;

import java.util.function.Function;

/**
 * Hessian-vector products of a scalar function, reverse-over-forward:
 * {@code H(x)·v = ∇_x (∇f(x)ᵀ v)}, where the inner directional derivative is a {@link Jvp} and the
 * outer gradient is {@link Grad}. No Hessian is formed.
 */
public final class Hvp {
    private Hvp() {}

    /**
     * {@code ∇²f(x)·v}, same shape as {@code x}; differentiable further.
     *
     * @param x a {@link Var#param} (gradients are taken with respect to it)
     */
    public static Var of(Function<Var, Var> f, Var x, Var v) {
        Dual d = Jvp.of(f, x, v);
        if (d.tangent().size() != 1) {
            throw new IllegalArgumentException("Hvp.of: f must return a scalar, got shape "
                    + java.util.Arrays.toString(d.tangent().shape()));
        }
        return Grad.of(d.tangent(), java.util.List.of(x), true)[0];
    }
}
