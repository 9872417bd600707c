package io.github.deltastn.cli;

import static io.github.deltastn.cli.ExperimentCommandsTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.deltastn.cli.ExperimentCommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cifar} on random stand-in images at reduced widths: each net runs, and a resumed run equals an uninterrupted one. */
class CifarCommandTest {
    @TempDir
    Path tmp;

    static List<String> args(Path out, String net, String... more) {
        List<String> a = new ArrayList<>(List.of("cifar", "--net", net, "--width-divisor", "16", "--synthetic", "40",
                "--batch-size", "8", "--train-steps", "2", "--warmup", "1", "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void everyNetRunsDeltaStnOnSyntheticImages() throws IOException {
        int[] counts = {18, 26, 19};
        String[] nets = {"alexnet", "vgg16", "resnet18"};
        for (int i = 0; i < nets.length; i++) {
            Path dir = tmp.resolve(nets[i]);
            Run r = cli(args(dir, nets[i], "--epochs", "2", "--method", "delta"));
            assertEquals(0, r.exit(), r.err());
            JsonObject config = ExperimentFiles.readJsonObject(dir.resolve("config.json"));
            assertEquals(counts[i], config.getAsJsonArray("hyperparameters").size(), nets[i]);
            assertEquals(nets[i] + "/16", config.getAsJsonObject("settings").get("model").getAsString());
            assertEquals(0.03, config.getAsJsonObject("settings").get("lr").getAsDouble(), "the reference's CIFAR rate");
            String header = Files.readAllLines(dir.resolve("metrics.csv")).get(0);
            assertTrue(header.contains(",degrees,shear,scale,translate,"), header);
            assertEquals("completed", ExperimentFiles.readJsonObject(dir.resolve("summary.json")).get("status").getAsString());
        }
    }

    @Test
    void resumedRunEqualsUninterrupted() throws IOException {
        for (String net : new String[] {"alexnet", "vgg16", "resnet18"}) {
            Path full = tmp.resolve(net + "-full");
            assertEquals(0, cli(args(full, net, "--epochs", "2", "--method", "delta")).exit());
            Path split = tmp.resolve(net + "-split");
            Run stopped = cli(args(split, net, "--epochs", "2", "--method", "delta", "--stop-after-checkpoints", "1"));
            assertEquals(0, stopped.exit(), stopped.err());
            Run resumed = cli(args(split, net, "--epochs", "2", "--method", "delta", "--resume"));
            assertEquals(0, resumed.exit(), resumed.err());
            assertEquals(ExperimentCommandsTest.withoutSeconds(Files.readAllLines(full.resolve("metrics.csv"))),
                    ExperimentCommandsTest.withoutSeconds(Files.readAllLines(split.resolve("metrics.csv"))), net);
        }
    }

    @Test
    void missingDataSaysWhereToPutTheFiles() {
        Run r = cli(List.of("cifar", "--epochs", "1", "--method", "fixed", "--data-dir", tmp.toString(), "--out", tmp.resolve("x").toString()));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("data_batch_1.bin") && r.err().contains(tmp.resolve("cifar10").toString()), r.err());
    }
}
