/**
 * The paper's black-box baselines (algorithm.md §12): random search and Bayesian optimisation over the
 * same hyperparameter ranges the hypernetwork methods tune, with a wall-clock budget so that they can be
 * compared with one Δ-STN run at the same cost (Fig. 6a, Table 1).
 *
 * <ul>
 *   <li>{@link io.github.deltastn.baselines.SearchSpace} — the box: ranges, log / discrete / transform
 *       coordinates, the map to the unit cube, derived from a
 *       {@link io.github.deltastn.hyper.Hyperparameters} container;</li>
 *   <li>{@link io.github.deltastn.baselines.Objective} — one trial, reporting an
 *       {@link io.github.deltastn.baselines.Evaluation}; {@link io.github.deltastn.baselines.TrainerObjective}
 *       runs it as a full training at fixed hyperparameters
 *       ({@link io.github.deltastn.train.Method#FIXED});</li>
 *   <li>{@link io.github.deltastn.baselines.HyperSearch} — the loop, with a
 *       {@link io.github.deltastn.baselines.Strategy} ({@link io.github.deltastn.baselines.RandomSearch},
 *       {@link io.github.deltastn.baselines.BayesianOptimization}) and a
 *       {@link io.github.deltastn.baselines.Budget}, returning a
 *       {@link io.github.deltastn.baselines.SearchResult} of {@link io.github.deltastn.baselines.Trial}s;</li>
 *   <li>{@link io.github.deltastn.baselines.GaussianProcess}, {@link io.github.deltastn.baselines.Matern52},
 *       {@link io.github.deltastn.baselines.LengthScalePrior},
 *       {@link io.github.deltastn.baselines.ExpectedImprovement} — the BO surrogate, its length-scale prior and
 *       the acquisition.</li>
 * </ul>
 *
 * <p>Choices for what the paper leaves open (App. H.2 is [U]): trials train for the full schedule with the
 * same seed unless asked otherwise; the minimised target is the final validation loss (Table 1) unless the
 * best-epoch loss is chosen; BO models the log of the validation loss; failed trials (diverged training,
 * non-finite loss) are kept, never best, and imputed with the worst observed loss for the GP; the time
 * budget is checked between trials. All randomness flows from the {@link io.github.deltastn.core.Rng} passed
 * to {@link io.github.deltastn.baselines.HyperSearch#run}.
 */
package io.github.deltastn.baselines;
