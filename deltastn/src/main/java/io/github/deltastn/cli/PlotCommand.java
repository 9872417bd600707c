package io.github.deltastn.cli;

import com.google.gson.JsonObject;
import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code deltastn-cli plot DIR...}: redraws {@code hyperparameters.png} and {@code losses.png} of existing
 * run directories (of {@code mnist}, {@code fmnist}, {@code lm}) from their {@code metrics.csv} and
 * {@code cycles.csv}, for instance while a run is still going on another machine or after the plot style
 * changed. The figures go into each run directory, or with {@code --out} into {@code OUT/<run name>/}.
 *
 * <p>Usage: {@code deltastn-cli plot runs/mnist-delta runs/mnist-stn}.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Redraw hyperparameters.png and losses.png of run directories from their metrics.csv.")
final class PlotCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run directories written by mnist, fmnist or lm.")
    private List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the figures into DIR/<run name>/ instead of into each run directory.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter console = cl.getOut();
        for (Path dir : dirs) {
            RunFiles.Metrics m = readMetrics(dir, cl);
            Path target = out == null ? dir
                    : ExperimentFiles.outputDirectory(out.resolve(dir.toAbsolutePath().normalize().getFileName()), cl);
            RunPlots.drawRun(dir, target, title(dir), m);
            int epochs = m.rows().get(m.rows().size() - 1).epoch();
            console.printf("%s: %s, wrote %s and %s to %s%n", dir, Labels.count(epochs, "epoch"),
                    ExperimentFiles.SCHEDULES_PNG, ExperimentFiles.LOSSES_PNG, target);
        }
        console.flush();
        return 0;
    }

    /**
     * The metrics of a run directory.
     *
     * @throws ParameterException if {@code dir} has no readable metrics.csv in the expected format, or no rows
     */
    static RunFiles.Metrics readMetrics(Path dir, CommandLine cl) {
        Path file = dir.resolve(RunFiles.METRICS);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(cl, dir + " is not a run directory: " + file + " not found");
        }
        RunFiles.Metrics m;
        try {
            m = RunFiles.readMetrics(file);
        } catch (IOException e) {
            throw new ParameterException(cl, e.getMessage());
        }
        if (m.rows().isEmpty()) {
            throw new ParameterException(cl, file + " has no rows");
        }
        return m;
    }

    /** The title from the run's {@code config.json}, or the directory's name if that cannot be read. */
    private static String title(Path dir) {
        try {
            JsonObject c = ExperimentFiles.readJsonObject(dir.resolve(ExperimentFiles.CONFIG));
            ExperimentReport.Settings s = ExperimentFiles.GSON.fromJson(c.get("settings"),
                    ExperimentReport.Settings.class);
            if (s != null && s.experiment() != null && s.method() != null) {
                return ExperimentRun.title(s);
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the plots do not need the configuration
        }
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }
}
