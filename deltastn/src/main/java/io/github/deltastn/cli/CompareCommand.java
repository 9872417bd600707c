package io.github.deltastn.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deltastn-cli compare DIR...}: compares finished (or running) runs of {@code mnist} / {@code fmnist}.
 * Draws one figure — the best validation loss reached so far against epochs and against wall-clock seconds,
 * one line per run, as the paper's Fig. 5 and 6a — and prints a table of method, best and final validation
 * loss, the test loss at the best validation epoch, seconds and seconds per epoch.
 *
 * <p>Usage: {@code deltastn-cli compare runs/mnist-stn runs/mnist-centered runs/mnist-delta --out runs}: writes
 * {@code runs/compare.png} (by default beside the first run directory, never into the working directory).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = {"Compare run directories: best validation loss so far vs epoch and vs seconds (one PNG), "
                + "and a table of the runs."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run directories written by mnist or fmnist.")
    private List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder of compare.png. Default: the folder that holds the first run directory.")
    private Path out;

    static final String PNG = "compare.png";

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        List<RunPlots.Curve> runs = new ArrayList<>();
        TextTable table = new TextTable("run", "method", "epochs", "best valid", "at epoch", "test there",
                "final valid", "final test", "seconds", "s/epoch");
        Set<Path> seen = new HashSet<>();
        for (Path dir : dirs) {
            if (!seen.add(dir.toAbsolutePath().normalize())) {
                throw new ParameterException(cl, "run directory " + dir + " is given twice; compare different runs");
            }
            if (Files.isRegularFile(dir.resolve(SearchCommand.TRIALS))) {
                runs.add(search(dir, table, cl));
                continue;
            }
            RunFiles.Metrics m = PlotCommand.readMetrics(dir, cl);
            String method = method(dir);
            String folder = dir.toAbsolutePath().normalize().getFileName() + " (" + method + ")";
            // two runs in folders of the same name are told apart by their paths
            String name = runs.stream().anyMatch(c -> c.name().equals(folder)) ? dir + " (" + method + ")" : folder;
            runs.add(RunPlots.Curve.ofRun(name, m.rows()));
            EpochMetrics best = m.rows().get(0);
            for (EpochMetrics r : m.rows()) {
                if (r.validLoss() < best.validLoss() || Double.isNaN(best.validLoss())) {
                    best = r;
                }
            }

            EpochMetrics last = m.rows().get(m.rows().size() - 1);
            table.row(dir.toString(), method, Integer.toString(last.epoch()), f4(best.validLoss()),
                    Integer.toString(best.epoch()), f4(best.testLoss()), f4(last.validLoss()), f4(last.testLoss()),
                    String.format(Locale.ROOT, "%.1f", last.seconds()),
                    last.epoch() > 0 ? String.format(Locale.ROOT, "%.2f", last.seconds() / last.epoch()) : "-");
        }
        Path folder = out != null ? out : dirs.get(0).toAbsolutePath().normalize().getParent();
        Path png = ExperimentFiles.outputDirectory(folder, cl).resolve(PNG);
        RunPlots.compare(png, runs);
        PrintWriter console = cl.getOut();
        table.print(console);
        console.printf("Wrote %s%n", png.toAbsolutePath().normalize());
        console.flush();
        return 0;
    }

    /**
     * A search directory of {@code search}: its curve from trials.csv, and a table row from summary.json
     * (best trial's target; its test loss; no final values, which a search does not have).
     */
    private static RunPlots.Curve search(Path dir, TextTable table, CommandLine cl) {
        try {
            JsonObject s = ExperimentFiles.readJsonObject(dir.resolve(RunFiles.SUMMARY));
            String strategy = s.get("strategy").getAsString();
            int perTrial = s.get("epochs_per_trial").getAsInt();
            List<String> lines = Files.readAllLines(dir.resolve(SearchCommand.TRIALS));
            List<String> head = List.of(lines.get(0).split(",", -1));
            int iTrial = head.indexOf("trial");
            int iEnd = head.indexOf("end_seconds");
            int iBest = head.indexOf("best_so_far");
            int n = lines.size() - 1;
            double[] epochs = new double[n];
            double[] seconds = new double[n];
            double[] best = new double[n];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",", -1);
                epochs[i] = Double.parseDouble(f[iTrial]) * perTrial;
                seconds[i] = Double.parseDouble(f[iEnd]);
                best[i] = Double.parseDouble(f[iBest]);
            }
            JsonElement b = s.get("best");
            boolean none = b == null || b.isJsonNull();
            double total = s.get("seconds").getAsDouble();
            int trained = s.get("trials").getAsInt() * perTrial;
            table.row(dir.toString(), strategy, Integer.toString(trained),
                    none ? "-" : f4(b.getAsJsonObject().get("target").getAsDouble()),
                    none ? "-" : "trial " + b.getAsJsonObject().get("trial").getAsInt(),
                    none ? "-" : f4(b.getAsJsonObject().get("test_loss").getAsDouble()), "-", "-",
                    String.format(Locale.ROOT, "%.1f", total),
                    trained > 0 ? String.format(Locale.ROOT, "%.2f", total / trained) : "-");
            return new RunPlots.Curve(dir.toAbsolutePath().normalize().getFileName() + " (" + strategy + ")", epochs,
                    seconds, best);
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ParameterException(cl, dir + ": not a readable search directory (" + e.getMessage()
                    + ")");
        }
    }

    /** The run's method from summary.json (else config.json), or "?" if neither says. */
    private static String method(Path dir) {
        for (String file : List.of(RunFiles.SUMMARY, ExperimentFiles.CONFIG)) {
            try {
                JsonObject o = ExperimentFiles.readJsonObject(dir.resolve(file));
                JsonElement m = o.has("method") ? o.get("method")
                        : o.has("settings") && o.get("settings").isJsonObject()
                                ? o.getAsJsonObject("settings").get("method") : null;
                if (m != null && m.isJsonPrimitive()) {
                    return m.getAsString();
                }
            } catch (IOException | RuntimeException e) {
                // try the next file
            }
        }
        return "?";
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 1e4 ? "%.4f" : "%.4g", v);
    }
}
