package io.github.deltastn.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.RunFiles;
import io.github.deltastn.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one experiment run as it goes: metrics.csv, cycles.csv, summary.json and the plots, written from
 * the history so far (the latest history is kept for a shutdown hook); checkpoints that carry the run's settings
 * and data; and the check that a checkpoint belongs to the run that resumes it.
 */
final class ExperimentRun {
    private final Path dir;
    private final ExperimentReport.Settings settings;
    private final List<String> names;
    private final List<double[]> cycles = new ArrayList<>();
    private volatile List<EpochMetrics> latest = List.of();

    /** @param steps the training steps already taken (a resumed run): later cycles of an earlier try are dropped */
    ExperimentRun(Path dir, ExperimentReport.Settings settings, List<String> names, long steps) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.names = names;
        ExperimentFiles.Cycles old = steps == 0 ? null : ExperimentFiles.readCycles(dir.resolve(ExperimentFiles.CYCLES));
        if (old != null && old.hyperNames().equals(names)) {
            old.rows().stream().filter(r -> r[1] <= steps).forEach(cycles::add);
        }
    }

    /** Records the hyperparameters after a cycle. */
    synchronized void cycle(int cycle, Trainer t) {
        int h = names.size();
        double[] row = new double[3 + 2 * h];
        row[0] = cycle;
        row[1] = t.steps();
        row[2] = t.history().isEmpty() ? 0 : t.history().get(t.history().size() - 1).epoch();
        System.arraycopy(t.hyperparameters().currentValues().data(), 0, row, 3, h);
        System.arraycopy(t.hyperparameters().sigma().data(), 0, row, 3 + h, h);
        cycles.add(row);
    }

    List<EpochMetrics> latest() {
        return latest;
    }

    synchronized RunFiles.Summary write(List<EpochMetrics> history, String status, String message) {
        if (history.isEmpty()) {
            return null;
        }
        latest = List.copyOf(history);
        try {
            RunFiles.Metrics m = new RunFiles.Metrics(names, new ArrayList<>(history));
            RunFiles.writeMetrics(dir.resolve(RunFiles.METRICS), m);
            ExperimentFiles.writeCycles(dir.resolve(ExperimentFiles.CYCLES),
                    new ExperimentFiles.Cycles(names, List.copyOf(cycles)));
            RunFiles.Summary s = RunFiles.Summary.of(settings.experiment(), Method.parse(settings.method()),
                    settings.epochs(), names, history, status, message, "lm".equals(settings.experiment()));
            RunFiles.writeSummary(dir.resolve(RunFiles.SUMMARY), s);
            RunPlots.drawRun(dir, dir, title(settings), m);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + dir + ": " + e, e);
        }
    }

    /** Writes checkpoints that carry the settings and data of their run, for {@code --resume} to check. */
    static final class Checkpoints {
        private final Path file;
        private final String settings;
        private final String data;
        private boolean saved;

        Checkpoints(Path file, String settings, String data) {
            this.file = file;
            this.settings = settings;
            this.data = data;
        }

        void save(Trainer t) {
            try {
                t.checkpoint().withString(RUN_SETTINGS, settings).withString(RUN_DATA, data).save(file);
                saved = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e, e);
            }
        }

        boolean saved() {
            return saved;
        }
    }

    /** The checkpoint entries with the JSON of the run's settings and data. */
    static final String RUN_SETTINGS = "run/settings";
    static final String RUN_DATA = "run/data";

    /** The plot title of a run, e.g. {@code mnist, Delta-STN}. */
    static String title(ExperimentReport.Settings s) {
        return s.experiment() + (s.synthetic() != null ? " (synthetic)" : "") + ", "
                + Labels.method(Method.parse(s.method()))
                + ("fmnist".equals(s.experiment()) && s.model() != null ? ", " + s.model() + " widths" : "");
    }

    /**
     * {@code --resume} continues the run the checkpoint belongs to: its recorded settings and data must be those of
     * this invocation, except the {@link ExperimentReport.Settings#RESUMABLE} ones; {@code --epochs} may only grow
     * past the epochs already done. Returns what differs, or null.
     */
    static String sameRunProblem(Checkpoint c, ExperimentReport.Settings now, String dataJson, Path file) {
        String before = c.strings().get(RUN_SETTINGS);
        if (before == null) {
            return "--resume: " + file + " does not record the settings of its run (written by an older version); "
                    + "start over with --overwrite";
        }
        JsonObject old;
        try {
            old = JsonParser.parseString(before).getAsJsonObject();
        } catch (RuntimeException e) {
            return "--resume: " + file + " holds unreadable run settings; start over with --overwrite";
        }
        JsonObject cur = ExperimentFiles.GSON.toJsonTree(now).getAsJsonObject();
        List<String> diff = new ArrayList<>();
        for (String key : cur.keySet()) {
            JsonElement a = old.get(key);
            if (a == null && key.equals("dtype")) {
                a = new JsonPrimitive("float64"); // runs from before the dtype was recorded were float64
            }
            if (a == null && key.equals("init")) {
                a = new JsonObject(); // runs from before --init started at the experiment's values
            }
            if ((a == null || a.isJsonNull()) && key.equals("model") && "mnist".equals(now.experiment())
                    && "paper".equals(now.model())) {
                a = new JsonPrimitive("paper"); // mnist runs from before --widths used the paper's network
            }
            JsonElement b = cur.get(key);
            if (a == null && b.isJsonNull()) {
                continue; // a setting added later, unset now: runs from before it had it unset too
            }
            if (!ExperimentReport.Settings.RESUMABLE.contains(key) && (a == null || !a.equals(b))) {
                diff.add(key + " " + a + " -> " + b);
            }
        }
        if (!diff.isEmpty()) {
            return "--resume: the checkpoint in " + file.getParent() + " belongs to a run with other settings ("
                    + String.join(", ", diff) + "); only " + ExperimentReport.Settings.RESUMABLE + " may change on resume";
        }
        String oldData = c.strings().get(RUN_DATA);
        if (oldData != null && !JsonParser.parseString(oldData).equals(JsonParser.parseString(dataJson))) {
            return "--resume: the data differ from those the checkpoint was trained on (checksums or sizes in "
                    + file + " vs now); start over with --overwrite";
        }
        int done = (int) c.getLong("epoch");
        if (now.epochs() < done) {
            return "--resume: the run has done " + done + " epochs already; --epochs " + now.epochs()
                    + " cannot shorten it";
        }
        return null;
    }
}
