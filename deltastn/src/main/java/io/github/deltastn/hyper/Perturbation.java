package io.github.deltastn.hyper;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * One batch's perturbation noise {@code n}, shape {@code [B, h]} (algorithm.md §2.6), drawn by
 * {@link Hyperparameters#sample}, and everything built from it:
 * <ul>
 *   <li>{@link #perturbed(Var, Var)}: {@code λ = λ0 + σ ⊙ n} with {@code σ = softplus(s)}, differentiable in
 *       λ0 and s (reparameterisation) — the STN hyper input {@code z_b};</li>
 *   <li>{@link #epsilon(Var, Var)}: {@code ε = λ − stopgrad(λ0)}, value {@code σ ⊙ n} — the centered /
 *       Δ-STN hyper input {@code z_b} (algorithm.md §4.4, §7);</li>
 *   <li>{@link #values()}: the per-example constrained values {@code T(λ)}, floored when discrete — the
 *       dropout rates and augmentation parameters of each example;</li>
 *   <li>{@link #current()}: the current constrained values {@code T(λ0)}.</li>
 * </ul>
 * Immutable. {@link #values()} and {@link #current()} use the state λ0, s of the container that drew the
 * noise; the {@code Var} methods use the λ0 and s passed in, which a trainer makes with
 * {@code Var.param(hp.lam0())} / {@code Var.param(hp.rawScale())} from that same container (or
 * {@code Var.constant} when their gradients are not needed).
 */
public final class Perturbation {
    private final Hyperparameters hp;
    private final Tensor noise;

    Perturbation(Hyperparameters hp, Tensor noise) {
        this.hp = hp;
        this.noise = noise;
    }

    /** {@code B}. */
    public int batchSize() {
        return noise.dim(0);
    }

    /** The container (state and descriptions) this perturbation was drawn from. */
    public Hyperparameters hyperparameters() {
        return hp;
    }

    /**
     * The standard normal noise {@code n}, shape {@code [B, h]}; a {@code samePerturbationPerBatch} column
     * holds row 0's value in every row.
     */
    public Tensor noise() {
        return noise;
    }

    /**
     * The first {@code rows} rows (for a last batch smaller than the batch size the noise was drawn for;
     * algorithm.md §6.1).
     */
    public Perturbation firstRows(int rows) {
        if (rows < 1 || rows > batchSize()) {
            throw new IllegalArgumentException("firstRows: rows must be in [1, " + batchSize() + "], got " + rows);
        }
        return rows == batchSize() ? this : new Perturbation(hp, noise.slice(0, 0, rows));
    }

    /**
     * {@code λ[b, i] = λ0[i] + softplus(s[i])·n[b, i]}, shape {@code [B, h]}; gradients reach {@code lam0}
     * (summed over b) and {@code rawScale} ({@code ∂λ[b,i]/∂s[i] = n[b,i]·sigmoid(s[i])}).
     *
     * @param lam0 {@code λ0}, shape {@code [h]}
     * @param rawScale {@code s}, shape {@code [h]}
     */
    public Var perturbed(Var lam0, Var rawScale) {
        checkVector("perturbed", "lam0", lam0);
        checkVector("perturbed", "rawScale", rawScale);
        return lam0.add(Var.constant(noise).mul(rawScale.softplus()));
    }

    /**
     * {@code ε = λ − stopgrad(λ0)} with {@code λ} = {@link #perturbed(Var, Var)}, shape {@code [B, h]}.
     * Its value is {@code σ ⊙ n} (up to rounding of {@code (λ0 + σn) − λ0}). Gradients flow through the
     * {@code λ} term only: {@code ∂ε[b,i]/∂λ0[i] = 1} (the hypergradient path of algorithm.md §7, summed over the batch)
     * and {@code ∂ε[b,i]/∂s[i] = n[b,i]·sigmoid(s[i])}. Gradient checks by finite differences do not apply:
     * the value does not change with λ0, by design.
     */
    public Var epsilon(Var lam0, Var rawScale) {
        return perturbed(lam0, rawScale).sub(lam0.stopGradient());
    }

    /**
     * {@code λ0 − stopgrad(λ0)} broadcast to {@code [B, h]}: value exactly 0, but ∂/∂λ0 is the identity per
     * row — the centered / Δ-STN hyper input for the w0 step, evaluation, and the hyper step without scale
     * tuning (algorithm.md §4.4).
     *
     * @param lam0 {@code λ0}, shape {@code [h]}
     */
    public static Var zeroEpsilon(Var lam0, int batchSize) {
        if (lam0.ndim() != 1) {
            throw new IllegalArgumentException("zeroEpsilon: lam0 must have shape [h], got " + Shape.str(lam0.shape()));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("zeroEpsilon: batch size must be >= 1, got " + batchSize);
        }
        return lam0.sub(lam0.stopGradient()).broadcastTo(batchSize, lam0.size());
    }

    /**
     * The per-example constrained values {@code T_i(λ0[i] + σ[i]·n[b, i])}, floored for discrete
     * hyperparameters ({@link Hyperparameter#perturbedValue}), shape {@code [B, h]}, from the container's
     * state; computed in double in the same order as {@link #perturbed(Var, Var)}.
     *
     * @throws IllegalArgumentException if a perturbed value is outside its transform's domain (only
     *     possible for {@code logit}, whose domain is (0, 1)), naming the hyperparameter
     */
    public Tensor values() {
        int b = batchSize();
        int h = hp.size();
        double[] u0 = hp.lam0().data();
        double[] sigma = hp.sigma().data();
        double[] n = noise.data();
        double[] out = new double[b * h];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < h; i++) {
                out[r * h + i] = hp.get(i).perturbedValue(u0[i] + n[r * h + i] * sigma[i]);
            }
        }
        return Tensor.wrap(out, b, h);
    }

    /** The current constrained values, shape {@code [h]}: {@link Hyperparameters#currentValues()} of the container. */
    public Tensor current() {
        return hp.currentValues();
    }

    private void checkVector(String where, String what, Var v) {
        int h = hp.size();
        if (!v.value().hasShape(h)) {
            throw new IllegalArgumentException(where + ": " + what + " must have shape [" + h + "] (one entry per hyperparameter), got "
                    + Shape.str(v.shape()));
        }
    }
}
