package io.github.deltastn.cli;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.train.EpochMetrics;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

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
    static final String CYCLES = "cycles.csv";
    static final String SCHEDULES_PNG = "hyperparameters.png";
    static final String LOSSES_PNG = "losses.png";

    /** The fixed leading columns of {@code metrics.csv}; then {@code NAME} and {@code NAME_sigma} per hyperparameter. */
    static final List<String> FIXED_COLUMNS = List.of("epoch", "steps", "seconds", "train_seconds", "hyper_seconds",
            "eval_seconds", "train_loss", "valid_loss", "valid_acc", "test_loss", "test_acc");
    static final String SIGMA_SUFFIX = "_sigma";

    private static final TypeAdapter<Double> NON_FINITE_AS_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || !Double.isFinite(v)) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };

    /**
     * JSON of every file the tool writes: record components in snake_case, pretty-printed; a non-finite
     * number (a diverged loss, a missing accuracy) is written as {@code null} — bare {@code NaN} is not JSON —
     * and read back as NaN.
     */
    static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(Double.class, NON_FINITE_AS_NULL)
            .registerTypeAdapter(double.class, NON_FINITE_AS_NULL)
            .serializeNulls()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create();

    private ExperimentFiles() {}

    /**
     * Creates {@code dir} (and its parents) if needed.
     *
     * @throws ParameterException if {@code dir} is empty, exists but is not a directory, or cannot be created
     */
    static Path outputDirectory(Path dir, CommandLine cl) {
        if (dir.toString().isBlank()) {
            throw new ParameterException(cl, "--out must name a directory, got an empty path");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(cl, "--out " + dir + " exists and is not a directory");
        }
        try {
            return Files.createDirectories(dir);
        } catch (FileSystemException e) {
            throw new ParameterException(cl, "--out " + dir + ": cannot create the directory: " + Main.describe(e));
        } catch (IOException e) {
            throw new ParameterException(cl, "--out " + dir + ": cannot create the directory (" + e + ")");
        }
    }

    /**
     * The hyperparameters after every cycle of a run: rows {@code [cycle, steps, epoch, hyper..., sigma...]}
     * ({@code cycles.csv}, header {@code cycle,steps,epoch,NAME...,NAME_sigma...}).
     */
    record Cycles(List<String> hyperNames, List<double[]> rows) {
        /** The training step at which the hyper steps began: the first cycle's steps minus one cycle. */
        double warmupEndStep() {
            if (rows.size() < 2) {
                return Double.NaN;
            }
            return rows.get(0)[1] - (rows.get(1)[1] - rows.get(0)[1]);
        }
    }

    static void writeCycles(Path file, Cycles c) throws IOException {
        StringBuilder sb = new StringBuilder("cycle,steps,epoch");
        for (String n : c.hyperNames()) {
            sb.append(',').append(n);
        }
        for (String n : c.hyperNames()) {
            sb.append(',').append(n).append(SIGMA_SUFFIX);
        }
        sb.append('\n');
        for (double[] r : c.rows()) {
            sb.append((long) r[0]).append(',').append((long) r[1]).append(',').append((long) r[2]);
            for (int j = 3; j < r.length; j++) {
                sb.append(',').append(num(r[j]));
            }
            sb.append('\n');
        }
        writeAtomically(file, sb.toString());
    }

    /** The cycles of a run directory, or null when it has no {@code cycles.csv}. */
    static Cycles readCycles(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] head = lines.isEmpty() ? new String[0] : lines.get(0).split(",", -1);
        if (head.length < 3 || (head.length - 3) % 2 != 0 || !head[0].equals("cycle")) {
            throw new IOException(file + ": not a cycles.csv (header cycle,steps,epoch,NAME...,NAME_sigma...)");
        }
        int h = (head.length - 3) / 2;
        List<double[]> rows = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            if (lines.get(ln).isBlank()) {
                continue;
            }
            String[] f = lines.get(ln).split(",", -1);
            if (f.length != head.length) {
                throw new IOException(file + ":" + (ln + 1) + ": " + f.length + " fields, expected " + head.length);
            }
            double[] v = new double[f.length];
            try {
                for (int j = 0; j < f.length; j++) {
                    v[j] = f[j].isEmpty() ? Double.NaN : Double.parseDouble(f[j]);
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (ln + 1) + ": not a number (" + e.getMessage() + ")");
            }
            rows.add(v);
        }
        return new Cycles(List.of(Arrays.copyOfRange(head, 3, 3 + h)), rows);
    }

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
                    .append(num(r.trainSeconds())).append(',').append(num(r.hyperSeconds())).append(',')
                    .append(num(r.evalSeconds())).append(',').append(num(r.trainLoss())).append(',').append(num(r.validLoss())).append(',')
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
                rows.add(new EpochMetrics((int) v[0], (long) v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                        v[10],
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

    /** Writes {@code text} to a temporary file beside {@code file} and renames it into place; no temporary file stays. */
    static void writeAtomically(Path file, String text) throws IOException {
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
    static void moveIntoPlace(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
