package io.github.deltastn.cli;

import static io.github.deltastn.cli.ExperimentCommandsTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.cli.ExperimentCommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code search --engine/--master/--batch} with the local engine (the Spark engine is tested in deltastn-spark). */
class SearchEngineCliTest {
    @TempDir
    Path tmp;

    /** Tiny trials: one epoch on 60 stand-in images. */
    static final List<String> TINY = List.of("search", "--experiment", "mnist", "--synthetic", "60", "--batch-size", "16",
            "--epochs", "1", "--threads", "1", "--seed", "3");

    /** trials.csv without the two timing columns (the only ones that differ between equal searches). */
    static List<String> trialsWithoutTimes(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("trials.csv"))) {
            String[] f = line.split(",", -1);
            f[1] = "";
            f[2] = "";
            rows.add(String.join(",", f));
        }
        return rows;
    }

    static Run search(Path dir, String... more) {
        List<String> a = new ArrayList<>(TINY);
        a.addAll(List.of(more));
        a.addAll(List.of("--out", dir.toString()));
        return cli(a);
    }

    @Test
    void randomSearchWritesTheSameTrialsInBatches() throws IOException {
        Run one = search(tmp.resolve("one"), "--strategy", "random", "--trials", "5");
        Run three = search(tmp.resolve("three"), "--strategy", "random", "--trials", "5", "--batch", "3");
        assertEquals(0, one.exit(), one.err());
        assertEquals(0, three.exit(), three.err());
        assertTrue(three.out().contains("engine local (1 parallel), batches of 3"), three.out());
        assertEquals(trialsWithoutTimes(tmp.resolve("one")), trialsWithoutTimes(tmp.resolve("three")));
        var config = ExperimentFiles.readJsonObject(tmp.resolve("three").resolve("config.json"));
        assertEquals(3, config.get("batch").getAsInt());
        assertEquals("local", config.get("engine").getAsString());
    }

    @Test
    void trialsShippedToAnEngineAreTheLocalTrials() throws IOException {
        Run local = search(tmp.resolve("local"), "--strategy", "bo", "--trials", "5", "--batch", "2");
        Run shipped = search(tmp.resolve("shipped"), "--strategy", "bo", "--trials", "5", "--engine", "copying");
        assertEquals(0, local.exit(), local.err());
        assertEquals(0, shipped.exit(), shipped.err());
        assertTrue(shipped.out().contains("engine copying (2 parallel), batches of 2"), shipped.out());
        assertEquals(trialsWithoutTimes(tmp.resolve("local")), trialsWithoutTimes(tmp.resolve("shipped")));
    }

    @Test
    void aBatchedBoSearchResumesOnlyWithItsBatchSize() throws IOException {
        Path full = tmp.resolve("full");
        assertEquals(0, search(full, "--strategy", "bo", "--trials", "6", "--batch", "2").exit());
        Path split = tmp.resolve("split");
        assertEquals(0, search(split, "--strategy", "bo", "--trials", "4", "--batch", "2").exit());
        Run other = search(split, "--strategy", "bo", "--trials", "6", "--batch", "3", "--resume");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("holds another search"), other.err());
        Run resumed = search(split, "--strategy", "bo", "--trials", "6", "--batch", "2", "--resume");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(trialsWithoutTimes(full), trialsWithoutTimes(split));
    }

    @Test
    void aWorkerWithoutTheDataSetSaysWhichHostAndWhichFile() {
        SearchObjective trial = new SearchObjective("mnist", null, 1, 16, 0.1, 0, 1, 0, 0, null, true,
                tmp.resolve("no-data").toString(), io.github.deltastn.core.DType.FLOAT64);
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> trial.evaluate(0, new double[] {0.1, 0.1, 0.1}));
        assertTrue(e.getMessage().startsWith("on host ") && e.getMessage().contains("fetch-data.sh mnist")
                && e.getMessage().contains(tmp.resolve("no-data").toString()), e.getMessage());
    }

    @Test
    void badEngineFlagsAreRejectedWithTheReason() {
        Run spark = search(tmp.resolve("a"), "--trials", "2", "--engine", "spark");
        assertEquals(2, spark.exit());
        assertTrue(spark.err().contains("deltastn-spark") && spark.err().contains("Running on a cluster"), spark.err());
        Run master = search(tmp.resolve("b"), "--trials", "2", "--master", "local[2]");
        assertEquals(2, master.exit());
        assertTrue(master.err().contains("takes no master"), master.err());
        Run batch = search(tmp.resolve("c"), "--trials", "2", "--batch", "0");
        assertEquals(2, batch.exit());
        assertTrue(batch.err().contains("--batch must be >= 1"), batch.err());
        Run unknown = search(tmp.resolve("d"), "--trials", "2", "--engine", "ray");
        assertTrue(unknown.err().contains("unknown engine 'ray'; available here: local"), unknown.err());
    }
}
