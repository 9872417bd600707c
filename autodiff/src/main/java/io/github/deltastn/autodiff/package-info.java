/**
 * Automatic differentiation: reverse mode, dual-number forward mode, and both nested.
 *
 * <p>Entry points: {@link io.github.deltastn.autodiff.Var} (a tensor value, a reverse-mode graph node, a
 * tangent; NumPy / JAX names: {@code add}, {@code matmul}, {@code sum}, {@code logsumexp}, {@code conv2d},
 * ...), {@link io.github.deltastn.autodiff.Grad} ({@code ∂loss/∂x}, returned and differentiable again),
 * {@link io.github.deltastn.autodiff.Jvp} ({@code (f(x), J·t)}, reverse-differentiable),
 * {@link io.github.deltastn.autodiff.Vjp} ({@code gy ↦ Jᵀ gy}), {@link io.github.deltastn.autodiff.Hvp}
 * ({@code H·v}), {@link io.github.deltastn.autodiff.NoGrad} (no graph) and
 * {@link io.github.deltastn.autodiff.GradCheck} (finite differences, VJP against JVP, order 2).
 *
 * <p>Math conventions: for {@code y = f(x)}, the JVP maps a tangent {@code tx} to {@code ty = J·tx} and the
 * VJP maps a cotangent {@code gy} to {@code gx = Jᵀ·gy}; gradients have the shapes of their inputs. Every
 * primitive ({@link io.github.deltastn.autodiff.Primitive}, in {@code ops}) holds its forward kernel, VJP and
 * JVP, the rules written with {@code Var} operations so that they are differentiable again. Nothing is
 * accumulated in fields; independent computations may run on different threads.
 *
 * <p>Dtypes: a computation runs in the {@link io.github.deltastn.core.DType} of its values (float64 or
 * float32); gradients and tangents have their primal's dtype, operations never promote (mixing throws), and
 * {@link io.github.deltastn.autodiff.Var#to} converts differentiably. {@code GradCheck} is float64 only.
 * {@link io.github.deltastn.autodiff.Grad#valuesInto} writes gradients into caller-owned buffers reused
 * across training steps.
 */
package io.github.deltastn.autodiff;
