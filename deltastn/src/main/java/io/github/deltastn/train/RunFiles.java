package io.github.deltastn.train;

import io.github.deltastn.core.Tensor;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result files of a run, as the command line writes them: {@code metrics.csv} (one row per epoch
 * boundary) and {@code summary.json} (status, final and best results, final hyperparameters). Both are written
 * atomically: a temporary file beside the target, renamed into place, so a reader or an interrupted run never
 * sees half a file.
 *
 * <pre>{@code
 * List<EpochMetrics> history = trainer.run(listener);
 * RunFiles.write(dir, "my-model", trainer, "completed", null);
 * }</pre>
 */
public final class RunFiles {
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    /** The fixed leading columns of {@code metrics.csv}; then {@code NAME} and {@code NAME_sigma} per hyperparameter. */
    public static final List<String> FIXED_COLUMNS = List.of("epoch", "steps", "seconds", "train_seconds",
            "hyper_seconds", "eval_seconds", "train_loss", "valid_loss", "valid_acc", "test_loss", "test_acc");
    public static final String SIGMA_SUFFIX = "_sigma";

    private RunFiles() {}

    /** The per-epoch rows of a run and the names of its hyperparameters, in column order. */
    public record Metrics(List<String> hyperNames, List<EpochMetrics> rows) {}

    /**
     * The losses and accuracies at one epoch; for a language model also the perplexities exp(loss) (null
     * otherwise).
     */
    public record Result(int epoch, double validLoss, double validAcc, double testLoss, double testAcc,
                         Double validPerplexity, Double testPerplexity) {
        static Result of(EpochMetrics m, boolean perplexity) {
            return new Result(m.epoch(), m.validLoss(), m.validAccuracy(), m.testLoss(), m.testAccuracy(),
                    perplexity ? Math.exp(m.validLoss()) : null, perplexity ? Math.exp(m.testLoss()) : null);
        }
    }

    /** Seconds per epoch, split into training steps, hyper steps and evaluation (and the rest). */
    public record PerEpoch(double total, double training, double hyperSteps, double evaluation) {
        static PerEpoch of(EpochMetrics last) {
            double e = last.epoch() > 0 ? last.epoch() : Double.NaN;
            return new PerEpoch(last.seconds() / e, last.trainSeconds() / e, last.hyperSeconds() / e,
                    last.evalSeconds() / e);
        }
    }

    /**
     * {@code summary.json}. Numbers that do not exist (an accuracy of a regression split, a loss at an epoch
     * that was not evaluated) are written as {@code null}.
     *
     * @param status {@code running}, {@code completed}, {@code diverged} (non-finite loss), {@code interrupted}
     *     or {@code stopped}
     * @param epochs epochs completed
     * @param best the evaluated epoch with the lowest validation loss (its test loss is the one to report)
     * @param bestTestLoss the lowest test loss of any epoch (for reference only: choosing by it is peeking)
     */
    public record Summary(String experiment, String method, String status, String message, int epochs,
                          int epochsPlanned, long steps, double seconds, PerEpoch secondsPerEpoch, Result last,
                          Result best, double bestTestLoss, Map<String, Double> finalHyperparameters,
                          Map<String, Double> finalSigma) {

        /**
         * The summary of the epoch history {@code rows} (at least the entry of epoch 0).
         *
         * @param perplexity whether to add perplexities (a language model's loss is a mean cross-entropy)
         */
        public static Summary of(String experiment, Method method, int epochsPlanned, List<String> names,
                                 List<EpochMetrics> rows, String status, String message, boolean perplexity) {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("Summary.of: the history is empty; run the trainer first");
            }
            EpochMetrics last = rows.get(rows.size() - 1);
            EpochMetrics best = null;
            double bestTest = Double.NaN;
            for (EpochMetrics m : rows) {
                if (!Double.isNaN(m.validLoss()) && (best == null || m.validLoss() < best.validLoss())) {
                    best = m;
                }
                if (m.testLoss() < bestTest || Double.isNaN(bestTest)) {
                    bestTest = m.testLoss();
                }
            }
            Map<String, Double> hyper = new LinkedHashMap<>();
            Map<String, Double> sigma = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                hyper.put(names.get(i), last.hyper().data()[i]);
                sigma.put(names.get(i), last.sigma().data()[i]);
            }
            return new Summary(experiment, method.id(), status, message, last.epoch(), epochsPlanned, last.steps(),
                    last.seconds(), PerEpoch.of(last), Result.of(last, perplexity),
                    Result.of(best == null ? last : best, perplexity), bestTest, hyper, sigma);
        }
    }

    /**
     * Writes {@code metrics.csv} and {@code summary.json} of {@code trainer}'s history into {@code dir} (created
     * if missing).
     */
    public static void write(Path dir, String experiment, Trainer trainer, String status, String message)
            throws IOException {
        Files.createDirectories(dir);
        List<String> names = trainer.hyperparameters().names();
        List<EpochMetrics> rows = trainer.history();
        writeMetrics(dir.resolve(METRICS), new Metrics(names, rows));
        writeSummary(dir.resolve(SUMMARY), Summary.of(experiment, trainer.config().method(), trainer.config().epochs(),
                names, rows, status, message, false));
    }

    /** The header of {@code metrics.csv} for these hyperparameters. */
    public static String header(List<String> hyperNames) {
        List<String> cols = new ArrayList<>(FIXED_COLUMNS);
        cols.addAll(hyperNames);
        for (String n : hyperNames) {
            cols.add(n + SIGMA_SUFFIX);
        }
        return String.join(",", cols);
    }

    /** Writes {@code metrics.csv}: an absent value (a split without accuracy) is an empty field. */
    public static void writeMetrics(Path file, Metrics m) throws IOException {
        StringBuilder sb = new StringBuilder(header(m.hyperNames())).append('\n');
        for (EpochMetrics r : m.rows()) {
            sb.append(r.epoch()).append(',').append(r.steps());
            for (double v : new double[] {r.seconds(), r.trainSeconds(), r.hyperSeconds(), r.evalSeconds(),
                r.trainLoss(), r.validLoss(), r.validAccuracy(), r.testLoss(), r.testAccuracy()}) {
                sb.append(',').append(csv(v));
            }
            for (double v : r.hyper().data()) {
                sb.append(',').append(csv(v));
            }
            for (double v : r.sigma().data()) {
                sb.append(',').append(csv(v));
            }
            sb.append('\n');
        }
        writeAtomically(file, sb.toString());
    }

    private static String csv(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /**
     * Reads a {@code metrics.csv} written by {@link #writeMetrics}.
     *
     * @throws IOException if the file cannot be read or is not in that format (the message names the line)
     */
    public static Metrics readMetrics(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty file, expected a header line");
        }
        String[] head = lines.get(0).split(",", -1);
        int fixed = FIXED_COLUMNS.size();
        if (head.length < fixed || !Arrays.asList(head).subList(0, fixed).equals(FIXED_COLUMNS)
                || (head.length - fixed) % 2 != 0) {
            throw new IOException(file + ": not a metrics.csv of an experiment run (header starts with "
                    + String.join(",", FIXED_COLUMNS) + ", then NAME... and NAME_sigma... columns)");
        }
        int h = (head.length - fixed) / 2;
        List<String> names = new ArrayList<>(Arrays.asList(head).subList(fixed, fixed + h));
        for (int i = 0; i < h; i++) {
            if (!head[fixed + h + i].equals(names.get(i) + SIGMA_SUFFIX)) {
                throw new IOException(file + ": column " + (fixed + h + i + 1) + " is '" + head[fixed + h + i]
                        + "', expected '" + names.get(i) + SIGMA_SUFFIX + "'");
            }
        }
        List<EpochMetrics> rows = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                continue;
            }
            double[] v = numbers(file, ln + 1, line, head.length);
            rows.add(new EpochMetrics((int) v[0], (long) v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                    Tensor.of(Arrays.copyOfRange(v, fixed, fixed + h)),
                    Tensor.of(Arrays.copyOfRange(v, fixed + h, fixed + 2 * h))));
        }
        return new Metrics(names, rows);
    }

    /** Writes {@code summary.json}: snake_case keys, pretty-printed, non-finite numbers as {@code null}. */
    /**
     * The {@code width} comma-separated numbers of line {@code lineNumber} (1-based) of a run file; an empty
     * field is NaN.
     *
     * @throws IOException naming the file and line when the field count differs or a field is not a number
     */
    public static double[] numbers(Path file, int lineNumber, String line, int width) throws IOException {
        String[] f = line.split(",", -1);
        if (f.length != width) {
            throw new IOException(file + ":" + lineNumber + ": " + f.length + " fields, expected " + width);
        }
        double[] v = new double[f.length];
        try {
            for (int j = 0; j < f.length; j++) {
                v[j] = f[j].isEmpty() ? Double.NaN : Double.parseDouble(f[j]);
            }
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNumber + ": not a number (" + e.getMessage() + ")");
        }
        return v;
    }

    public static void writeSummary(Path file, Summary s) throws IOException {
        Json j = new Json();
        j.open('{');
        j.key("experiment").string(s.experiment()).key("method").string(s.method()).key("status").string(s.status())
                .key("message").string(s.message()).key("epochs").number(s.epochs())
                .key("epochs_planned").number(s.epochsPlanned()).key("steps").number(s.steps())
                .key("seconds").number(s.seconds()).key("seconds_per_epoch");
        PerEpoch p = s.secondsPerEpoch();
        j.open('{').key("total").number(p.total()).key("training").number(p.training())
                .key("hyper_steps").number(p.hyperSteps()).key("evaluation").number(p.evaluation()).close('}');
        j.key("final");
        result(j, s.last());
        j.key("best");
        result(j, s.best());
        j.key("best_test_loss").number(s.bestTestLoss());
        j.key("final_hyperparameters");
        map(j, s.finalHyperparameters());
        j.key("final_sigma");
        map(j, s.finalSigma());
        j.close('}');
        writeAtomically(file, j.text() + "\n");
    }

    private static void result(Json j, Result r) {
        j.open('{').key("epoch").number(r.epoch()).key("valid_loss").number(r.validLoss())
                .key("valid_acc").number(r.validAcc()).key("test_loss").number(r.testLoss())
                .key("test_acc").number(r.testAcc()).key("valid_perplexity").number(r.validPerplexity())
                .key("test_perplexity").number(r.testPerplexity()).close('}');
    }

    private static void map(Json j, Map<String, Double> m) {
        j.open('{');
        m.forEach((k, v) -> j.key(k).number(v));
        j.close('}');
    }

    /**
     * Writes {@code text} to a temporary file beside {@code file} and renames it into place (atomically where
     * the file system can); no temporary file stays.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(text);
            }
            moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames {@code tmp} to {@code file}, atomically where the file system can. */
    public static void moveIntoPlace(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A minimal pretty-printing JSON writer (2-space indent), enough for the summary's objects. */
    private static final class Json {
        private final StringBuilder sb = new StringBuilder();
        private int depth;
        private boolean first = true;

        Json open(char c) {
            sb.append(c);
            depth++;
            first = true;
            return this;
        }

        Json close(char c) {
            depth--;
            if (!first) {
                newline();
            }
            sb.append(c);
            first = false;
            return this;
        }

        Json key(String k) {
            if (!first) {
                sb.append(',');
            }
            newline();
            first = false;
            quote(k);
            sb.append(": ");
            return this;
        }

        Json string(String v) {
            if (v == null) {
                sb.append("null");
            } else {
                quote(v);
            }
            return this;
        }

        Json number(Number v) {
            if (v == null || (v instanceof Double d && !Double.isFinite(d))) {
                sb.append("null");
            } else {
                sb.append(v);
            }
            return this;
        }

        private void newline() {
            sb.append('\n').append("  ".repeat(depth));
        }

        private void quote(String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }

        String text() {
            return sb.toString();
        }
    }
}
