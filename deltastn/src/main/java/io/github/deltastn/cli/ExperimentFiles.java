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
import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The files of an experiment run directory besides {@link RunFiles}' {@code metrics.csv} and
 * {@code summary.json}: {@code config.json} and {@code cycles.csv}, written atomically as those.
 */
final class ExperimentFiles {
    static final String CONFIG = "config.json";
    static final String CHECKPOINT = "checkpoint.bin";
    static final String CYCLES = "cycles.csv";
    static final String SCHEDULES_PNG = "hyperparameters.png";
    static final String LOSSES_PNG = "losses.png";

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
            sb.append(',').append(n).append(RunFiles.SIGMA_SUFFIX);
        }
        sb.append('\n');
        for (double[] r : c.rows()) {
            sb.append((long) r[0]).append(',').append((long) r[1]).append(',').append((long) r[2]);
            for (int j = 3; j < r.length; j++) {
                sb.append(',').append(Double.isNaN(r[j]) ? "" : Double.toString(r[j]));
            }
            sb.append('\n');
        }
        RunFiles.writeAtomically(file, sb.toString());
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
            rows.add(RunFiles.numbers(file, ln + 1, lines.get(ln), head.length));
        }
        return new Cycles(List.of(Arrays.copyOfRange(head, 3, 3 + h)), rows);
    }

    /** {@code value} as pretty-printed JSON, record components in snake_case. */
    static void writeJson(Path file, Object value) throws IOException {
        RunFiles.writeAtomically(file, GSON.toJson(value) + "\n");
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
}
