package io.github.deltastn.toy;

import io.github.deltastn.hyper.Transform;

/**
 * A toy bilevel problem with one hyperparameter λ whose inner problem w*(λ) = argmin_w L_T(λ, w) is
 * solved exactly, so that the validation loss L_V(λ) = L_V(w*(λ)), its derivative and the optimum
 * λ* are exact references for the trainers.
 *
 * <p>λ lives in a constrained space (weight decay c > 0, dropout rate p ∈ (0, p_max)); trainers
 * update an unconstrained u with λ = T(u), the same {@link Transform} as the hyperparameter the trainers
 * register ({@link #transform}).
 */
public interface ExactHyperProblem {

    /** A short name of the hyperparameter, e.g. {@code "weight decay c"}. */
    String hyperparameterName();

    /** The trainers' initial (constrained) value λ₀ — a documented choice, see the implementing class. */
    double initialValue();

    /** T: the transform between the unconstrained u the trainers update and λ. */
    Transform transform();

    /** λ = T(u). */
    default double toConstrained(double u) {
        return transform().forward(u);
    }

    /**
     * u = T⁻¹(λ).
     *
     * @throws IllegalArgumentException naming the problem when λ is outside T's range
     */
    default double toUnconstrained(double lambda) {
        try {
            return transform().inverse(lambda);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".toUnconstrained: " + hyperparameterName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** dλ/du at u, for the chain rule dL_V/du = dL_V/dλ · dλ/du. */
    default double constrainedDerivative(double u) {
        return transform().derivative(u);
    }

    /** The exact training solution (w*(λ), b*(λ)) — for the deep net, its end-to-end map. */
    LinearWeights solve(double lambda);

    /**
     * The best-response Jacobian {@code (dw*(λ)/dλ, db*(λ)/dλ)} with the weights {@code at} in place of w*(λ) in its
     * formula: what the centered hypernetwork's Θ is trained towards when w0 = {@code at} (Theorem 3; exact
     * for a perturbation of λ itself, in the limit σ → 0 through a transform). At {@code at = solve(λ)} it is
     * the true best-response Jacobian. For the deep linear net, weights are the end-to-end map.
     */
    LinearWeights responseAt(double lambda, LinearWeights at);

    /** L_V(λ): mean squared validation error of the exact training solution (no regulariser, no dropout). */
    double validationLoss(double lambda);

    /** dL_V/dλ, exact, through the best response w*(λ). */
    double validationLossDerivative(double lambda);

    /** Mean squared test error of the exact training solution; throws if the data has no test split. */
    double testLoss(double lambda);

    /** The exact optimum λ* (computed once, then cached). */
    HyperOptimum optimum();

    /** dL_V/du = dL_V/dλ · dλ/du at u, the hypergradient a trainer in unconstrained space should see. */
    default double validationLossDerivativeUnconstrained(double u) {
        return validationLossDerivative(toConstrained(u)) * constrainedDerivative(u);
    }

    /** Regret L_V(λ) − L_V(λ*) ≥ 0 (up to the optimiser's resolution). */
    default double regret(double lambda) {
        return validationLoss(lambda) - optimum().validationLoss();
    }
}
