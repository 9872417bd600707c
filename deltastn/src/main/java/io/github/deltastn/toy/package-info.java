/**
 * Exact answers for the toy problems of the Δ-STN paper (Bae &amp; Grosse 2020, §5.1, Fig. 3 and 4), so
 * that the STN / centered STN / Δ-STN trainers can be checked against them (ALGORITHM.md §11).
 *
 * <p>Three bilevel problems, all with a linear model {@code ŷ = x·w + b} (or a deep linear network with
 * the same end-to-end map) and mean-squared error:
 * <ul>
 *   <li>{@link io.github.deltastn.toy.RidgeProblem} — weight decay c, unpenalised bias (Fig. 3 top);</li>
 *   <li>{@link io.github.deltastn.toy.DropoutRegressionProblem} — inverted input dropout at rate p on
 *       the features (Fig. 3 bottom);</li>
 *   <li>{@link io.github.deltastn.toy.JacobianNormProblem} — a 5-hidden-layer linear network with the
 *       penalty c‖A‖²_F on its input Jacobian A (Fig. 4).</li>
 * </ul>
 * Each solves the inner problem in closed form with EJML (Cholesky), gives the exact validation loss
 * L_V(λ) = L_V(w*(λ)), its exact derivative where one exists in closed form, and the exact optimum λ*
 * by a dense grid plus golden-section refinement ({@link io.github.deltastn.toy.ScalarMinimizer}).
 *
 * <p>Choices for what the paper leaves open (ALGORITHM.md §11, all [U]), made here and used by
 * {@link io.github.deltastn.toy.SyntheticRegression} and the problems' defaults:
 * <ul>
 *   <li>data: a seeded synthetic regression (correlated features, noisy targets, few training rows
 *       relative to d) instead of a UCI set; {@link io.github.deltastn.toy.RegressionData} also holds
 *       any real data set and can split it randomly;</li>
 *   <li>features and target standardised with training statistics (population standard deviation,
 *       divisor N), applied to every split; on by default, switchable;</li>
 *   <li>an unpenalised scalar output bias in every model;</li>
 *   <li>hyperparameter transforms: weight decay and Jacobian-norm coefficient c = exp(u);
 *       dropout p = p_max·sigmoid(u) ({@code s_sigmoid} on (0, p_max)), p_max = 0.95 as for every
 *       dropout in the reference code;</li>
 *   <li>trainers' initial values: c₀ = 1e-2 (u₀ = ln 0.01), p₀ = 0.05 (u₀ = −2.8904), see
 *       {@link io.github.deltastn.toy.ExactHyperProblem#initialValue()}.</li>
 * </ul>
 */
package io.github.deltastn.toy;
