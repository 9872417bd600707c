package io.github.deltastn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.deltastn.core.Rng;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code mnist}, {@code fmnist}, {@code plot} and {@code compare} in-process on tiny synthetic stand-in data
 * (60 images, batches of 16: 4 steps per epoch; T_train = 2 so that hyper steps happen in every epoch).
 */
class ExperimentCommandsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final List<String> TINY = List.of("--synthetic", "60", "--batch-size", "16", "--train-steps", "2",
            "--warmup", "1", "--threads", "1");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    static List<String> args(String command, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(TINY);
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void mnistRunFilesResumeEqualsUninterruptedAndPlotCompare() throws IOException {
        Path full = tmp.resolve("full");
        Run a = cli(args("mnist", full, "--epochs", "2", "--method", "delta"));
        assertEquals(0, a.exit(), a.err());

        // Files and their columns / keys.
        List<String> rows = Files.readAllLines(full.resolve("metrics.csv"));
        assertEquals("epoch,steps,seconds,train_seconds,hyper_seconds,eval_seconds,train_loss,valid_loss,valid_acc,"
                + "test_loss,test_acc,dropout0,dropout1,dropout2,dropout0_sigma,dropout1_sigma,dropout2_sigma", rows.get(0));
        assertEquals(3, rows.size() - 1, "epochs 0, 1 and 2");
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",", -1);
            assertEquals(17, f.length, rows.get(i));
            assertEquals(i - 1, Integer.parseInt(f[0]));
            for (int j = 0; j < f.length; j++) {
                // no pass over the training set at epoch 0 unless --eval-train
                assertTrue(i == 1 && j == 6 ? f[j].isEmpty() : Double.isFinite(Double.parseDouble(f[j])), rows.get(i));
            }
            double seconds = Double.parseDouble(f[2]);
            double parts = Double.parseDouble(f[3]) + Double.parseDouble(f[4]) + Double.parseDouble(f[5]);
            assertTrue(parts <= seconds * 1.0001 && (i < 3 || Double.parseDouble(f[4]) > 0), rows.get(i));
        }
        String[] last = rows.get(3).split(",");
        assertFalse(last[11].equals("0.05") && last[12].equals("0.05") && last[13].equals("0.05"),
                "hyper steps moved the dropout rates: " + rows.get(3));
        List<String> cycles = Files.readAllLines(full.resolve("cycles.csv"));
        assertEquals("cycle,steps,epoch,dropout0,dropout1,dropout2,dropout0_sigma,dropout1_sigma,dropout2_sigma",
                cycles.get(0));
        assertTrue(cycles.size() >= 2, "one row per cycle after warm-up: " + cycles.size());
        assertEquals(last[11], cycles.get(cycles.size() - 1).split(",")[3], "the last cycle's dropout0 is the final one");

        JsonObject config = ExperimentFiles.readJsonObject(full.resolve("config.json"));
        for (String k : List.of("settings", "threads", "data", "hyperparameters", "git_revision", "java_version")) {
            assertTrue(config.has(k), k + " in " + config);
        }
        JsonObject settings = config.getAsJsonObject("settings");
        assertEquals("delta", settings.get("method").getAsString());
        assertEquals(2, settings.get("train_steps").getAsInt());
        assertEquals(16, settings.get("batch_size").getAsInt());
        assertTrue(settings.get("tune_scales").getAsBoolean());
        assertEquals("synthetic", config.getAsJsonObject("data").get("sha256").getAsString());
        assertEquals(3, config.getAsJsonArray("hyperparameters").size());

        JsonObject summary = ExperimentFiles.readJsonObject(full.resolve("summary.json"));
        assertEquals("completed", summary.get("status").getAsString());
        assertEquals(2, summary.get("epochs").getAsInt());
        for (String k : List.of("final", "best")) {
            for (String m : List.of("epoch", "valid_loss", "valid_acc", "test_loss", "test_acc")) {
                assertTrue(summary.getAsJsonObject(k).has(m), k + "." + m);
            }
        }
        assertEquals(Double.parseDouble(last[11]),
                summary.getAsJsonObject("final_hyperparameters").get("dropout0").getAsDouble());
        JsonObject perEpoch = summary.getAsJsonObject("seconds_per_epoch");
        for (String k : List.of("total", "training", "hyper_steps", "evaluation")) {
            assertTrue(perEpoch.get(k).getAsDouble() >= 0, k + " in " + perEpoch);
        }
        assertTrue(summary.get("seconds").getAsDouble() > 0);
        for (String png : List.of("hyperparameters.png", "losses.png")) {
            assertPng(full.resolve(png));
        }
        assertTrue(Files.isRegularFile(full.resolve("checkpoint.bin")));
        assertTrue(a.out().contains("epoch   2/2"), a.out());

        // Interrupted after the first checkpoint, then resumed: the same rows except the seconds column.
        Path split = tmp.resolve("split");
        Run stopped = cli(args("mnist", split, "--epochs", "2", "--method", "delta", "--stop-after-checkpoints", "1"));
        assertEquals(0, stopped.exit(), stopped.err());
        assertEquals("stopped", ExperimentFiles.readJsonObject(split.resolve("summary.json")).get("status").getAsString());
        assertEquals(2, Files.readAllLines(split.resolve("metrics.csv")).size() - 1, "epochs 0 and 1");
        Run resumed = cli(args("mnist", split, "--epochs", "2", "--method", "delta", "--resume"));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("resuming at epoch 1"), resumed.out());
        assertEquals(withoutSeconds(rows), withoutSeconds(Files.readAllLines(split.resolve("metrics.csv"))));

        // A finished run's checkpoint is its final state: resuming it adds nothing.
        assertEquals(2, Checkpoint.load(split.resolve("checkpoint.bin")).getLong("epoch"));
        Run again = cli(args("mnist", split, "--epochs", "2", "--method", "delta", "--resume"));
        assertEquals(0, again.exit(), again.err());
        assertEquals(withoutSeconds(rows), withoutSeconds(Files.readAllLines(split.resolve("metrics.csv"))));

        // --resume with other settings is refused before anything is overwritten.
        Run other = cli(args("mnist", split, "--epochs", "2", "--method", "delta", "--resume", "--lr", "0.02"));
        assertEquals(2, other.exit());
        assertTrue(other.err().lines().findFirst().orElse("").contains("other settings"), other.err());
        assertTrue(other.err().contains("lr 0.01 -> 0.02"), other.err());

        // --resume --epochs extends a finished run: the same as a run of 3 epochs from the start.
        Run extended = cli(args("mnist", split, "--epochs", "3", "--method", "delta", "--resume"));
        assertEquals(0, extended.exit(), extended.err());
        Path three = tmp.resolve("three");
        assertEquals(0, cli(args("mnist", three, "--epochs", "3", "--method", "delta")).exit());
        assertEquals(withoutSeconds(Files.readAllLines(three.resolve("metrics.csv"))),
                withoutSeconds(Files.readAllLines(split.resolve("metrics.csv"))));
        assertEquals(Files.readAllLines(three.resolve("cycles.csv")), Files.readAllLines(split.resolve("cycles.csv")));
        Run shorter = cli(args("mnist", split, "--epochs", "2", "--method", "delta", "--resume"));
        assertEquals(2, shorter.exit());
        assertTrue(shorter.err().contains("cannot shorten"), shorter.err());

        // plot redraws the PNGs; compare draws one figure and prints a table.
        Files.delete(full.resolve("losses.png"));
        Files.delete(full.resolve("hyperparameters.png"));
        Run plot = cli(List.of("plot", full.toString(), split.toString()));
        assertEquals(0, plot.exit(), plot.err());
        assertPng(full.resolve("losses.png"));
        assertPng(full.resolve("hyperparameters.png"));
        Path figures = tmp.resolve("figures");
        Run compare = cli(List.of("compare", full.toString(), split.toString(), "--out", figures.toString()));
        assertEquals(0, compare.exit(), compare.err());
        assertPng(figures.resolve("compare.png"));
        Run beside = cli(List.of("compare", full.toString(), split.toString()));
        assertEquals(0, beside.exit(), beside.err());
        assertPng(tmp.resolve("compare.png"));
        List<String> table = compare.out().lines().toList();
        assertTrue(table.get(0).startsWith("run") && table.get(0).contains("best valid"), compare.out());
        assertTrue(table.get(2).contains("delta") && table.get(3).contains("delta"), compare.out());

        Run twice = cli(List.of("compare", full.toString(), full.toString()));
        assertEquals(2, twice.exit());
        assertTrue(twice.err().contains("is given twice"), twice.err());
        // runs in folders of the same name: told apart by their paths, not a crash
        Path sameFolder = Files.createDirectories(tmp.resolve("other")).resolve(full.getFileName());
        Files.createDirectories(sameFolder);
        for (String f : List.of("metrics.csv", "summary.json", "config.json")) {
            Files.copy(full.resolve(f), sameFolder.resolve(f));
        }
        Run sameName = cli(List.of("compare", full.toString(), sameFolder.toString(), "--out", figures.toString()));
        assertEquals(0, sameName.exit(), sameName.err());

        Run notARun = cli(List.of("plot", tmp.resolve("figures").toString()));
        assertEquals(2, notARun.exit());
        assertTrue(notARun.err().lines().findFirst().orElse("").contains("not a run directory"), notARun.err());
    }

    @Test
    void divergingRunExitsOneAndKeepsTheLastCheckpoint() throws IOException {
        Path dir = tmp.resolve("diverged");
        Run r = cli(args("mnist", dir, "--epochs", "3", "--lr", "100"));
        assertEquals(1, r.exit(), r.out() + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.contains("non-finite loss") && first.contains("dropout0=") && first.contains("training steps"),
                r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
        Checkpoint c = Checkpoint.load(dir.resolve("checkpoint.bin"));
        assertEquals(1, c.getLong("epoch"));
        assertEquals("diverged", ExperimentFiles.readJsonObject(dir.resolve("summary.json")).get("status").getAsString());
    }

    @Test
    void fmnistRunHasSixHyperparameterColumns() throws IOException {
        Path dir = tmp.resolve("fmnist");
        Run r = cli(args("fmnist", dir, "--epochs", "2", "--method", "stn", "--no-tune-scales"));
        assertEquals(0, r.exit(), r.err());
        String header = Files.readAllLines(dir.resolve("metrics.csv")).get(0);
        assertTrue(header.endsWith("dropout0,dropout1,dropout2,dropout_fc,cutout_length,cutout_holes,dropout0_sigma,"
                + "dropout1_sigma,dropout2_sigma,dropout_fc_sigma,cutout_length_sigma,cutout_holes_sigma"), header);
        JsonObject settings = ExperimentFiles.readJsonObject(dir.resolve("config.json")).getAsJsonObject("settings");
        assertEquals("reference", settings.get("model").getAsString());
        assertFalse(settings.get("tune_scales").getAsBoolean());
        assertEquals("stn", settings.get("method").getAsString());
        assertPng(dir.resolve("hyperparameters.png"));
    }

    @Test
    void mnistReferenceWidthsAndInitialValues() throws IOException {
        Path dir = tmp.resolve("mnist-reference");
        Run r = cli(args("mnist", dir, "--epochs", "1", "--method", "fixed", "--widths", "reference", "--init",
                "dropout0=0.2,dropout2=0.5"));
        assertEquals(0, r.exit(), r.err());
        JsonObject config = ExperimentFiles.readJsonObject(dir.resolve("config.json"));
        assertEquals("reference", config.getAsJsonObject("settings").get("model").getAsString());
        var hp = config.getAsJsonArray("hyperparameters");
        double[] expected = {0.2, 0.05, 0.5};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], hp.get(i).getAsJsonObject().get("initial").getAsDouble(), 0.0, "initial " + i);
        }
        JsonObject fin = ExperimentFiles.readJsonObject(dir.resolve("summary.json")).getAsJsonObject("final_hyperparameters");
        assertEquals(0.2, fin.get("dropout0").getAsDouble(), 1e-12, "a fixed run trains at its initial values");
        assertEquals(0.5, fin.get("dropout2").getAsDouble(), 1e-12);

        // the reference network ends in the 1,200 units of its third layer
        assertArrayEquals(new int[] {784, 1200, 1200, 1200}, io.github.deltastn.models.MlpModel.reference().widths());
        Path ours = tmp.resolve("mnist-paper");
        assertEquals(0, cli(args("mnist", ours, "--epochs", "1", "--method", "fixed")).exit());
        assertEquals("paper", ExperimentFiles.readJsonObject(ours.resolve("config.json")).getAsJsonObject("settings")
                .get("model").getAsString());

        Run bad = cli(args("mnist", tmp.resolve("bad"), "--epochs", "1", "--method", "fixed", "--init", "dropout9=0.2"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--init") && bad.err().contains("dropout9") && bad.err().contains("dropout0"),
                bad.err());
        Run outside = cli(args("mnist", tmp.resolve("bad2"), "--epochs", "1", "--method", "fixed", "--init", "dropout0=0.99"));
        assertEquals(2, outside.exit());
        assertTrue(outside.err().contains("dropout0") && outside.err().contains("0.99"), outside.err());
    }

    /** --sigma sets every σ0; with --no-tune-scales σ stays there; it is recorded, and a bad value is refused. */
    @Test
    void sigmaSetsTheInitialPerturbationScales() throws IOException {
        Path fixedScales = tmp.resolve("sigma-fixed");
        Run r = cli(args("mnist", fixedScales, "--epochs", "2", "--method", "delta", "--no-tune-scales", "--sigma", "2.5"));
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(fixedScales.resolve("metrics.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            for (int j = 14; j < 17; j++) {
                assertEquals(2.5, Double.parseDouble(f[j]), 1e-12, row);
            }
        }
        assertEquals(2.5, ExperimentFiles.readJsonObject(fixedScales.resolve("config.json")).getAsJsonObject("settings")
                .get("sigma").getAsDouble(), 0.0);
        Path tuned = tmp.resolve("sigma-tuned");
        assertEquals(0, cli(args("mnist", tuned, "--epochs", "2", "--method", "delta", "--sigma", "2.5")).exit());
        List<String> tunedRows = Files.readAllLines(tuned.resolve("metrics.csv"));
        assertEquals(2.5, Double.parseDouble(tunedRows.get(1).split(",")[14]), 1e-12, "epoch 0 starts at sigma0");
        assertNotEquals(2.5, Double.parseDouble(tunedRows.get(3).split(",")[14]), "the scale steps moved it");
        Run bad = cli(args("mnist", tmp.resolve("sigma-bad"), "--epochs", "2", "--sigma", "0"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--sigma") && bad.err().contains("0.0"), bad.err());
    }

    @Test
    void lmRunOnSyntheticTokensHasSevenHyperparameters() throws IOException {
        Path dir = tmp.resolve("lm");
        Run r = cli(List.of("lm", "--synthetic", "600", "--vocab", "30", "--dim", "8", "--bptt", "6", "--batch-size",
                "16", "--epochs", "2", "--threads", "1", "--tune-scales", "--out", dir.toString()));
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(3, rows.size() - 1);
        assertTrue(rows.get(0).endsWith(",beta_sigma"), rows.get(0));
        assertEquals(11 + 2 * 7, rows.get(0).split(",").length);
        JsonObject config = ExperimentFiles.readJsonObject(dir.resolve("config.json"));
        JsonObject settings = config.getAsJsonObject("settings");
        assertEquals("lm", settings.get("experiment").getAsString());
        assertTrue(settings.get("tune_scales").getAsBoolean(), "--tune-scales turns on what lm has off by default");
        assertEquals(0.5, settings.get("lr").getAsDouble(), "lm's reference learning rate");
        assertEquals(1, settings.get("warmup").getAsInt());
        assertTrue(settings.get("model").getAsString().contains("vocab=30"), settings.toString());
        JsonObject fin = ExperimentFiles.readJsonObject(dir.resolve("summary.json")).getAsJsonObject("final");
        assertEquals(Math.exp(fin.get("valid_loss").getAsDouble()), fin.get("valid_perplexity").getAsDouble(), 1e-9);
        assertTrue(fin.get("valid_acc").isJsonNull(), "no NaN in summary.json: " + fin);
        assertTrue(r.out().contains("perplexity") && r.out().contains("segments"), r.out());
    }

    @Test
    void lmReadsPtbFilesFromTheDataDirectory() throws IOException {
        Path data = tmp.resolve("data");
        Path ptb = Files.createDirectories(data.resolve("ptb"));
        Rng r = new Rng(4);
        String[] words = {"the", "a", "market", "<unk>", "N", "stock", "rose", "fell"};
        for (String split : List.of("train", "valid", "test")) {
            StringBuilder sb = new StringBuilder();
            for (int line = 0; line < (split.equals("train") ? 60 : 20); line++) {
                for (int k = 0; k < 6; k++) {
                    sb.append(' ').append(words[r.nextInt(words.length)]);
                }
                sb.append('\n');
            }
            Files.writeString(ptb.resolve("ptb." + split + ".txt"), sb.toString());
        }
        Path dir = tmp.resolve("lm-ptb");
        Run run = cli(List.of("lm", "--corpus", "ptb", "--data-dir", data.toString(), "--dim", "8", "--bptt", "6",
                "--batch-size", "4", "--epochs", "2", "--warmup", "1", "--threads", "1", "--out", dir.toString()));
        assertEquals(0, run.exit(), run.err());
        JsonObject config = ExperimentFiles.readJsonObject(dir.resolve("config.json"));
        assertEquals("ptb", config.getAsJsonObject("data").get("name").getAsString(), config.toString());

        Files.delete(ptb.resolve("ptb.valid.txt"));
        Run missing = cli(List.of("lm", "--corpus", "ptb", "--data-dir", data.toString(), "--out", tmp.resolve("x").toString()));
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("ptb.valid.txt"), missing.err());
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--method", "sgd"), "unknown method 'sgd'"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--epochs", "0"), "--epochs must be >= 1"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--lr", "-1"), "--lr must be a positive"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--tau", "NaN"), "--tau must be"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--threads", "0"), "--threads must be"),
                Arguments.of(List.of("mnist", "--synthetic", "5", "--out", "X"), "--synthetic must be >= 10"),
                Arguments.of(List.of("mnist", "--synthetic", "60"), "Missing required option: '--out=DIR'"),
                Arguments.of(List.of("fmnist", "--synthetic", "60", "--out", "X", "--widths", "huge"), "unknown widths"),
                Arguments.of(List.of("mnist", "--data-dir", "NODATA", "--out", "X"), "fetch-data.sh mnist"),
                Arguments.of(List.of("compare", "NODIR"), "not a run directory"),
                Arguments.of(List.of("search", "--experiment", "mnist", "--synthetic", "60", "--strategy", "grid", "--out", "X"),
                        "unknown search strategy 'grid'"),
                Arguments.of(List.of("search", "--experiment", "cifar", "--out", "X"), "unknown experiment 'cifar'"),
                Arguments.of(List.of("search", "--experiment", "mnist", "--synthetic", "60", "--length-scale-prior", "gamma",
                        "--out", "X"), "--length-scale-prior applies to --strategy bo only"),
                Arguments.of(List.of("search", "--experiment", "mnist", "--synthetic", "60", "--strategy", "bo",
                        "--length-scale-prior", "cauchy", "--out", "X"), "--length-scale-prior: unknown length-scale prior 'cauchy'"),
                Arguments.of(List.of("search", "--experiment", "toy", "--problem", "lasso", "--out", "X"),
                        "unknown toy problem 'lasso'"),
                Arguments.of(List.of("search", "--experiment", "toy", "--synthetic", "60", "--out", "X"),
                        "toy uses the built-in"),
                Arguments.of(List.of("search", "mnist", "--out", "X"), "--experiment"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--tune-scales", "--no-tune-scales"),
                        "exclude each other"),
                Arguments.of(List.of("lm", "--synthetic", "600", "--out", "X", "--size", "huge"), "unknown --size"),
                Arguments.of(List.of("lm", "--synthetic", "600", "--out", "X", "--method", "ift"),
                        "which lm does not define"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--method", "unroll", "--dtype", "float32"),
                        "float64 only"),
                Arguments.of(List.of("mnist", "--synthetic", "60", "--out", "X", "--hyper-terms", "5"),
                        "--hyper-terms applies to --method ift and unroll only"),
                Arguments.of(List.of("fmnist", "--synthetic", "60", "--out", "X", "--method", "ift", "--hyper-terms", "0"),
                        "--hyper-terms must be >= 1"));
    }

    @ParameterizedTest
    @MethodSource("badFlags")
    void badFlagsExitTwoWithAOneLineReason(List<String> args, String reason) {
        List<String> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.equals("X") ? tmp.resolve("out").toString() : s.equals("NODATA") || s.equals("NODIR")
                    ? tmp.resolve("nothing-here").toString() : s);
        }
        Run r = cli(a);
        assertEquals(2, r.exit(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.contains(reason), "expected '" + reason + "' in the first line: " + r.err());
    }

    /** The rows without the four time columns (seconds, train_seconds, hyper_seconds, eval_seconds). */
    static List<String> withoutSeconds(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            List<String> f = new ArrayList<>(Arrays.asList(l.split(",", -1)));
            f.subList(2, 6).clear();
            out.add(String.join(",", f));
        }
        return out;
    }

    static void assertPng(Path p) throws IOException {
        assertTrue(Files.size(p) > 1000, p + " is too small");
        try (InputStream in = Files.newInputStream(p)) {
            assertArrayEquals(PNG_SIGNATURE, in.readNBytes(PNG_SIGNATURE.length), p.toString());
        }
    }
}
