/**
 * The command-line tool {@code deltastn-cli} (the executable {@code deltastn/target/deltastn-cli.jar}).
 *
 * <ul>
 *   <li>{@code demo} — STN, centered STN and Δ-STN tune the weight decay of the synthetic ridge problem
 *       over 10 seeds; a table against the exact optimum, plots of every trajectory and of the diagnostics,
 *       a JSON summary;</li>
 *   <li>{@code toy} — one method on one toy problem (ridge, input dropout, deep linear net) over seeds, on
 *       the synthetic data, a fetched data set or CSV files; per-cycle metrics with diagnostics against the
 *       exact answers, a JSON summary and plots;</li>
 *   <li>{@code mnist}, {@code fmnist}, {@code lm} — one tuning run of an experiment of the paper (any
 *       method, the reference settings by default) into a run directory ({@link RunDirectory}: locked, never
 *       mixed with another run): {@code config.json}, per-epoch {@code metrics.csv}, per-cycle
 *       {@code cycles.csv}, {@code summary.json}, schedule and loss plots and a checkpoint that carries its
 *       run's settings, which {@code --resume} continues (and may extend);</li>
 *   <li>{@code plot} — redraws the plots of run directories; {@code compare} — best validation loss so far
 *       of several runs against epochs and seconds, and a table;</li>
 *   <li>{@code search} — the random-search and Bayesian-optimisation baselines on mnist, fmnist or a toy
 *       problem, one training run at fixed hyperparameters per trial; in batches on an
 *       {@link io.github.deltastn.engine.Engine} with {@code --engine}, {@code --master}, {@code --batch};</li>
 *   <li>{@code study} — a grid of runs (experiment × method × variant × seed) into one folder, locally or on
 *       Spark, resumable, with a table and the {@code compare} figures.</li>
 * </ul>
 *
 * <p>Exit codes: 0 success, 1 a failure while running (e.g. a non-finite loss or an unwritable file, out of
 * memory), 2 bad flags or bad input files, a data file found malformed included. Errors are one line on
 * stderr (at most 600 characters, naming the file, the line and what was expected; a misspelt or missing
 * option also gets a pointer to {@code --help}); no stack trace unless the tool has a bug. JSON files hold
 * {@code null} where a number does not exist (a loss that was not evaluated, a diverged value).
 *
 * <p>picocli, JFreeChart, Gson and progressbar are optional dependencies of the {@code deltastn} module: only this
 * package uses them, and the shaded CLI jar bundles them.
 */
package io.github.deltastn.cli;
