package io.github.deltastn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.deltastn.core.Rng;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.toy.ToyExperiment.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The {@code deltastn-cli} commands run in-process through {@link CommandLine#execute}. */
class CliTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final List<String> SUMMARY_NUMBERS = List.of("final_value", "exact_optimum", "val_loss_at_final",
            "val_loss_at_optimum", "relative_regret", "seconds", "steps", "seed");

    @TempDir
    Path tmp;

    /** Exit code and captured console output of one invocation. */
    record Run(int exit, String out, String err) {
        String firstErrLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void toyOnSyntheticDataWritesMetricsSummaryAndPlot() throws IOException {
        Path out = tmp.resolve("run");
        Run r = cli("toy", "--problem", "ridge", "--method", "delta", "--steps", "30", "--seed", "3", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("metrics.csv"), r.out());

        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(RunFiles.METRICS_HEADER, lines.get(0));
        assertEquals(31, lines.size() - 1, "one row per cycle plus the initial point");
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            assertEquals(7, f.length, lines.get(i));
            assertEquals(i - 1, Integer.parseInt(f[0]));
            assertEquals(10L * (i - 1), Long.parseLong(f[1]));
            double value = Double.parseDouble(f[2]);
            assertTrue(value > 0 && Double.isFinite(value), lines.get(i));
        }

        JsonObject s = summary(out.resolve("summary.json"));
        assertEquals("ridge", s.get("problem").getAsString());
        assertEquals("delta", s.get("method").getAsString());
        assertEquals(30, s.get("steps").getAsInt());
        assertEquals(3, s.get("seed").getAsLong());
        assertEquals(Double.parseDouble(lines.get(lines.size() - 1).split(",")[2]), s.get("final_value").getAsDouble());
        assertTrue(s.get("val_loss_at_final").getAsDouble() >= s.get("val_loss_at_optimum").getAsDouble() * (1 - 1e-9));
        assertPng(out.resolve("trajectory.png"));
    }

    @Test
    void toyReadsCsvFilesAsGiven() throws IOException {
        RegressionData data = SyntheticRegression.generate(new SyntheticRegression.Config(30, 25, 0, 3, 0.3, 0.5, true),
                new Rng(7));
        Path train = writeCsv("train.csv", data.xTrain().data(), data.yTrain().data(), 3);
        Path valid = writeCsv("valid.csv", data.xValid().data(), data.yValid().data(), 3);
        Path out = tmp.resolve("csv-run");
        Run r = cli("toy", "--problem", "dropout", "--method", "centered", "--train", train.toString(), "--valid",
                valid.toString(), "--target", "y", "--no-standardize", "--steps", "30", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());

        JsonObject s = summary(out.resolve("summary.json"));
        assertFalse(s.get("standardized").getAsBoolean());
        assertEquals(30, s.get("n_train").getAsInt());
        assertEquals(25, s.get("n_valid").getAsInt());
        assertEquals(3, s.get("features").getAsInt());
        assertTrue(s.get("data").getAsString().contains("train.csv"), s.get("data").getAsString());
        // The target is the middle column of the file: a wrong column split would change the optimum.
        double exact = ToyExperiment.exact(Problem.DROPOUT, data).optimum().value();
        assertEquals(exact, s.get("exact_optimum").getAsDouble(), 1e-9 * exact);
        assertEquals(31, Files.readAllLines(out.resolve("metrics.csv")).size() - 1);
        assertPng(out.resolve("trajectory.png"));
    }

    @Test
    void toyStandardizesCsvDataWithTrainingStatistics() throws IOException {
        RegressionData raw = SyntheticRegression.generate(new SyntheticRegression.Config(30, 25, 0, 3, 0.3, 0.5, false),
                new Rng(11));
        Path train = writeCsv("train.csv", raw.xTrain().data(), raw.yTrain().data(), 3);
        Path valid = writeCsv("valid.csv", raw.xValid().data(), raw.yValid().data(), 3);
        Path out = tmp.resolve("std-run");
        Run r = cli("toy", "--problem", "ridge", "--method", "stn", "--train", train.toString(), "--valid",
                valid.toString(), "--target", "y", "--steps", "30", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonObject s = summary(out.resolve("summary.json"));
        assertTrue(s.get("standardized").getAsBoolean());
        double exact = ToyExperiment.exact(Problem.RIDGE, raw.standardized()).optimum().value();
        assertEquals(exact, s.get("exact_optimum").getAsDouble(), 1e-9 * exact);
    }

    @Test
    void demoPrintsTheThreeMethodsAndWritesItsFiles() throws IOException {
        Path out = tmp.resolve("demo");
        Run r = cli("demo", "--steps", "30", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        for (String method : List.of("STN", "centered STN", "Delta-STN")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(method + " ")), method + " missing in\n" + r.out());
        }
        assertTrue(r.out().contains("exact c*"), r.out());

        JsonObject s = summary(out.resolve("summary.json"));
        JsonArray runs = s.getAsJsonArray("runs");
        assertEquals(3, runs.size());
        List<String> methods = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            JsonObject run = runs.get(i).getAsJsonObject();
            methods.add(run.get("method").getAsString());
            assertFinite(run);
            Path metrics = out.resolve("metrics-" + run.get("method").getAsString() + ".csv");
            assertEquals(31, Files.readAllLines(metrics).size() - 1);
        }
        assertEquals(List.of("stn", "centered", "delta"), methods);
        assertPng(out.resolve("trajectories.png"));
    }

    static Stream<Arguments> badInvocations() {
        return Stream.of(
                Arguments.of(List.of("toy", "--problem", "lasso", "--method", "delta", "--out", "OUT"), "lasso"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "fixed", "--out", "OUT"), "fixed"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta"), "--out"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--steps=-5", "--out", "OUT"),
                        "--steps"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--steps", "0", "--out", "OUT"),
                        "--steps"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--sigma", "0", "--out", "OUT"),
                        "--sigma"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--steps", "many", "--out",
                        "OUT"), "many"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--train", "MISSING", "--valid",
                        "VALID", "--target", "y", "--out", "OUT"), "not found"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--train", "TRAIN", "--valid",
                        "VALID", "--target", "nope", "--out", "OUT"), "no column named 'nope'"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--train", "MALFORMED",
                        "--valid", "VALID", "--target", "y", "--out", "OUT"), "expected a decimal number"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--train", "TRAIN", "--target",
                        "y", "--out", "OUT"), "--valid"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--out", "TRAIN"),
                        "not a directory"),
                Arguments.of(List.of("demo", "--steps", "-1", "--out", "OUT"), "--steps"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--bogus", "--out", "OUT"),
                        "--bogus"),
                Arguments.of(List.of(), "Missing command"));
    }

    @ParameterizedTest
    @MethodSource("badInvocations")
    void badFlagsAndFilesExitWithCode2AndAOneLineReason(List<String> args, String expected) throws IOException {
        Path train = writeCsv("t.csv", new double[] {1, 2, 3, 4, 5, 7}, new double[] {1, 0, 2}, 2);
        Path valid = writeCsv("v.csv", new double[] {1, 2, 3, 5}, new double[] {1, 0}, 2);
        Path malformed = tmp.resolve("bad.csv");
        Files.writeString(malformed, "a,y,b\n1,2,3\n4,five,6\n");
        String[] argv = args.stream()
                .map(a -> switch (a) {
                    case "OUT" -> tmp.resolve("out").toString();
                    case "TRAIN" -> train.toString();
                    case "VALID" -> valid.toString();
                    case "MALFORMED" -> malformed.toString();
                    case "MISSING" -> tmp.resolve("missing.csv").toString();
                    default -> a;
                })
                .toArray(String[]::new);
        Run r = cli(argv);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.firstErrLine().contains(expected), "first line of stderr should name the problem ('" + expected
                + "'):\n" + r.err());
        assertTrue(r.err().lines().skip(1).findFirst().orElse("").startsWith("Usage:"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aDivergingRunExitsWithCode1AndTheReason() {
        Run r = cli("toy", "--problem", "ridge", "--method", "delta", "--lr", "10", "--steps", "30", "--out",
                tmp.resolve("diverged").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.firstErrLine().contains("non-finite loss"), r.err());
        assertEquals(1, r.err().lines().count(), "a diverging run is expected: no stack trace\n" + r.err());
    }

    @Test
    void helpAndVersion() {
        Run help = cli("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("demo") && help.out().contains("toy"), help.out());
        Run toyHelp = cli("help", "toy");
        assertEquals(0, toyHelp.exit());
        assertTrue(toyHelp.out().contains("--problem=PROBLEM") && toyHelp.out().contains("ridge, dropout, linear-net"),
                toyHelp.out());
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"demo", "-V"},
                new String[] {"toy", "--version"})) {
            Run version = cli(args);
            assertEquals(0, version.exit());
            assertTrue(version.out().startsWith("deltastn-cli "), version.out());
        }
    }

    private Path writeCsv(String name, double[] x, double[] y, int features) throws IOException {
        // Columns a0, y, a1, a2, ...: the target sits between features.
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            header.add("a" + j);
        }
        header.add(Math.min(1, features), "y");
        sb.append(String.join(",", header)).append('\n');
        for (int i = 0; i < y.length; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < features; j++) {
                row.add(Double.toString(x[i * features + j]));
            }
            row.add(Math.min(1, features), Double.toString(y[i]));
            sb.append(String.join(",", row)).append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    private static JsonObject summary(Path file) throws IOException {
        JsonObject s = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        if (s.has("method")) {
            assertFinite(s);
        }
        return s;
    }

    private static void assertFinite(JsonObject run) {
        for (String key : SUMMARY_NUMBERS) {
            assertTrue(run.has(key), "summary lacks " + key + ": " + run);
            assertTrue(Double.isFinite(run.get(key).getAsDouble()), key + " = " + run.get(key));
        }
        assertTrue(run.has("problem") && run.has("method"), run.toString());
    }

    private static void assertPng(Path file) throws IOException {
        assertTrue(Files.size(file) > 1000, file + " is too small to be a chart");
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(PNG_SIGNATURE, in.readNBytes(8), file + " is not a PNG");
        }
    }
}
