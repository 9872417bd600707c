package io.github.deltastn.cli;

import io.github.deltastn.cli.Converters.ProblemConverter;
import io.github.deltastn.cli.Converters.ProblemIds;
import io.github.deltastn.cli.Converters.TuningMethodConverter;
import io.github.deltastn.cli.Converters.TuningMethodIds;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.Method;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deltastn-cli toy}: one method on one toy problem, compared with the exact optimum. */
@Command(name = "toy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Tune one hyperparameter of a toy problem online with STN, centered STN or Delta-STN and compare it "
                    + "with the exact optimum.",
            "Writes metrics.csv (one row per cycle), summary.json and trajectory.png to the output directory."})
final class ToyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--problem", required = true, paramLabel = "PROBLEM", order = 1,
            converter = ProblemConverter.class, completionCandidates = ProblemIds.class,
            description = "The toy problem: ${COMPLETION-CANDIDATES} (weight decay, input dropout rate, "
                    + "Jacobian-norm penalty of a 5-hidden-layer linear net).")
    private Problem problem;

    @Option(names = "--method", required = true, paramLabel = "METHOD", order = 2,
            converter = TuningMethodConverter.class, completionCandidates = TuningMethodIds.class,
            description = "The tuning method: ${COMPLETION-CANDIDATES}.")
    private Method method;

    @ArgGroup(exclusive = false, order = 3,
            heading = "%nRegression data from CSV files (all three options, or none for the synthetic data):%n")
    private CsvFiles csv;

    @Option(names = "--no-standardize", order = 10,
            description = "Use the data as it is instead of rescaling features and target with training statistics.")
    private boolean noStandardize;

    @Mixin
    private RunOptions run;

    @Option(names = "--out", required = true, paramLabel = "DIR", order = 30,
            description = "Output directory (created if missing; files in it are overwritten).")
    private Path out;

    /** The CSV input options, given together. */
    static final class CsvFiles {
        @Option(names = "--train", required = true, paramLabel = "FILE", order = 4,
                description = "Training split: a CSV file with a header line; numeric columns.")
        Path train;

        @Option(names = "--valid", required = true, paramLabel = "FILE", order = 5,
                description = "Validation split, with the same columns as the training split.")
        Path valid;

        @Option(names = "--target", required = true, paramLabel = "COL", order = 6,
                description = "Name of the target column; every other column is a feature.")
        String target;
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        Settings settings = run.settings(problem, method);
        DataSource source = csv == null
                ? DataSource.synthetic(!noStandardize)
                : DataSource.csv(csv.train, csv.valid, csv.target, !noStandardize, cl);
        Path dir = RunFiles.outputDirectory(out, cl);
        PrintWriter console = cl.getOut();
        console.printf("%s on the %s problem (%s; %d training rows, %d features), %d cycles%n",
                Labels.methodAscii(method), problem.id(), source.description(), source.data().nTrain(),
                source.data().features(), settings.cycles());
        console.flush();

        Outcome outcome = ToyExperiment.run(source.data(), settings, p -> { });

        Path metrics = dir.resolve("metrics.csv");
        Path summary = dir.resolve("summary.json");
        Path plot = dir.resolve("trajectory.png");
        RunFiles.writeMetrics(metrics, outcome.trajectory());
        RunFiles.writeJson(summary, RunSummary.of(outcome, settings, source));
        Plots.Chart chart = new Plots.Chart(Labels.method(method) + ": " + Labels.hyperparameter(problem)
                + " tuned online", Labels.problem(problem) + ", " + source.label(), Plots.CYCLE_AXIS,
                Labels.hyperparameter(problem), problem != Problem.DROPOUT);
        Plots.trajectories(plot, chart, List.of(Plots.trajectory(Labels.method(method), outcome.trajectory())),
                outcome.exactOptimum(),
                "exact optimum " + Labels.symbol(problem) + "* = " + Plots.fmt(outcome.exactOptimum()));

        console.println(outcome.summaryLine());
        console.printf("Wrote %s, %s and %s to %s%n", metrics.getFileName(), summary.getFileName(), plot.getFileName(),
                dir.toAbsolutePath().normalize());
        console.flush();
        return 0;
    }
}
