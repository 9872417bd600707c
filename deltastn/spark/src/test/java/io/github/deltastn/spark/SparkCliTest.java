package io.github.deltastn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.cli.Main;
import io.github.deltastn.engine.RemoteFolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on {@code local[2]}: a search with batches of one is the sequential local search; a study whose folder is a
 * Hadoop URI ({@code file://} here) is the same study in a path.
 */
@Timeout(300)
class SparkCliTest {
    private static JavaSparkContext jsc;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        jsc = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    record Cli(int exit, String out, String err) {}

    /** The CLI in this JVM; its {@code Engine.open("spark", ...)} finds the test's context and leaves it running. */
    static Cli cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(new String[0]));
        return new Cli(exit, out.toString(), err.toString());
    }

    @Test
    void aSearchOnSparkInBatchesOfOneIsTheSequentialLocalSearch() throws IOException {
        List<String> search = List.of("search", "--experiment", "mnist", "--synthetic", "60", "--batch-size", "16",
                "--epochs", "1", "--threads", "1", "--seed", "5", "--strategy", "bo", "--trials", "5");
        List<String> local = new ArrayList<>(search);
        local.addAll(List.of("--out", tmp.resolve("local").toString()));
        List<String> spark = new ArrayList<>(search);
        spark.addAll(List.of("--engine", "spark", "--batch", "1", "--out", tmp.resolve("spark").toString()));
        assertEquals(0, cli(local).exit());
        Cli r = cli(spark);
        assertEquals(0, r.exit(), r.err());
        assertEquals(withoutTimes(tmp.resolve("local/trials.csv")), withoutTimes(tmp.resolve("spark/trials.csv")));
    }

    /** trials.csv without its start and end seconds. */
    static List<String> withoutTimes(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.replaceFirst("^([^,]*,)[^,]*,[^,]*", "$1")).toList();
    }

    @Test
    void aHadoopFolderCopiesFilesAndDirectoriesBothWays() throws Exception {
        RemoteFolder folder = new SparkEngine(jsc).folder(tmp.resolve("remote").toUri().toString());
        Path run = Files.createDirectories(tmp.resolve("local/run/sub"));
        Files.writeString(run.resolve("a.txt"), "alpha");
        Files.writeString(tmp.resolve("local/run/b.txt"), "beta");
        folder.upload(tmp.resolve("local/run"), "run");
        folder.upload(tmp.resolve("local/run/b.txt"), "run.log");
        assertEquals("alpha", Files.readString(tmp.resolve("remote/run/sub/a.txt")));
        assertEquals("beta", Files.readString(tmp.resolve("remote/run.log")));
        try (var files = Files.walk(tmp.resolve("remote"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".crc")), "no Hadoop checksum files");
        }
        RemoteFolder shipped = roundTrip(folder);
        Path back = Files.createDirectories(tmp.resolve("back/run"));
        Files.writeString(back.resolve("stale.txt"), "replaced");
        assertTrue(shipped.download("run", back));
        assertEquals("alpha", Files.readString(back.resolve("sub/a.txt")));
        assertFalse(Files.exists(back.resolve("stale.txt")), "a download replaces what was there");
        assertTrue(shipped.download("run/b.txt", tmp.resolve("one.txt")));
        assertEquals("beta", Files.readString(tmp.resolve("one.txt")));
        assertFalse(shipped.download("missing", tmp.resolve("none")));
        assertFalse(Files.exists(tmp.resolve("none")));
    }

    @Test
    void aStudyInAHadoopFolderIsTheStudyInAPath() throws IOException {
        List<String> grid = List.of("study", "--experiment", "mnist", "--method", "fixed", "--seed", "0,1", "--engine",
                "spark");
        List<String> tiny = List.of("--", "--synthetic", "60", "--epochs", "2", "--warmup", "1", "--batch-size", "16",
                "--threads", "1");
        Path local = tmp.resolve("local");
        Path remote = tmp.resolve("remote");
        for (String out : List.of(local.toString(), remote.toUri().toString())) {
            List<String> a = new ArrayList<>(grid);
            a.addAll(List.of("--out", out));
            a.addAll(tiny);
            Cli r = cli(a);
            assertEquals(0, r.exit(), r.err() + r.out());
        }
        assertEquals(withoutSeconds(local.resolve("study.csv")), withoutSeconds(remote.resolve("study.csv")));
        for (String run : List.of("mnist-fixed-s0", "mnist-fixed-s1")) {
            assertEquals(Files.readString(local.resolve(run).resolve("metrics.csv")).lines().map(l -> l.split(",")[7]).toList(),
                    Files.readString(remote.resolve(run).resolve("metrics.csv")).lines().map(l -> l.split(",")[7]).toList(),
                    "the validation losses of " + run);
            assertTrue(Files.isRegularFile(remote.resolve(run + ".log")));
        }
        assertTrue(Files.isRegularFile(remote.resolve("compare-mnist/compare.png")));

        List<String> bad = new ArrayList<>(grid);
        bad.addAll(List.of("--out", "nosuchfs://host/study"));
        bad.addAll(tiny);
        Cli r = cli(bad);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no Hadoop file system for nosuchfs://host/study"), r.err());
    }

    static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.replaceFirst("^([^,]*,[^,]*,)[^,]*", "$1")).toList();
    }

    @SuppressWarnings("unchecked")
    static <X> X roundTrip(X x) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var o = new ObjectOutputStream(bytes)) {
            o.writeObject(x);
        }
        try (var i = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (X) i.readObject();
        }
    }
}
