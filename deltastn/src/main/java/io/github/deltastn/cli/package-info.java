/**
 * The command-line tool {@code deltastn-cli} (the executable {@code deltastn/target/deltastn-cli.jar}).
 *
 * <ul>
 *   <li>{@code demo} — STN, centered STN and Δ-STN tune the weight decay of the synthetic ridge problem;
 *       a table against the exact optimum, a plot of the three trajectories and a JSON summary;</li>
 *   <li>{@code toy} — one method on one toy problem (ridge, input dropout, deep linear net), on the
 *       synthetic data or on CSV files; per-cycle metrics, a JSON summary and a plot;</li>
 *   <li>{@code mnist}, {@code fmnist} — one tuning run of an image experiment of the paper (any method,
 *       the reference settings by default) into a run directory: {@code config.json}, per-epoch
 *       {@code metrics.csv}, {@code summary.json}, schedule and loss plots and a checkpoint that
 *       {@code --resume} continues from;</li>
 *   <li>{@code plot} — redraws the plots of run directories; {@code compare} — best validation loss so far
 *       of several runs against epochs and seconds, and a table;</li>
 *   <li>{@code search} — the random-search and Bayesian-optimisation baselines on mnist or fmnist, one
 *       training run at fixed hyperparameters per trial.</li>
 * </ul>
 *
 * <p>Exit codes: 0 success, 1 a failure while running (e.g. a non-finite loss or an unwritable file),
 * 2 bad flags or bad input files (a one-line reason, then the usage, on stderr).
 *
 * <p>picocli, JFreeChart, Gson and progressbar are optional dependencies of the {@code deltastn} module: only this
 * package uses them, and the shaded CLI jar bundles them.
 */
package io.github.deltastn.cli;
