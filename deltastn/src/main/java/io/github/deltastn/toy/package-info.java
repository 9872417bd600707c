/**
 * The toy problems of the Δ-STN paper (Bae &amp; Grosse 2020, §5.1, Fig. 3 and 4) with their exact answers, and
 * the online tuning runs that are checked against them.
 *
 * <p><b>Problems.</b> Three bilevel problems, all with a linear model {@code ŷ = x·w + b} (or a deep linear
 * network with the same end-to-end map) and mean-squared error:
 * <ul>
 *   <li>{@link io.github.deltastn.toy.RidgeProblem} — weight decay c, unpenalised bias (Fig. 3 top);</li>
 *   <li>{@link io.github.deltastn.toy.DropoutRegressionProblem} — inverted input dropout at rate p on
 *       the features (Fig. 3 bottom);</li>
 *   <li>{@link io.github.deltastn.toy.JacobianNormProblem} — a 5-hidden-layer linear network with the
 *       penalty c‖A‖²_F on its input Jacobian A (Fig. 4).</li>
 * </ul>
 * Each solves the inner problem in closed form with EJML (Cholesky), gives the exact validation loss
 * L_V(λ) = L_V(w*(λ)), its exact derivative, the best-response Jacobian at any weights
 * ({@link io.github.deltastn.toy.ExactHyperProblem#responseAt}), and the exact optimum λ* by a dense grid
 * plus golden-section refinement ({@link io.github.deltastn.toy.ScalarMinimizer}).
 *
 * <p><b>Runs and diagnostics.</b> {@link io.github.deltastn.toy.ToyExperiment} tunes λ online with STN,
 * centered STN or Δ-STN, over any number of seeds, and records every cycle against the exact answers: the
 * hypergradient the hyper step followed and the exact one, the learned response Θ against the exact
 * best-response Jacobian at the current w0, and how far w0 is from w*(λ)
 * ({@link io.github.deltastn.toy.ToyExperiment.Point}). A run counts as landing on the optimum when its
 * relative validation-loss regret is at most 1 % and |u − u*| ≤ 0.25 in the unconstrained coordinate
 * (ln c; the stretched logit of p); {@link io.github.deltastn.toy.Robustness} counts seeds.
 *
 * <p><b>Defaults and why</b> ({@link io.github.deltastn.toy.ToyExperiment.Settings#defaults}; the study behind
 * each is in EXPERIMENTS.md, section "Toy problems over seeds"):
 * <ul>
 *   <li><em>Full linear response</em> for the regression models ({@link io.github.deltastn.structured.FullResponseLinear}).
 *       The structured layer of the image nets, with one output, responds as U·W_r: a scalar times one vector
 *       whose direction moves only at a rate proportional to U, so from U = 0 it stays at its random
 *       initialisation. The learned Jacobian is then a random one-dimensional projection of the true one
 *       (cosine about 0.1 on the seeds that fail), the hypergradient's sign is random, and λ slides the wrong
 *       way for the whole run. This was the failure on real data. The deep linear net keeps structured layers
 *       (its hidden layers have d outputs each).</li>
 *   <li><em>Inputs normalised inside the model</em> with fixed training statistics
 *       ({@link io.github.deltastn.toy.LinearRegressionModel}): on raw features (Boston: standard deviations from
 *       0.12 to 168) plain SGD diverges or does not converge in the small directions, so w0 never tracks w*(λ).
 *       The problem, its penalty and λ* stay in the data's units. Limit: the raw-unit weight-decay penalty has
 *       curvature 2c/s_j² in the normalised coordinates, so SGD at rate 0.01 with momentum 0.9 stays stable
 *       while about c/s_min² &lt; 180.</li>
 *   <li><em>Every learning rate decays linearly to 0 over the last half of the cycles.</em> Near λ* the
 *       hypergradient's per-cycle noise (per-example perturbations, dropout masks) is several times its
 *       signal, and RMSprop turns it into steps of about its rate, so with constant rates λ ends anywhere in a
 *       band whose width grows as L_V(λ) flattens.</li>
 *   <li><em>σ = 0.5</em> (fixed, in the unconstrained space). With a transform (c = exp u, p = 0.95·sigmoid u)
 *       the learned Θ is the best linear fit over the perturbation, a secant rather than the tangent: a bias
 *       of order σ² in the hypergradient (on Boston, u ends 0.31 below u* at σ = 1 against 0.09 at 0.5), while
 *       the signal-to-noise ratio of the Θ gradient falls as σ shrinks.</li>
 *   <li><em>No warm-up.</em> The first hyper steps come before Θ is trained (cosine below 0 in the first ~10
 *       cycles) but move λ by about 0.1; 20 cycles of warm-up changed no count.</li>
 *   <li>Full-batch steps (the training sets are small), T_train = 10, T_valid = 1 (paper §5.1), SGD with
 *       momentum 0.9 at 0.01 for w0 and Θ, RMSprop at 0.01 for λ, 1500 cycles.</li>
 * </ul>
 *
 * <p>Each problem's {@link io.github.deltastn.toy.ExactHyperProblem#transform} is the
 * {@link io.github.deltastn.hyper.Transform} of the hyperparameter the trainers register, so λ = T(u) means the
 * same in the exact answers and in the runs.
 *
 * <p><b>Other choices</b> for what the paper leaves open (its appendix H.1 was not available): an unpenalised
 * scalar output bias; weight decay and the Jacobian-norm coefficient as c = exp(u) from c₀ = 0.01; the dropout
 * rate as p = 0.95·sigmoid(u) from p₀ = 0.05; the synthetic data of
 * {@link io.github.deltastn.toy.SyntheticRegression} (correlated features, few training rows relative to d);
 * standardisation with training statistics (population standard deviation) unless switched off.
 */
package io.github.deltastn.toy;
