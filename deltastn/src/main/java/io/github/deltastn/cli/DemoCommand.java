package io.github.deltastn.cli;

import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.Method;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltastn-cli demo}: STN, centered STN and Δ-STN tune the weight decay of the synthetic ridge problem
 * (ALGORITHM.md §11, the paper's Fig. 3 top row), each compared with the exact optimum.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Tune the weight decay of a ridge regression on the built-in synthetic data online with STN, "
                    + "centered STN and Delta-STN, and compare each with the exact optimum.",
            "Prints a table; writes trajectories.png, summary.json and metrics-METHOD.csv to the output directory."})
final class DemoCommand implements Callable<Integer> {
    static final List<Method> METHODS = List.of(Method.STN, Method.CENTERED, Method.DELTA);

    /** What {@code summary.json} holds: the common setting and one entry per method. */
    record Summary(String problem, String data, double exactOptimum, double valLossAtOptimum, int steps,
            List<RunSummary> runs) {}

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output", order = 1,
            description = "Output directory (created if missing; files in it are overwritten). "
                    + "Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Mixin
    private RunOptions run;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        Problem problem = Problem.RIDGE;
        DataSource source = DataSource.synthetic(true);
        Path dir = RunFiles.outputDirectory(out, cl);
        PrintWriter console = cl.getOut();
        int cycles = run.settings(problem, Method.DELTA).cycles();
        console.printf("Online tuning of the weight decay c of a ridge regression: %s, %d training rows, %d features, "
                + "%d validation rows; %d cycles of 10 training steps + 1 hyper step.%n", source.description(),
                source.data().nTrain(), source.data().features(), source.data().nValid(), cycles);

        List<Outcome> outcomes = new ArrayList<>();
        List<RunSummary> summaries = new ArrayList<>();
        for (Method m : METHODS) {
            console.printf("  running %-13s", Labels.methodAscii(m));
            console.flush();
            Settings s = run.settings(problem, m);
            Outcome o = ToyExperiment.run(source.data(), s, p -> { });
            console.printf("%5.1f s%n", o.seconds());
            outcomes.add(o);
            summaries.add(RunSummary.of(o, s, source));
            RunFiles.writeMetrics(dir.resolve("metrics-" + m.id() + ".csv"), o.trajectory());
        }
        console.println();
        table(outcomes).print(console);

        Outcome first = outcomes.get(0);
        Path summary = dir.resolve("summary.json");
        RunFiles.writeJson(summary, new Summary(problem.id(), source.description(), first.exactOptimum(),
                first.valLossAtOptimum(), cycles, summaries));
        Path plot = dir.resolve("trajectories.png");
        List<Plots.Series> series = new ArrayList<>();
        for (Outcome o : outcomes) {
            series.add(Plots.trajectory(Labels.method(o.method()), o.trajectory()));
        }
        Plots.Chart chart = new Plots.Chart("Weight decay tuned online: STN vs centered STN vs \u0394-STN",
                "ridge regression, " + source.label() + ", " + source.data().nTrain() + " training rows, "
                        + source.data().features() + " features",
                Plots.CYCLE_AXIS, Labels.hyperparameter(problem), true);
        Plots.trajectories(plot, chart, series, first.exactOptimum(),
                "exact optimum c* = " + Plots.fmt(first.exactOptimum()));

        console.println("Centered STN and Delta-STN coincide here: the model is linear in its weights, so the "
                + "linearization is exact.");
        console.println();
        console.printf("Wrote %s, %s and %s to %s%n", plot.getFileName(), summary.getFileName(),
                "metrics-{stn,centered,delta}.csv", dir.toAbsolutePath().normalize());
        console.flush();
        return 0;
    }

    private static TextTable table(List<Outcome> outcomes) {
        TextTable t = new TextTable("method", "final c", "exact c*", "val. loss regret (%)", "|ln c - ln c*|",
                "seconds");
        for (Outcome o : outcomes) {
            t.row(Labels.methodAscii(o.method()), Plots.fmt(o.finalValue()), Plots.fmt(o.exactOptimum()),
                    String.format(Locale.ROOT, "%.3f", 100 * o.relativeRegret()),
                    String.format(Locale.ROOT, "%.3f", RunSummary.absLogRatio(o)),
                    String.format(Locale.ROOT, "%.1f", o.seconds()));
        }
        return t;
    }
}
