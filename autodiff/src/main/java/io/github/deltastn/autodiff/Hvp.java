package io.github.deltastn.autodiff;

import io.github.deltastn.core.Shape;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Hessian-vector products of a scalar function, reverse-over-forward:
 * {@code H(x)·v = ∇_x (∇f(x)ᵀ v)}, where the inner directional derivative is a {@link Jvp} and the
 * outer gradient is {@link Grad}. No Hessian is formed.
 */
public final class Hvp {
    private Hvp() {}

    /**
     * {@code H·v} for a scalar {@code f} of several inputs, one block per input:
     * {@code out_i = Σ_j ∂²f/∂x_i∂x_j · v_j = ∇_{x_i} (Σ_j ∂f/∂x_j · v_j)}, same shape as {@code x_i};
     * differentiable further. An input that {@code f} does not depend on gets a zero block.
     *
     * @param primals {@link Var#param}s (gradients are taken with respect to them)
     * @param tangents one direction {@code v_i} per primal, of its shape and dtype
     * @throws IllegalArgumentException if a primal is a constant, a direction's dtype differs from its primal's,
     *     {@code f} is not scalar, or as
     *     {@link Jvp#of(Function, Var[], Var[])} on a count or shape mismatch
     */
    public static Var[] of(Function<Var[], Var> f, Var[] primals, Var[] tangents) {
        for (int i = 0; i < primals.length; i++) {
            if (!primals[i].requiresGrad()) {
                throw new IllegalArgumentException("Hvp.of: primal " + i + " (shape " + Shape.str(primals[i].shape())
                        + ") is a constant with no graph node; create it with Var.param");
            }
            if (i < tangents.length && tangents[i].dtype() != primals[i].dtype()) {
                throw new IllegalArgumentException("Hvp.of: direction " + i + " is " + tangents[i].dtype()
                        + " but its primal is " + primals[i].dtype() + "; convert one with Var.to(DType)");
            }
        }
        Dual d = Jvp.of(f, primals, tangents);
        if (d.tangent().size() != 1) {
            throw new IllegalArgumentException("Hvp.of: f must return a scalar, got shape " + Shape.str(d.tangent().shape()));
        }
        return Grad.of(d.tangent(), Arrays.asList(primals), true);
    }

    /** Single-input form of {@link #of(Function, Var[], Var[])}: {@code ∇²f(x)·v}, same shape as {@code x}. */
    public static Var of(Function<Var, Var> f, Var x, Var v) {
        return of(xs -> f.apply(xs[0]), new Var[] {x}, new Var[] {v})[0];
    }
}
