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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
    private static final List<String> SUMMARY_NUMBERS = List.of("final_value", "val_loss_at_final", "relative_regret",
            "distance", "seconds", "training_steps", "seed");

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
    void toyOnSyntheticDataWritesMetricsSummaryAndPlots() throws IOException {
        Path out = tmp.resolve("run");
        Run r = cli("toy", "--problem", "ridge", "--method", "delta", "--cycles", "30", "--seeds", "3-4", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("metrics.csv") && r.out().contains("seed 3") && r.out().contains("seed 4")
                && r.out().contains("within bounds"), r.out());

        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(ToyFiles.METRICS_HEADER, lines.get(0));
        assertEquals(2 * 31, lines.size() - 1, "per seed one row per cycle plus the point after warm-up");
        String[] last3 = null;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            assertEquals(14, f.length, lines.get(i));
            assertEquals("delta", f[0]);
            int seedRow = (i - 1) / 31;
            assertEquals(3 + seedRow, Long.parseLong(f[1]));
            assertEquals((i - 1) % 31, Integer.parseInt(f[2]));
            double value = Double.parseDouble(f[4]);
            assertTrue(value > 0 && Double.isFinite(value), lines.get(i));
            double cosine = f[11].isEmpty() ? 0 : Double.parseDouble(f[11]);
            assertTrue(Math.abs(cosine) <= 1 + 1e-12, lines.get(i));
            if (seedRow == 0) {
                last3 = f;
            }
        }

        JsonObject s = summary(out.resolve("summary.json"));
        assertEquals("ridge", s.get("problem").getAsString());
        assertEquals(30, s.getAsJsonObject("settings").get("cycles").getAsInt());
        JsonObject method = s.getAsJsonArray("methods").get(0).getAsJsonObject();
        assertEquals("delta", method.get("method").getAsString());
        JsonArray runs = method.getAsJsonArray("runs");
        assertEquals(2, runs.size());
        JsonObject first = runs.get(0).getAsJsonObject();
        assertEquals(3, first.get("seed").getAsLong());
        assertFinite(first);
        assertEquals(Double.parseDouble(last3[4]), first.get("final_value").getAsDouble());
        assertTrue(first.get("val_loss_at_final").getAsDouble() >= s.get("val_loss_at_optimum").getAsDouble() * (1 - 1e-9));
        JsonObject robust = method.getAsJsonObject("robustness");
        assertEquals(2, robust.get("seeds").getAsInt());
        int within = 0;
        for (int i = 0; i < runs.size(); i++) {
            within += runs.get(i).getAsJsonObject().get("within_bounds").getAsBoolean() ? 1 : 0;
        }
        assertEquals(within, robust.get("within").getAsInt());
        assertPng(out.resolve("trajectory.png"));
        assertPng(out.resolve("diagnostics.png"));
    }

    @Test
    void theSlowLinearNetSaysSo() {
        Run r = cli("toy", "--problem", "linear-net", "--method", "delta", "--cycles", "1", "--out",
                tmp.resolve("ln").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Note: the linear net"), r.out());
    }

    @Test
    void toyResultsDoNotDependOnTheThreadCount() throws IOException {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        assertEquals(0, cli("toy", "--problem", "dropout", "--method", "delta", "--cycles", "20", "--seeds", "0-2",
                "--threads", "1", "--out", one.toString()).exit());
        assertEquals(0, cli("toy", "--problem", "dropout", "--method", "delta", "--cycles", "20", "--seeds", "0-2",
                "--threads", "2", "--out", two.toString()).exit());
        assertEquals(Files.readAllLines(one.resolve("metrics.csv")), Files.readAllLines(two.resolve("metrics.csv")));
    }

    @Test
    void toyReadsCsvFilesAsGiven() throws IOException {
        RegressionData data = SyntheticRegression.generate(new SyntheticRegression.Config(30, 25, 0, 3, 0.3, 0.5, true),
                new Rng(7));
        Path train = writeCsv("train.csv", data.xTrain().data(), data.yTrain().data(), 3);
        Path valid = writeCsv("valid.csv", data.xValid().data(), data.yValid().data(), 3);
        Path out = tmp.resolve("csv-run");
        Run r = cli("toy", "--problem", "dropout", "--method", "centered", "--train", train.toString(), "--valid",
                valid.toString(), "--target", "y", "--no-standardize", "--cycles", "30", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());

        JsonObject s = summary(out.resolve("summary.json"));
        JsonObject d = s.getAsJsonObject("data");
        assertFalse(d.get("standardized").getAsBoolean());
        assertEquals(30, d.get("n_train").getAsInt());
        assertEquals(25, d.get("n_valid").getAsInt());
        assertEquals(3, d.get("features").getAsInt());
        assertTrue(d.get("source").getAsString().contains("train.csv"), d.get("source").getAsString());
        // The target is the middle column of the file: a wrong column split would change the optimum.
        double exact = ToyExperiment.exact(Problem.DROPOUT, data).optimum().value();
        assertEquals(exact, s.get("exact_optimum").getAsDouble(), 1e-9 * exact);
        assertEquals(31, Files.readAllLines(out.resolve("metrics.csv")).size() - 1);
        assertPng(out.resolve("trajectory.png"));
    }

    @Test
    void toySplitsOneCsvFileOrderedOrAtRandom() throws IOException {
        RegressionData data = SyntheticRegression.generate(new SyntheticRegression.Config(60, 40, 0, 3, 0.3, 0.5, false),
                new Rng(5));
        double[] x = new double[100 * 3];
        double[] y = new double[100];
        System.arraycopy(data.xTrain().data(), 0, x, 0, 60 * 3);
        System.arraycopy(data.xValid().data(), 0, x, 60 * 3, 40 * 3);
        System.arraycopy(data.yTrain().data(), 0, y, 0, 60);
        System.arraycopy(data.yValid().data(), 0, y, 60, 40);
        Path all = writeCsv("all.csv", x, y, 3);
        Path ordered = tmp.resolve("ordered");
        assertEquals(0, cli("toy", "--problem", "ridge", "--method", "delta", "--data", all.toString(), "--target", "y",
                "--split", "ordered", "--train-fraction", "0.6", "--valid-fraction", "0.4", "--cycles", "5",
                "--out", ordered.toString()).exit());
        double exact = ToyExperiment.exact(Problem.RIDGE, data.standardized()).optimum().value();
        JsonObject s = summary(ordered.resolve("summary.json"));
        assertEquals(exact, s.get("exact_optimum").getAsDouble(), 1e-9 * exact, "head 60 rows train, tail 40 validate");

        Path random = tmp.resolve("random");
        assertEquals(0, cli("toy", "--problem", "ridge", "--method", "delta", "--data", all.toString(), "--target", "y",
                "--data-seed", "4", "--cycles", "5", "--out", random.toString()).exit());
        JsonObject d = summary(random.resolve("summary.json")).getAsJsonObject("data");
        assertEquals(15, d.get("n_train").getAsInt(), "default fractions 0.15 / 0.25");
        assertEquals(25, d.get("n_valid").getAsInt());
        assertTrue(d.get("source").getAsString().contains("random split 0.15/0.25 (seed 4)"), d.toString());
    }

    @Test
    void toyStandardizesCsvDataWithTrainingStatistics() throws IOException {
        RegressionData raw = SyntheticRegression.generate(new SyntheticRegression.Config(30, 25, 0, 3, 0.3, 0.5, false),
                new Rng(11));
        Path train = writeCsv("train.csv", raw.xTrain().data(), raw.yTrain().data(), 3);
        Path valid = writeCsv("valid.csv", raw.xValid().data(), raw.yValid().data(), 3);
        Path out = tmp.resolve("std-run");
        Run r = cli("toy", "--problem", "ridge", "--method", "stn", "--train", train.toString(), "--valid",
                valid.toString(), "--target", "y", "--cycles", "30", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonObject s = summary(out.resolve("summary.json"));
        assertTrue(s.getAsJsonObject("data").get("standardized").getAsBoolean());
        double exact = ToyExperiment.exact(Problem.RIDGE, raw.standardized()).optimum().value();
        assertEquals(exact, s.get("exact_optimum").getAsDouble(), 1e-9 * exact);
    }

    @Test
    void demoPrintsTheThreeMethodsOverSeedsAndWritesItsFiles() throws IOException {
        Path out = tmp.resolve("demo");
        Run r = cli("demo", "--cycles", "30", "--seeds", "0-1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        for (String method : List.of("STN", "centered STN", "Delta-STN")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(method + " ") && l.contains("/2")),
                    method + " missing in\n" + r.out());
        }
        assertTrue(r.out().contains("exact c*") && r.out().contains("within bounds"), r.out());

        JsonObject s = summary(out.resolve("summary.json"));
        JsonArray methods = s.getAsJsonArray("methods");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            JsonObject m = methods.get(i).getAsJsonObject();
            names.add(m.get("method").getAsString());
            JsonArray runs = m.getAsJsonArray("runs");
            assertEquals(2, runs.size());
            for (int k = 0; k < runs.size(); k++) {
                assertFinite(runs.get(k).getAsJsonObject());
            }
        }
        assertEquals(List.of("stn", "centered", "delta"), names);
        assertEquals(3 * 2 * 31, Files.readAllLines(out.resolve("metrics.csv")).size() - 1);
        assertPng(out.resolve("trajectory.png"));
        assertPng(out.resolve("diagnostics.png"));
    }

    static Stream<Arguments> badInvocations() {
        return Stream.of(
                Arguments.of(List.of("toy", "--problem", "lasso", "--method", "delta", "--out", "OUT"), "lasso"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "fixed", "--out", "OUT"), "fixed"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta"), "--out"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--steps=-5", "--out", "OUT"),
                        "--cycles"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--cycles", "0", "--out", "OUT"),
                        "--cycles"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--seeds", "5-2", "--out", "OUT"),
                        "--seeds"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--seeds", "1,x", "--out", "OUT"),
                        "--seeds"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--seeds", "1,1", "--out", "OUT"),
                        "twice"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--threads", "0", "--out", "OUT"),
                        "--threads"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--warmup", "-1", "--out", "OUT"),
                        "--warmup"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--decay", "1", "--out", "OUT"),
                        "--decay"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--response", "dense", "--out",
                        "OUT"), "--response"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--penalty-network", "step",
                        "--out", "OUT"), "linear-net only"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--split", "ordered", "--out",
                        "OUT"), "apply to CSV data"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--data", "TRAIN", "--out",
                        "OUT"), "--target"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--data", "TRAIN", "--target", "y",
                        "--split", "sideways", "--out", "OUT"), "random or ordered"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--data", "TRAIN", "--target", "y",
                        "--train-fraction", "0.9", "--valid-fraction", "0.3", "--out", "OUT"), "cannot split"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--train", "TRAIN", "--valid",
                        "VALID", "--target", "y", "--data-seed", "3", "--out", "OUT"), "already split"),
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
                Arguments.of(List.of("demo", "--steps", "-1", "--out", "OUT"), "--cycles"),
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
        assertTrue(r.err().lines().count() <= 3 && !r.err().contains("Usage:"), "the reason, no usage:\n" + r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aDivergingRunExitsWithCode1AndTheReason() {
        Run r = cli("toy", "--problem", "ridge", "--method", "delta", "--lr", "10", "--cycles", "30", "--out",
                tmp.resolve("diverged").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.firstErrLine().contains("seed 0") && r.firstErrLine().contains("non-finite loss"), r.err());
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

    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarning() {
        // picocli formats descriptions with String.format: a bare '%' makes it print a warning to System.err
        // and show the raw text, which only this capture can see.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine root = Main.commandLine();
            assertTrue(root.getSubcommands().size() >= 8, root.getSubcommands().keySet().toString());
            for (CommandLine sub : root.getSubcommands().values()) {
                assertTrue(sub.getUsageMessage().contains("Usage:"), sub.getCommandName());
            }
        } finally {
            System.setErr(stderr);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.isEmpty(), "picocli printed:\n" + warnings);
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
        assertTrue(run.has("within_bounds"), run.toString());
    }

    private static void assertPng(Path file) throws IOException {
        assertTrue(Files.size(file) > 1000, file + " is too small to be a chart");
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(PNG_SIGNATURE, in.readNBytes(8), file + " is not a PNG");
        }
    }
}
