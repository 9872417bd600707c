/**
 * The primitives: one class per differentiable operation, holding its forward kernel (from {@code core}),
 * its VJP rule and its JVP rule. Each class comment states {@code y = …}, {@code VJP: gx = …} and
 * {@code JVP: ty = …}.
 *
 * <p>Users call them through {@link io.github.deltastn.autodiff.Var} ({@code x.softmax(1)} applies
 * {@link io.github.deltastn.autodiff.ops.Softmax}); a new primitive is applied with
 * {@link io.github.deltastn.autodiff.Var#apply}. Most extend a rule shape:
 * {@link io.github.deltastn.autodiff.ElementwisePrimitive} (declare {@code f'(x)}),
 * {@link io.github.deltastn.autodiff.LinearPrimitive} (declare the transpose) or
 * {@link io.github.deltastn.autodiff.BilinearPrimitive} (one term per side). Every primitive has an entry in
 * the primitive table test, checked to order 2 (design.md §3, §8).
 */
package io.github.deltastn.autodiff.ops;
