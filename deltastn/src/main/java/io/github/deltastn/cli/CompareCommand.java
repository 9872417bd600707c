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
 * Draws the best validation loss reached so far against epochs and against wall-clock seconds, one line per
 * run, as the paper's Fig. 5 and 6a ({@code compare.png}); the hyperparameter schedules of the tuning runs, one
 * panel per hyperparameter, as Fig. 6b/c ({@code schedules.png}; runs at fixed values are left out); and prints a
 * table of method, best and final validation loss, the test loss at the best validation epoch, seconds and seconds
 * per epoch.
 *
 * <p>Usage: {@code deltastn-cli compare runs/mnist-stn runs/mnist-centered runs/mnist-delta --out runs}: writes
 * {@code runs/compare.png} and {@code runs/schedules.png} (by default beside the first run directory, never into
 * the working directory).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = {"Compare run directories: best validation loss so far vs epoch and vs seconds (compare.png), "
                + "the tuned hyperparameters vs epoch (schedules.png), and a table of the runs."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run directories written by mnist or fmnist.")
    private List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder of compare.png. Default: the folder that holds the first run directory.")
    private Path out;

    @Option(names = "--seeds",
            description = "Treat run directories whose names differ only in a trailing -sN (seed N) as seeds of one "
                    + "method: one line (their mean) with the band from the lowest to the highest seed, and a table of "
                    + "mean ± standard deviation over the seeds.")
    private boolean seeds;

    static final String PNG = "compare.png";
    static final String SCHEDULES_PNG = "schedules.png";

    /** The group of a run directory under {@code --seeds}: its folder name without a trailing {@code -sN}. */
    static String seedGroup(Path dir) {
        return dir.toAbsolutePath().normalize().getFileName().toString().replaceFirst("-s\\d+$", "");
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        List<Curve> runs = new ArrayList<>();
        TextTable table = new TextTable("run", "method", "epochs", "best valid", "at epoch", "test there",
                "final valid", "final test", "seconds", "s/epoch");
        Set<Path> seen = new HashSet<>();
        finals = new java.util.LinkedHashMap<>();
        groupOf = new java.util.HashMap<>();
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
            runs.add(Curve.ofRun(name, m.rows()));
            if (!method.equals("fixed") && !m.hyperNames().isEmpty()) {
                schedules.add(RunPlots.Schedule.ofRun(name, m));
            }
            EpochMetrics best = m.rows().get(0);
            for (EpochMetrics r : m.rows()) {
                if (r.validLoss() < best.validLoss() || Double.isNaN(best.validLoss())) {
                    best = r;
                }
            }

            EpochMetrics last = m.rows().get(m.rows().size() - 1);
            finals.put(runs.get(runs.size() - 1).name(), new double[] {best.validLoss(), best.testLoss(), last.validLoss(),
                last.testLoss(), last.epoch() > 0 ? last.seconds() / last.epoch() : Double.NaN, best.validAccuracy(),
                last.validAccuracy()});
            groupOf.put(runs.get(runs.size() - 1).name(), seedGroup(dir) + " (" + method + ")");
            table.row(dir.toString(), method, Integer.toString(last.epoch()), f4(best.validLoss()),
                    Integer.toString(best.epoch()), f4(best.testLoss()), f4(last.validLoss()), f4(last.testLoss()),
                    String.format(Locale.ROOT, "%.1f", last.seconds()),
                    last.epoch() > 0 ? String.format(Locale.ROOT, "%.2f", last.seconds() / last.epoch()) : "-");
        }
        Path folder = out != null ? out : dirs.get(0).toAbsolutePath().normalize().getParent();
        Path png = ExperimentFiles.outputDirectory(folder, cl).resolve(PNG);
        PrintWriter console = cl.getOut();
        if (seeds) {
            runs = bySeeds(runs, finals, console);
            schedules = schedulesBySeeds(schedules, cl);
        }
        RunPlots.compare(png, runs);
        table.print(console);
        console.printf("Wrote %s%n", png.toAbsolutePath().normalize());
        if (!schedules.isEmpty()) {
            RunPlots.schedules(png.resolveSibling(SCHEDULES_PNG), schedules);
            console.printf("Wrote %s%n", png.resolveSibling(SCHEDULES_PNG).toAbsolutePath().normalize());
        }
        console.flush();
        return 0;
    }

    /** Per run curve name: best valid, test there, final valid, final test, s/epoch, best and final valid acc. */
    private java.util.Map<String, double[]> finals;
    /** Per run curve name: its {@code --seeds} group. */
    private java.util.Map<String, String> groupOf;
    /** The schedules of the tuning runs, in the order given. */
    private List<RunPlots.Schedule> schedules = new ArrayList<>();

    /** The schedules with the seeds of each {@code --seeds} group merged into their mean and band. */
    private List<RunPlots.Schedule> schedulesBySeeds(List<RunPlots.Schedule> runs, CommandLine cl) {
        java.util.Map<String, List<RunPlots.Schedule>> groups = new java.util.LinkedHashMap<>();
        for (RunPlots.Schedule s : runs) {
            groups.computeIfAbsent(groupOf.get(s.name()), k -> new ArrayList<>()).add(s);
        }
        List<RunPlots.Schedule> merged = new ArrayList<>();
        for (var e : groups.entrySet()) {
            try {
                merged.add(RunPlots.Schedule.ofSeeds(seedLabel(e.getKey(), e.getValue().size()), e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new ParameterException(cl, "--seeds: " + ex.getMessage());
            }
        }
        return merged;
    }

    /** The legend label of a group of seeds: "name, 1 seed", "name, 3 seeds". */
    static String seedLabel(String group, int n) {
        return group + ", " + n + (n == 1 ? " seed" : " seeds");
    }

    /**
     * The curves with the seeds of each group merged ({@link Curve#ofSeeds}), in the order of their
     * first run; searches stay as they are. Prints mean ± standard deviation of each group's numbers.
     */
    private List<Curve> bySeeds(List<Curve> runs, java.util.Map<String, double[]> numbers, PrintWriter console) {
        java.util.Map<String, List<Curve>> groups = new java.util.LinkedHashMap<>();
        List<Curve> merged = new ArrayList<>();
        for (Curve c : runs) {
            String g = groupOf.get(c.name());
            if (g == null) {
                groups.put(c.name(), null);
            } else {
                groups.computeIfAbsent(g, k -> new ArrayList<>()).add(c);
            }
        }
        TextTable t = new TextTable("method (seeds)", "n", "final valid", "best valid", "test at best", "final test",
                "best valid acc", "final valid acc", "s/epoch");
        for (var e : groups.entrySet()) {
            if (e.getValue() == null) {
                merged.add(runs.stream().filter(c -> c.name().equals(e.getKey())).findFirst().orElseThrow());
                continue;
            }
            List<Curve> members = e.getValue();
            merged.add(Curve.ofSeeds(seedLabel(e.getKey(), members.size()), members));
            String[] cells = new String[9];
            cells[0] = e.getKey();
            cells[1] = Integer.toString(members.size());
            int[] order = {2, 0, 1, 3, 5, 6, 4};
            for (int j = 0; j < order.length; j++) {
                int col = order[j];
                double[] v = members.stream().mapToDouble(c -> numbers.get(c.name())[col]).toArray();
                cells[2 + j] = meanSd(v, col == 4 ? "%.2f" : "%.4f");
            }
            t.row(cells);
        }
        t.print(console);
        console.println();
        return merged;
    }

    /** {@code mean ± sd} (sample standard deviation; just the value for one seed). */
    static String meanSd(double[] v, String format) {
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        if (v.length < 2) {
            return String.format(Locale.ROOT, format, mean);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return String.format(Locale.ROOT, format + " ± " + format, mean, Math.sqrt(ss / (v.length - 1)));
    }

    /**
     * A search directory of {@code search}: its curve from trials.csv, and a table row from summary.json
     * (best trial's target; its test loss; no final values, which a search does not have).
     */
    private static Curve search(Path dir, TextTable table, CommandLine cl) {
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
            return Curve.ofTrials(dir.toAbsolutePath().normalize().getFileName() + " (" + strategy + ")",
                    epochs, seconds, best);
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
