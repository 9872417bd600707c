package io.github.deltastn.toy;

/**
 * The exact optimum λ* = argmin L_V(w*(λ)) of a toy problem, found by {@link ScalarMinimizer}.
 *
 * @param value           λ* in the constrained space (c*, p*)
 * @param unconstrained   u* = T⁻¹(λ*) in the trainers' unconstrained space (ln c* for weight decay; +∞ if the
 *                        search ended exactly on the closed end p_max of the dropout interval)
 * @param validationLoss  L_V(λ*)
 * @param bracketLo       lower end of the grid bracket that contained the minimum (constrained space)
 * @param bracketHi       upper end of that bracket (constrained space)
 * @param searchLo        lower end of the searched interval (constrained space)
 * @param searchHi        upper end of the searched interval (constrained space)
 * @param tolerance       final golden-section interval width, in the search variable named by {@code searchVariable}
 * @param searchVariable  the variable the grid and refinement were uniform in ("ln c" or "p")
 * @param interior        false when the grid minimum lay on an end of the searched interval, i.e. λ* may
 *                        be at or beyond a search bound
 */
public record HyperOptimum(double value, double unconstrained, double validationLoss, double bracketLo,
        double bracketHi, double searchLo, double searchHi, double tolerance, String searchVariable,
        boolean interior) {
}
