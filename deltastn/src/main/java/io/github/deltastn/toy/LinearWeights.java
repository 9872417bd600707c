package io.github.deltastn.toy;

import io.github.deltastn.core.Tensor;

/**
 * The parameters of the affine predictor ŷ = xᵀw + b — or, for a best-response Jacobian, their
 * derivatives (dw/dλ, db/dλ) with respect to a hyperparameter.
 *
 * @param w    [d] weights (or dw/dλ); the record does not copy it, callers must not modify it
 * @param bias b (or db/dλ)
 */
public record LinearWeights(double[] w, double bias) {
    /** The weights as a [d] tensor (copied). */
    public Tensor weightTensor() {
        return Tensor.of(w);
    }

    /** Number of weights d. */
    public int features() {
        return w.length;
    }
}
