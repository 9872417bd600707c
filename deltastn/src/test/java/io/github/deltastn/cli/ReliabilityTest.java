package io.github.deltastn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.deltastn.core.Rng;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.toy.ToyExperiment.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The reliability suite: bad inputs and faults, as a new user or an adversary would produce them, run through the
 * command line in-process. Each case builds its own files, and checks the exit code, that the one-line reason names
 * the culprit, and that no run directory is left in a mixed state. Add a case to {@link #badInputs()} (a bad
 * invocation: exit 2 and a reason) or write a test for a scenario with several steps.
 */
class ReliabilityTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        String reason() {
            return err.lines().findFirst().orElse("");
        }
    }

    static Run cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = Main.execute(cl, args.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    static final List<String> TINY = List.of("--synthetic", "60", "--batch-size", "16", "--train-steps", "2",
            "--warmup", "1", "--threads", "1");

    static List<String> mnist(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("mnist"));
        a.addAll(TINY);
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    private Path csv(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static String table(RegressionData d, int[] order, String[] names) {
        StringBuilder sb = new StringBuilder(String.join(",", names)).append('\n');
        int f = d.features();
        for (int i = 0; i < d.nTrain(); i++) {
            double[] row = new double[f + 1];
            for (int j = 0; j < f; j++) {
                row[j] = d.xTrain().get(i, j);
            }
            row[f] = d.yTrain().data()[i];
            for (int k = 0; k < order.length; k++) {
                sb.append(k == 0 ? "" : ",").append(row[order[k]]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ one-step bad inputs: exit 2, a named reason

    /** (arguments with placeholders, a fragment the reason must contain). */
    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--out", ""), "empty path"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--out", "FILE/sub"),
                        "not a directory"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--epochs", "1", "--out", "OUT"), "--warmup 5 >= --epochs 1"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--resume", "--overwrite", "--out", "OUT"),
                        "exclude each other"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--checkpoint-every", "0", "--out", "OUT"),
                        "--checkpoint-every"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--limit-eval", "-2", "--out", "OUT"), "--limit-eval"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--eval-every", "0", "--out", "OUT"), "--eval-every"),
                Arguments.of(List.of("mnist", "--data-dir", "DIRDATA", "--out", "OUT"), "is a directory"),
                Arguments.of(List.of("mnist", "--data-dir", "BADIDX", "--out", "OUT"), "train-images-idx3-ubyte"),
                Arguments.of(List.of("lm", "--data-dir", "TINYBROWN", "--out", "OUT"), "split of the brown corpus is too small"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--data", "HUGE", "--target", "y",
                        "--no-standardize", "--out", "OUT"), "overflow"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--data", "LONGLINE", "--target",
                        "y", "--out", "OUT"), "characters)"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "delta", "--train", "TRAIN", "--valid",
                        "RENAMED", "--target", "y", "--out", "OUT"), "missing [x2]"),
                Arguments.of(List.of("plot", "NOTARUN"), "not a run directory"),
                Arguments.of(List.of("toy", "--problem", "ridge", "--method", "dleta", "--out", "OUT"), "dleta"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void badInputExitsTwoWithAShortReasonNamingTheCulprit(List<String> args, String fragment) throws IOException {
        RegressionData d = SyntheticRegression.generate(new SyntheticRegression.Config(30, 20, 0, 2, 0.3, 0.5, false),
                new Rng(3));
        Path file = csv("plain.txt", "not a directory\n");
        Path dirData = tmp.resolve("dirdata");
        Files.createDirectories(dirData.resolve("mnist").resolve("train-images-idx3-ubyte"));
        Path badIdx = tmp.resolve("badidx");
        Files.createDirectories(badIdx.resolve("mnist"));
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.write(badIdx.resolve("mnist").resolve(f), new byte[] {0, 0, 8, 3, 0, 0});
        }
        Path tinyBrown = tmp.resolve("tinybrown");
        Files.createDirectories(tinyBrown.resolve("brown"));
        Files.writeString(tinyBrown.resolve("brown").resolve("ca01"), "The/at dog/nn ran/vbd ./.\n");
        StringBuilder huge = new StringBuilder("x1,x2,y\n");
        Rng r = new Rng(5);
        for (int i = 0; i < 40; i++) {
            huge.append(1e300 * (1 + r.uniform())).append(',').append(r.uniform()).append(',')
                    .append(r.uniform()).append('\n');
        }
        Path hugeCsv = csv("huge.csv", huge.toString());
        Path longLine = csv("long.csv", "a,y\n" + "9".repeat(2_000_000) + "x,1\n");
        Path train = csv("train.csv", table(d, new int[] {0, 1, 2}, new String[] {"x1", "x2", "y"}));
        Path renamed = csv("renamed.csv", table(d, new int[] {0, 1, 2}, new String[] {"x1", "z", "y"}));
        List<String> a = new ArrayList<>();
        for (String s : args) {
            a.add(switch (s) {
                case "OUT" -> tmp.resolve("out").toString();
                case "FILE/sub" -> file.resolve("sub").toString();
                case "DIRDATA" -> dirData.toString();
                case "BADIDX" -> badIdx.toString();
                case "TINYBROWN" -> tinyBrown.toString();
                case "HUGE" -> hugeCsv.toString();
                case "LONGLINE" -> longLine.toString();
                case "TRAIN" -> train.toString();
                case "RENAMED" -> renamed.toString();
                case "NOTARUN" -> tmp.toString();
                default -> s;
            });
        }
        Run run = cli(a);
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.reason().contains(fragment), "expected '" + fragment + "' in: " + run.err());
        assertTrue(run.err().length() < 2000 && !run.err().contains("\tat "), "short, no stack trace: " + run.err());
        assertFalse(run.err().contains("Usage:"), run.err());
    }

    // ------------------------------------------------------------------ run-directory integrity

    @Test
    void aNewRunRefusesADirectoryHoldingAnotherRunAndOverwriteNeverMixesFiles() throws IOException {
        Path d = tmp.resolve("d");
        assertEquals(0, cli(mnist(d, "--epochs", "2")).exit());
        long oldEpoch = Checkpoint.load(d.resolve("checkpoint.bin")).getLong("epoch");
        assertEquals(2, oldEpoch);

        Run refused = cli(mnist(d, "--epochs", "2", "--lr", "1e3"));
        assertEquals(2, refused.exit());
        assertTrue(refused.reason().contains("holds the files of another run") && refused.reason().contains("--overwrite"),
                refused.err());
        assertTrue(ExperimentFiles.readJsonObject(d.resolve("config.json")).getAsJsonObject("settings").get("lr")
                .getAsDouble() == 0.01, "config.json untouched");

        // --overwrite: the old run's files go first; the new run diverges before any checkpoint of its own
        Run diverged = cli(mnist(d, "--epochs", "2", "--lr", "1e3", "--overwrite"));
        assertEquals(1, diverged.exit(), diverged.err());
        assertTrue(diverged.reason().contains("there is no checkpoint of this run"), diverged.err());
        assertFalse(Files.exists(d.resolve("checkpoint.bin")), "the old run's checkpoint must not survive");

        // --resume with the new settings: nothing to continue, so it starts over (and diverges again)
        Run resumed = cli(mnist(d, "--epochs", "2", "--lr", "1e3", "--resume"));
        assertEquals(1, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("No checkpoint"), resumed.out());
        JsonObject summary = ExperimentFiles.readJsonObject(d.resolve("summary.json"));
        assertEquals("diverged", summary.get("status").getAsString());
    }

    @Test
    void resumeChecksTheCheckpointsOwnSettingsNotConfigJson() throws IOException {
        Path d = tmp.resolve("d");
        assertEquals(0, cli(mnist(d, "--epochs", "2", "--stop-after-checkpoints", "1")).exit());
        // a later config.json that lies about the settings does not matter: the checkpoint carries its own
        Files.writeString(d.resolve("config.json"), Files.readString(d.resolve("config.json")).replace("0.01", "0.02"));
        Run other = cli(mnist(d, "--epochs", "2", "--resume", "--lr", "0.02"));
        assertEquals(2, other.exit());
        assertTrue(other.reason().contains("lr 0.01 -> 0.02"), other.err());
        Run evalLimit = cli(mnist(d, "--epochs", "2", "--resume", "--limit-eval", "5"));
        assertEquals(2, evalLimit.exit());
        assertTrue(evalLimit.reason().contains("limit_eval 0 -> 5"), evalLimit.err());
        Run same = cli(mnist(d, "--epochs", "2", "--resume", "--eval-every", "2"));
        assertEquals(0, same.exit(), same.err());
    }

    @Test
    void aSecondRunIntoALockedDirectoryIsRefused() throws IOException {
        Path d = tmp.resolve("busy");
        CommandLine cl = Main.commandLine();
        try (RunDirectory held = RunDirectory.open(d, RunDirectory.Existing.REFUSE, "--out", cl)) {
            Run second = cli(List.of("toy", "--problem", "ridge", "--method", "delta", "--cycles", "5", "--out",
                    d.toString()));
            assertEquals(2, second.exit());
            assertTrue(second.reason().contains("in use by another run"), second.err());
            assertTrue(held.runFiles().isEmpty(), "the refused run wrote nothing");
        }
        assertEquals(0, cli(List.of("toy", "--problem", "ridge", "--method", "delta", "--cycles", "5", "--out",
                d.toString())).exit(), "free again once the first run is done");
    }

    @Test
    void temporaryFilesOfACrashedWriteAreRemoved() throws IOException {
        Path d = tmp.resolve("crashed");
        Files.createDirectories(d);
        Path stale = d.resolve(".checkpoint.bin.12345.tmp");
        Files.write(stale, new byte[100]);
        assertEquals(0, cli(List.of("toy", "--problem", "ridge", "--method", "delta", "--cycles", "5", "--out",
                d.toString())).exit());
        assertFalse(Files.exists(stale));
        try (Stream<Path> s = Files.list(d)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void checkpointCadenceAndNoCheckpoint() throws IOException {
        Path every2 = tmp.resolve("every2");
        assertEquals(0, cli(mnist(every2, "--epochs", "3", "--checkpoint-every", "2", "--stop-after-checkpoints", "1"))
                .exit());
        assertEquals(2, Checkpoint.load(every2.resolve("checkpoint.bin")).getLong("epoch"), "first checkpoint at epoch 2");
        Path none = tmp.resolve("none");
        Run r = cli(mnist(none, "--epochs", "2", "--no-checkpoint"));
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(none.resolve("checkpoint.bin")));
        assertFalse(r.out().contains("checkpoint.bin"), r.out());
    }

    @Test
    void evaluationFitsTheRun() throws IOException {
        Path d = tmp.resolve("eval");
        Run r = cli(mnist(d, "--epochs", "3", "--limit-eval", "4", "--eval-every", "2"));
        assertEquals(0, r.exit(), r.err());
        JsonObject config = ExperimentFiles.readJsonObject(d.resolve("config.json"));
        assertEquals(4, config.getAsJsonObject("data").get("n_valid").getAsInt());
        assertEquals(4, config.getAsJsonObject("settings").get("limit_eval").getAsInt());
        List<String> rows = Files.readAllLines(d.resolve("metrics.csv"));
        assertTrue(rows.get(1).split(",", -1)[6].isEmpty(), "no training-set pass at epoch 0: " + rows.get(1));
        assertTrue(rows.get(2).split(",", -1)[7].isEmpty(), "epoch 1 not evaluated: " + rows.get(2));
        assertFalse(rows.get(3).split(",", -1)[7].isEmpty(), "epoch 2 evaluated: " + rows.get(3));
        assertFalse(rows.get(4).split(",", -1)[7].isEmpty(), "the last epoch is always evaluated: " + rows.get(4));
        String text = Files.readString(d.resolve("summary.json"));
        assertFalse(text.contains("NaN") || text.contains("Infinity"), "valid JSON: " + text);

        Path withTrain = tmp.resolve("evaltrain");
        assertEquals(0, cli(mnist(withTrain, "--epochs", "2", "--eval-train")).exit());
        assertFalse(Files.readAllLines(withTrain.resolve("metrics.csv")).get(1).split(",", -1)[6].isEmpty());
    }

    @Test
    void toyMatchesValidationColumnsByName() throws IOException {
        RegressionData d = SyntheticRegression.generate(new SyntheticRegression.Config(30, 30, 0, 2, 0.3, 0.5, true),
                new Rng(8));
        Path train = csv("t.csv", table(d, new int[] {0, 1, 2}, new String[] {"x1", "x2", "y"}));
        // the validation file lists the same columns in another order
        StringBuilder v = new StringBuilder("y,x2,x1\n");
        for (int i = 0; i < d.nValid(); i++) {
            v.append(d.yValid().data()[i]).append(',').append(d.xValid().get(i, 1)).append(',').append(d.xValid().get(i, 0))
                    .append('\n');
        }
        Path valid = csv("v.csv", v.toString());
        Path out = tmp.resolve("toy");
        Run r = cli(List.of("toy", "--problem", "ridge", "--method", "delta", "--train", train.toString(), "--valid",
                valid.toString(), "--target", "y", "--no-standardize", "--cycles", "3", "--out", out.toString()));
        assertEquals(0, r.exit(), r.err());
        double exact = ToyExperiment.exact(Problem.RIDGE, new RegressionData(d.xTrain(), d.yTrain(), d.xValid(),
                d.yValid())).optimum().value();
        assertEquals(exact, ExperimentFiles.readJsonObject(out.resolve("summary.json")).get("exact_optimum")
                .getAsDouble(), 1e-9 * exact);
    }

    @Test
    void aBadThreadsPropertyAndRunningOutOfMemoryGiveOneLine() {
        String saved = System.getProperty("deltastn.threads");
        try {
            System.setProperty("deltastn.threads", "many");
            Run r = cli(List.of("--help"));
            assertEquals(2, r.exit());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.reason().contains("deltastn.threads") && r.reason().contains("many"), r.err());
        } finally {
            if (saved == null) {
                System.clearProperty("deltastn.threads");
            } else {
                System.setProperty("deltastn.threads", saved);
            }
        }
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(1, Main.outOfMemory(cl, new OutOfMemoryError("Java heap space")));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("-Xmx"), err.toString());
    }

    @Test
    void plotAndSearchCountAndNumberConsistently() throws IOException {
        Path d = tmp.resolve("two");
        assertEquals(0, cli(mnist(d, "--epochs", "2")).exit());
        Run plot = cli(List.of("plot", d.toString(), "--out", tmp.resolve("figs").toString()));
        assertEquals(0, plot.exit(), plot.err());
        assertTrue(plot.out().contains(": 2 epochs,"), plot.out());
        assertTrue(Files.isRegularFile(tmp.resolve("figs").resolve("two").resolve("hyperparameters.png")));
    }

    /**
     * SIGTERM (what {@code kill} and Ctrl-C send) during a run: summary.json says interrupted. A separate JVM, since
     * the signal ends the process.
     */
    @Test
    void aTerminatedRunRecordsThatItWasInterrupted() throws Exception {
        Path d = tmp.resolve("term");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(mnist(d, "--epochs", "200"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile())
                .start();
        try {
            Path summary = d.resolve("summary.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(summary) && Files.readString(summary).contains("\"epochs\": 2"))) {
                assertTrue(p.isAlive(), Files.readString(tmp.resolve("log.txt")));
                assertTrue(System.nanoTime() < deadline, "the run did not reach epoch 2 in 60 s");
                Thread.sleep(50);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            JsonObject s = ExperimentFiles.readJsonObject(summary);
            assertEquals("interrupted", s.get("status").getAsString(), s.toString());
            assertTrue(s.get("message").getAsString().toLowerCase(Locale.ROOT).contains("--resume"), s.toString());
        } finally {
            p.destroyForcibly();
        }
    }
}
