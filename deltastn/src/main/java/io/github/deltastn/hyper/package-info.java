/**
 * Hyperparameters of Δ-STN (algorithm.md §2, §3, §7): unconstrained storage with transforms, the
 * perturbation distribution N(0, diag σ²) with σ = softplus(s), and its entropy.
 *
 * <ul>
 *   <li>{@link io.github.deltastn.hyper.Transform} — {@code v = T(u)} and {@code u = T⁻¹(v)} on doubles and
 *       {@code T} on {@code Var}s; chosen from the bounds or named manually.</li>
 *   <li>{@link io.github.deltastn.hyper.Hyperparameter} — one hyperparameter's description.</li>
 *   <li>{@link io.github.deltastn.hyper.Hyperparameters} — the registered hyperparameters and the state
 *       λ0, s (shape {@code [h]}); sampling; entropy.</li>
 *   <li>{@link io.github.deltastn.hyper.Perturbation} — one batch's noise {@code n [B, h]} and the
 *       perturbed values λ0 + σ⊙n, the centered offset ε, the per-example constrained values.</li>
 * </ul>
 *
 * <p>Choices where the reference leaves room ([U] or Java-specific):
 * <ul>
 *   <li>Unbounded sides are {@code Double.NEGATIVE_INFINITY} / {@code Double.POSITIVE_INFINITY} (the
 *       reference's string {@code "inf"}).</li>
 *   <li>Softplus and its inverse are evaluated stably; results equal the reference's naive formulas in the
 *       normal range (algorithm.md §2.2).</li>
 *   <li>Domains are open: an initial value on a bound, or an inverse of a value on a bound, is an
 *       {@code IllegalArgumentException} rather than ±∞. A manual transform ignores the declared bounds (as
 *       in the reference) except to validate the initial value.</li>
 *   <li>Discrete values: snapped to the nearest integer within a relative 1e-9, then floored (per-example
 *       perturbed values) or truncated toward zero (current values), as the reference's {@code floor} /
 *       {@code int}; a value saturated onto a finite upper end maps to the largest integer below it
 *       (algorithm.md §2.5).</li>
 *   <li>State updates are functional: {@code withValues} returns a new frozen container; registration must
 *       end with {@code freeze()} before the state is read.</li>
 *   <li>{@code samePerturbationPerBatch} is applied to the noise when it is drawn, so every quantity derived
 *       from a {@link io.github.deltastn.hyper.Perturbation} agrees.</li>
 *   <li>The entropy is the plain {@code Σ log(softplus(s_i)) + h·log √(2πe)}; it is −∞ once σ underflows
 *       to 0 (s ≲ −745), which the entropy bonus keeps the optimizer away from.</li>
 * </ul>
 */
package io.github.deltastn.hyper;
