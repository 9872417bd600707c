package io.github.deltastn.cli;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The output directory of a run and its JSON files. */
final class RunFiles {
    // A non-finite number (say a hyperparameter that underflowed to 0, so |ln λ − ln λ*| = ∞) is written as
    // NaN / Infinity, which Python and JavaScript read, rather than failing after the run has finished.
    private static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create();

    private RunFiles() {}

    /**
     * Creates {@code dir} (and its parents) if needed.
     *
     * @throws ParameterException if {@code dir} exists but is not a directory, or cannot be created
     */
    static Path outputDirectory(Path dir, CommandLine cl) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(cl, "--out " + dir + " exists and is not a directory");
        }
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ParameterException(cl, "--out " + dir + ": cannot create the directory (" + e + ")");
        }
    }

    /** {@code value} as pretty-printed JSON, record components in snake_case. */
    static void writeJson(Path file, Object value) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            GSON.toJson(value, w);
            w.write('\n');
        }
    }
}
