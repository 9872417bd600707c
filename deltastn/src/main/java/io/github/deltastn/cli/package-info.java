/**
 * The command-line tool {@code deltastn-cli} (the executable {@code deltastn/target/deltastn-cli.jar}).
 *
 * <ul>
 *   <li>{@code demo} — STN, centered STN and Δ-STN tune the weight decay of the synthetic ridge problem;
 *       a table against the exact optimum, a plot of the three trajectories and a JSON summary;</li>
 *   <li>{@code toy} — one method on one toy problem (ridge, input dropout, deep linear net), on the
 *       synthetic data or on CSV files; per-cycle metrics, a JSON summary and a plot.</li>
 * </ul>
 *
 * <p>Exit codes: 0 success, 1 a failure while running (e.g. a non-finite loss or an unwritable file),
 * 2 bad flags or bad input files (a one-line reason, then the usage, on stderr).
 *
 * <p>picocli, JFreeChart and Gson are optional dependencies of the {@code deltastn} module: only this
 * package uses them, and the shaded CLI jar bundles them.
 */
package io.github.deltastn.cli;
