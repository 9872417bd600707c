package io.github.deltastn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.deltastn.cli.ExperimentCommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --dtype}: float32 runs of every method close to float64, config.json records it, resume is exact. */
class DTypeCliTest {
    private static final List<String> TINY = List.of("--synthetic", "60", "--batch-size", "16", "--train-steps", "2",
            "--warmup", "1", "--threads", "1", "--epochs", "2");

    @TempDir
    Path tmp;

    private static List<String> args(String command, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(TINY);
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    /** The loss, accuracy and hyperparameter columns of metrics.csv (no timings). */
    private static List<double[]> metrics(Path dir) throws IOException {
        List<double[]> out = new ArrayList<>();
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",", -1);
            double[] v = new double[f.length - 6];
            for (int j = 6; j < f.length; j++) {
                v[j - 6] = f[j].isEmpty() ? Double.NaN : Double.parseDouble(f[j]);
            }
            out.add(v);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed", "stn", "centered", "delta"})
    void float32MnistRunIsCloseToFloat64AndRecordsItsDtype(String method) throws IOException {
        Path f32 = tmp.resolve("f32");
        Path f64 = tmp.resolve("f64");
        Run a = ExperimentCommandsTest.cli(args("mnist", f32, "--method", method, "--dtype", "float32"));
        assertEquals(0, a.exit(), a.err());
        Run b = ExperimentCommandsTest.cli(args("mnist", f64, "--method", method, "--dtype", "float64"));
        assertEquals(0, b.exit(), b.err());
        JsonObject settings = ExperimentFiles.readJsonObject(f32.resolve("config.json")).getAsJsonObject("settings");
        assertEquals("float32", settings.get("dtype").getAsString());
        assertEquals("float64", ExperimentFiles.readJsonObject(f64.resolve("config.json")).getAsJsonObject("settings")
                .get("dtype").getAsString());
        List<double[]> x = metrics(f32);
        List<double[]> y = metrics(f64);
        assertEquals(y.size(), x.size());
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < x.get(i).length; j++) {
                double u = x.get(i)[j];
                double v = y.get(i)[j];
                assertTrue(Double.isNaN(u) && Double.isNaN(v) || Math.abs(u - v) <= 1e-3 * Math.max(1, Math.abs(v)),
                        method + ": epoch " + i + " column " + (j + 6) + ": float32 " + u + " vs float64 " + v);
            }
        }
    }

    @Test
    void float32ResumeEqualsTheUninterruptedRunAndAnotherDtypeIsRefused() throws IOException {
        Path full = tmp.resolve("full");
        assertEquals(0, ExperimentCommandsTest.cli(args("mnist", full, "--method", "delta", "--dtype", "float32")).exit());
        Path split = tmp.resolve("split");
        Run stopped = ExperimentCommandsTest.cli(args("mnist", split, "--method", "delta", "--dtype", "float32",
                "--stop-after-checkpoints", "1"));
        assertEquals(0, stopped.exit(), stopped.err());
        Run other = ExperimentCommandsTest.cli(args("mnist", split, "--method", "delta", "--dtype", "float64", "--resume"));
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("dtype \"float32\" -> \"float64\""), other.err());
        Run resumed = ExperimentCommandsTest.cli(args("mnist", split, "--method", "delta", "--dtype", "float32", "--resume"));
        assertEquals(0, resumed.exit(), resumed.err());
        List<double[]> a = metrics(full);
        List<double[]> b = metrics(split);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(Arrays.toString(a.get(i)), Arrays.toString(b.get(i)), "epoch " + i);
        }
        assertEquals(Files.readAllLines(full.resolve("cycles.csv")), Files.readAllLines(split.resolve("cycles.csv")));
    }

    @Test
    void toyIsFloat64Only() {
        Run toy = ExperimentCommandsTest.cli(List.of("toy", "--problem", "ridge", "--method", "delta", "--dtype",
                "float32", "--out", tmp.resolve("toy").toString()));
        assertEquals(2, toy.exit());
        assertTrue(toy.err().contains("float64 only") && toy.err().contains("exact"), toy.err());
        Run search = ExperimentCommandsTest.cli(List.of("search", "--experiment", "toy", "--dtype", "float32", "--out",
                tmp.resolve("s").toString()));
        assertEquals(2, search.exit());
        assertTrue(search.err().contains("float64 only"), search.err());
        Run bad = ExperimentCommandsTest.cli(args("mnist", tmp.resolve("x"), "--dtype", "float16"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("expected float32 or float64"), bad.err());
    }

    @Test
    void float64IsTheDefaultAndLmAndSearchTakeFloat32() throws IOException {
        Path d = tmp.resolve("default");
        assertEquals(0, ExperimentCommandsTest.cli(args("mnist", d)).exit());
        assertEquals("float64", ExperimentFiles.readJsonObject(d.resolve("config.json")).getAsJsonObject("settings")
                .get("dtype").getAsString());
        Path lm = tmp.resolve("lm");
        Run r = ExperimentCommandsTest.cli(List.of("lm", "--synthetic", "600", "--vocab", "30", "--dim", "8", "--bptt", "6",
                "--batch-size", "16", "--epochs", "2", "--threads", "1", "--dtype", "float32", "--out", lm.toString()));
        assertEquals(0, r.exit(), r.err());
        assertEquals("float32", ExperimentFiles.readJsonObject(lm.resolve("config.json")).getAsJsonObject("settings")
                .get("dtype").getAsString());
        Path s = tmp.resolve("search");
        Run search = ExperimentCommandsTest.cli(List.of("search", "--experiment", "mnist", "--synthetic", "60",
                "--batch-size", "16", "--epochs", "1", "--trials", "1", "--threads", "1", "--dtype", "float32", "--out",
                s.toString()));
        assertEquals(0, search.exit(), search.err());
        assertEquals("float32", ExperimentFiles.readJsonObject(s.resolve("config.json")).get("dtype").getAsString());
    }
}
