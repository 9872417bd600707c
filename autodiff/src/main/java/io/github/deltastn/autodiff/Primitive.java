package io.github.deltastn.autodiff;

import io.github.deltastn.core.Tensor;

/**
 * One differentiable operation: its forward kernel, its VJP rule and its JVP rule, in one class.
 *
 * <p>Rules are written with {@link Var} operations, so gradients and tangents are themselves
 * differentiable (reverse-over-forward, reverse-over-reverse, forward-over-reverse). Most primitives
 * extend one of the rule shapes {@link ElementwisePrimitive}, {@link LinearPrimitive} or
 * {@link BilinearPrimitive}; the rest implement both rules here. A primitive instance carries its
 * static parameters (axes, strides, ...) and is applied with {@link Var#apply(Primitive, Var...)}.
 */
public abstract class Primitive {

    /** Short name used in error messages, e.g. {@code "matmul"}. */
    public abstract String name();

    /**
     * Computes the output value from the input values. Must not modify the inputs.
     * Input shapes are validated here, with messages naming {@link #name()} and the shapes.
     */
    public abstract Tensor forward(Tensor... xs);

    /**
     * Cotangents of the inputs: {@code gx_i = (∂y/∂x_i)ᵀ gy}. {@code xs} and {@code y} keep their graph
     * nodes, so the result is differentiable. A {@code null} entry means a zero cotangent; entries for
     * inputs without a graph node ({@code !xs[i].requiresGrad()}) are ignored and may be skipped.
     */
    public abstract Var[] vjp(Var gy, Var[] xs, Var y);

    /**
     * Output tangent {@code ty = Σ_i (∂y/∂x_i) tx_i}. {@code xs} and {@code y} are primals that keep their
     * graph nodes (only their tangents are stripped — detaching them would silently break
     * reverse-over-forward); a {@code null} entry of {@code txs} is a zero tangent (at least one is
     * non-null). May return {@code null} for a zero tangent.
     */
    public abstract Var jvp(Var[] xs, Var[] txs, Var y);

    /**
     * Optional, for {@link Grad#valuesInto}: writes the cotangent of input {@code i} — the value {@link #vjp}
     * returns for it — into the caller-owned {@code out} (x_i's shape and dtype; overwritten) without
     * allocating it, bit for bit the same; returns false, writing nothing, when this primitive cannot (then
     * {@code vjp} runs and its result is copied). Values only: called outside any graph.
     */
    protected boolean vjpInto(Tensor gy, Tensor[] xs, Tensor y, int i, Tensor out) {
        return false;
    }

    @Override
    public String toString() {
        return name();
    }
}
