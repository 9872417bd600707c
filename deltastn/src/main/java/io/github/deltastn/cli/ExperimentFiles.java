package io.github.deltastn.cli;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.train.EpochMetrics;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The files of an experiment run directory: {@code config.json}, {@code metrics.csv} and
 * {@code summary.json}, written atomically (a temporary file renamed into place, so a reader or an
 * interrupted run never sees half a file), and {@code metrics.csv} read back for {@code plot} and
 * {@code compare}.
 */
final class ExperimentFiles {
    static final String CONFIG = "config.json";
    static final String METRICS = "metrics.csv";
    static final String SUMMARY = "summary.json";
    static final String CHECKPOINT = "checkpoint.bin";
    static final String SCHEDULES_PNG = "hyperparameters.png";
    static final String LOSSES_PNG = "losses.png";

    /** The fixed leading columns of {@code metrics.csv}; then {@code NAME} and {@code NAME_sigma} per hyperparameter. */
    static final List<String> FIXED_COLUMNS = List.of("epoch", "steps", "seconds", "train_loss", "valid_loss",
            "valid_acc", "test_loss", "test_acc");
    static final String SIGMA_SUFFIX = "_sigma";

    // Non-finite numbers (a diverged loss) are written as NaN / Infinity, which Python and JavaScript read.
    static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .serializeNulls()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create();

    private ExperimentFiles() {}

    /** The per-epoch rows of a run and the names of its hyperparameters, in column order. */
    record Metrics(List<String> hyperNames, List<EpochMetrics> rows) {}

    static String header(List<String> hyperNames) {
        List<String> cols = new ArrayList<>(FIXED_COLUMNS);
        for (String n : hyperNames) {
            cols.add(n);
        }
        for (String n : hyperNames) {
            cols.add(n + SIGMA_SUFFIX);
        }
        return String.join(",", cols);
    }

    static void writeMetrics(Path file, Metrics m) throws IOException {
        StringBuilder sb = new StringBuilder(header(m.hyperNames())).append('\n');
        for (EpochMetrics r : m.rows()) {
            sb.append(r.epoch()).append(',').append(r.steps()).append(',').append(num(r.seconds())).append(',')
                    .append(num(r.trainLoss())).append(',').append(num(r.validLoss())).append(',')
                    .append(num(r.validAccuracy())).append(',').append(num(r.testLoss())).append(',')
                    .append(num(r.testAccuracy()));
            for (double v : r.hyper().data()) {
                sb.append(',').append(num(v));
            }
            for (double v : r.sigma().data()) {
                sb.append(',').append(num(v));
            }
            sb.append('\n');
        }
        writeAtomically(file, sb.toString());
    }

    /** An absent value (a split without accuracy) is an empty field; non-finite values are spelled out. */
    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /**
     * Reads a {@code metrics.csv} written by {@link #writeMetrics}.
     *
     * @throws IOException if the file cannot be read or is not in that format (the message names the line)
     */
    static Metrics readMetrics(Path file) throws IOException {
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
            String[] f = line.split(",", -1);
            if (f.length != head.length) {
                throw new IOException(file + ":" + (ln + 1) + ": " + f.length + " fields, expected " + head.length);
            }
            try {
                double[] v = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    v[j] = f[j].isEmpty() ? Double.NaN : Double.parseDouble(f[j]);
                }
                rows.add(new EpochMetrics((int) v[0], (long) v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                        Tensor.of(Arrays.copyOfRange(v, fixed, fixed + h)),
                        Tensor.of(Arrays.copyOfRange(v, fixed + h, fixed + 2 * h))));
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (ln + 1) + ": not a number (" + e.getMessage() + ")");
            }
        }
        return new Metrics(names, rows);
    }

    /** {@code value} as pretty-printed JSON, record components in snake_case. */
    static void writeJson(Path file, Object value) throws IOException {
        writeAtomically(file, GSON.toJson(value) + "\n");
    }

    /** The JSON object in {@code file}, or an {@link IOException} naming the file. */
    static JsonObject readJsonObject(Path file) throws IOException {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IOException(file + ": expected a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": malformed JSON (" + e.getMessage() + ")");
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(text);
        }
        moveIntoPlace(tmp, file);
    }

    /** Renames {@code tmp} to {@code file}, atomically where the file system can. */
    static void moveIntoPlace(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
