package io.github.deltastn.cli;

import static io.github.deltastn.cli.ExperimentCommandsTest.args;
import static io.github.deltastn.cli.ExperimentCommandsTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.deltastn.cli.ExperimentCommandsTest.Run;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --method ift|unroll} with {@code --hyper-terms} and {@code --hyper-damping} on mnist, fmnist and toy. */
class GradientMethodsCliTest {
    @TempDir
    Path tmp;

    static JsonObject settings(Path dir) throws IOException {
        return ExperimentFiles.readJsonObject(dir.resolve("config.json")).getAsJsonObject("settings");
    }

    @Test
    void mnistRecordsKAndTheDampingAndTunesTheDropouts() throws IOException {
        Path dir = tmp.resolve("ift");
        Run r = cli(args("mnist", dir, "--epochs", "2", "--method", "ift",
                "--hyper-terms", "3", "--hyper-damping", "0.01"));
        assertEquals(0, r.exit(), r.err());
        JsonObject s = settings(dir);
        assertEquals(3, s.get("hyper_terms").getAsInt());
        assertEquals(0.01, s.get("hyper_damping").getAsDouble(), 0.0);
        JsonObject fin = ExperimentFiles.readJsonObject(dir.resolve("summary.json")).getAsJsonObject("final_hyperparameters");
        assertNotEquals(0.05, fin.get("dropout0").getAsDouble(), "the hyper steps moved dropout0");

        Path delta = tmp.resolve("delta");
        Run d = cli(args("mnist", delta, "--epochs", "2"));
        assertEquals(0, d.exit(), d.err());
        assertTrue(settings(delta).get("hyper_terms").isJsonNull(), "K is recorded for the gradient-based methods only");
    }

    @Test
    void aRunFromBeforeTheGradientSettingsWereRecordedResumes() throws IOException {
        Path dir = tmp.resolve("old");
        Run first = cli(args("mnist", dir, "--epochs", "2"));
        assertEquals(0, first.exit(), first.err());
        // what an older version wrote: the run settings without hyper_terms and hyper_damping
        Path file = dir.resolve("checkpoint.bin");
        Checkpoint c = Checkpoint.load(file);
        JsonObject settings = JsonParser.parseString(c.strings().get(ExperimentRun.RUN_SETTINGS)).getAsJsonObject();
        settings.remove("hyper_terms");
        settings.remove("hyper_damping");
        c.withString(ExperimentRun.RUN_SETTINGS, settings.toString()).save(file);
        Run resumed = cli(args("mnist", dir, "--epochs", "3", "--resume"));
        assertEquals(0, resumed.exit(), resumed.err());
        Run other = cli(args("mnist", tmp.resolve("old"), "--epochs", "4", "--resume", "--method", "ift"));
        assertEquals(2, other.exit(), "another method is still refused");
    }

    @Test
    void fmnistUnrollLeavesCutoutWhereItStarts() throws IOException {
        Path dir = tmp.resolve("unroll");
        Run r = cli(args("fmnist", dir, "--epochs", "2", "--method", "unroll",
                "--hyper-terms", "2"));
        assertEquals(0, r.exit(), r.err());
        JsonObject fin = ExperimentFiles.readJsonObject(dir.resolve("summary.json")).getAsJsonObject("final_hyperparameters");
        assertEquals(4.0, fin.get("cutout_length").getAsDouble(), 0.0, "cutout has no hypergradient");
        assertEquals(1.0, fin.get("cutout_holes").getAsDouble(), 0.0);
        assertNotEquals(0.05, fin.get("dropout_fc").getAsDouble(), "the dropouts do");
    }

    @Test
    void toyRecordsKAndTheDamping() throws IOException {
        Path dir = tmp.resolve("toy");
        Run r = cli(List.of("toy", "--problem", "ridge", "--method", "ift", "--cycles", "20", "--seeds", "0",
                "--hyper-terms", "4", "--hyper-damping", "0.1", "--out", dir.toString()));
        assertEquals(0, r.exit(), r.err());
        JsonObject s = ExperimentFiles.readJsonObject(dir.resolve("summary.json")).getAsJsonObject("settings");
        assertEquals(4, s.get("hyper_terms").getAsInt());
        assertEquals(0.1, s.get("hyper_damping").getAsDouble(), 0.0);
        Run bad = cli(List.of("toy", "--problem", "ridge", "--method", "delta", "--hyper-damping", "0.1", "--out",
                tmp.resolve("bad").toString()));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--hyper-damping applies to --method ift and unroll only"), bad.err());
    }
}
