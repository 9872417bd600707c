package io.github.deltastn.autodiff;

/**
 * The result of {@link Jvp#of}: {@code primal = f(x)} and {@code tangent = J_f(x)·t}. Both are ordinary
 * {@link Var}s that keep their reverse-mode graph, so a loss computed from them can be differentiated
 * (reverse-over-forward).
 */
public record Dual(Var primal, Var tangent) {}
