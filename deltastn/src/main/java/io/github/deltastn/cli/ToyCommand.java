package io.github.deltastn.cli;

import io.github.deltastn.cli.Converters.ProblemConverter;
import io.github.deltastn.cli.Converters.ProblemIds;
import io.github.deltastn.cli.Converters.TuningMethodConverter;
import io.github.deltastn.cli.Converters.TuningMethodIds;
import io.github.deltastn.core.DType;
import io.github.deltastn.toy.ExactHyperProblem;
import io.github.deltastn.toy.HyperOptimum;
import io.github.deltastn.toy.Robustness;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deltastn-cli toy}: one method on one toy problem over seeds, compared with the exact optimum. */
@Command(name = "toy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Tune one hyperparameter of a toy problem online with STN, centered STN or Delta-STN, for one or more "
                    + "seeds, and compare each run with the exact optimum.",
            "Prints one line per seed and how many land within the bounds (regret <= 1 %%, |u - u*| <= 0.25, u = ln c "
                    + "or the logit of p); writes metrics.csv (every cycle of every seed, with diagnostics against the "
                    + "exact answers), summary.json, trajectory.png and diagnostics.png to the output directory."})
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

    @Mixin
    private DataOptions dataOptions;

    @Mixin
    private RunOptions run;

    @Option(names = "--out", required = true, paramLabel = "DIR", order = 40,
            description = "Output directory (created if missing; a directory holding another run is refused unless "
                    + "--overwrite is given).")
    private Path out;

    @Option(names = "--overwrite", order = 41, description = "Delete the files of an earlier run in DIR before starting.")
    private boolean overwrite;

    @Option(names = "--dtype", paramLabel = "T", order = 42, converter = Converters.DTypeConverter.class,
            description = "float64 only: the toy problems are checked against exact answers (closed forms, Theorem 3) "
                    + "that float32 rounding would blur.")
    private DType dtype = DType.FLOAT64;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (dtype != DType.FLOAT64) {
            throw new CommandLine.ParameterException(cl, "--dtype " + dtype + ": toy is float64 only; its problems are "
                    + "checked against exact answers (closed forms, Theorem 3) that float32 rounding would blur");
        }
        Settings settings = run.settings(problem, method);
        long[] seeds = run.seeds();
        int threads = run.threads();
        DataSource source = dataOptions.source();
        try (RunDirectory runDir = RunDirectory.open(out, overwrite ? RunDirectory.Existing.REPLACE
                : RunDirectory.Existing.REFUSE, "--out", cl)) {
            return run(cl, settings, seeds, threads, source, runDir.path());
        }
    }

    private int run(CommandLine cl, Settings settings, long[] seeds, int threads, DataSource source, Path dir)
            throws java.io.IOException {
        PrintWriter console = cl.getOut();
        ExactHyperProblem exact;
        HyperOptimum optimum;
        try {
            exact = ToyExperiment.exact(problem, source.data());
            optimum = exact.optimum();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "cannot solve the " + problem.id() + " problem on "
                    + source.description() + ": " + e.getMessage());
        }
        double endpoint = ToyExperiment.exactGradientEndpoint(exact, settings);
        console.printf("%s on the %s problem (%s; %d training rows, %d features), %d cycles, %d seed%s; exact "
                        + "optimum %s* = %s%s; the exact hypergradient would end at %s%n", Labels.methodAscii(method),
                problem.id(), source.description(), source.data().nTrain(), source.data().features(), settings.cycles(),
                seeds.length, seeds.length == 1 ? "" : "s", Labels.symbol(problem), Plots.fmt(optimum.value()),
                optimum.interior() ? "" : " (on the boundary of the search interval)", Plots.fmt(endpoint));
        if (problem == Problem.LINEAR_NET) {
            console.println("Note: the linear net computes every example's input Jacobian in every step, about 50 "
                    + "times the work of ridge: a few minutes per seed.");
        }
        console.flush();

        List<Outcome> outcomes = ToyExperiment.runSeeds(source.data(), settings, seeds, threads, o -> {
            console.println("  " + o.summaryLine());
            console.flush();
        });
        Robustness r = Robustness.of(outcomes);
        console.println(Labels.methodAscii(method) + ": " + r.line());

        List<ToyFiles.MethodRuns> runs = List.of(new ToyFiles.MethodRuns(Labels.method(method), outcomes));
        ToyFiles.writeMetrics(dir.resolve(ToyFiles.METRICS), runs);
        ExperimentFiles.writeJson(dir.resolve(ToyFiles.SUMMARY),
                ToyFiles.summary(problem, source, settings, seeds, optimum, endpoint, runs));
        String title = Labels.method(method) + ": " + Labels.hyperparameter(problem) + " tuned online";
        String subtitle = Labels.problem(problem) + ", " + source.label() + ", " + r.within() + "/" + r.seeds()
                + " seeds within bounds";
        ToyFiles.trajectoryPlot(dir.resolve(ToyFiles.TRAJECTORY_PNG),
                new Plots.Chart(title, subtitle, Plots.CYCLE_AXIS, Labels.hyperparameter(problem),
                        problem != Problem.DROPOUT), problem, runs, optimum.value());
        ToyFiles.diagnosticsPlot(dir.resolve(ToyFiles.DIAGNOSTICS_PNG), Labels.method(method) + ", " + source.label(), problem, runs,
                optimum.value());
        console.printf("Wrote %s, %s, %s and %s to %s%n", ToyFiles.METRICS, ToyFiles.SUMMARY, ToyFiles.TRAJECTORY_PNG,
                ToyFiles.DIAGNOSTICS_PNG, dir.toAbsolutePath().normalize());
        console.flush();
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                cl.getErr().println("toy: seed " + o.seed() + " diverged: " + o.failure());
            }
        }
        return r.diverged() > 0 ? 1 : 0;
    }
}
