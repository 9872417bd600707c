package io.github.deltastn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Gemm;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The Spark engine on a real standalone cluster (a Master, a Worker with 2 cores and its executor, each a JVM
 * of its own on 127.0.0.1), started once for all tests here; its logs are under target/spark-it.
 */
@Timeout(300)
class SparkStandaloneIT {
    private static final Path DIR = Path.of("target", "spark-it");
    private static StandaloneCluster cluster;
    private static JavaSparkContext jsc;
    private static SparkEngine engine;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(DIR, 2);
        jsc = cluster.connect(2, 1);
        engine = new SparkEngine(jsc);
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (engine != null) {
                engine.close();
            }
            if (jsc != null) {
                jsc.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void mapRunsOnTheExecutorsAndEqualsTheLocalEngine() {
        List<Long> seeds = IntStream.range(0, 6).mapToObj(i -> 1000L + i).toList();
        Map<Integer, Ran> onCluster = run(engine, seeds);
        Map<Integer, Ran> local = run(Engine.local(), seeds);

        assertEquals(seeds.size(), onCluster.size());
        List<Long> clusterPids = cluster.pids();
        for (int i = 0; i < seeds.size(); i++) {
            assertEquals(local.get(i).value(), onCluster.get(i).value(), "input " + i);
            long pid = onCluster.get(i).pid();
            assertTrue(pid != ProcessHandle.current().pid() && clusterPids.contains(pid),
                    "input " + i + " ran in " + pid + ", not in one of the cluster's JVMs " + clusterPids);
        }
        assertEquals(2, engine.parallelism(), "the executor's cores");
    }

    @Test
    void aTaskThatKeepsFailingOnAnExecutorIsReportedAfterItsAttempts() {
        Map<Integer, Object> got = new TreeMap<>();
        engine.<Integer, Integer>map(List.of(0, 1, 2), SparkStandaloneIT::failOnOne,
                (i, r, failure) -> got.put(i, failure == null ? r : failure.getMessage()));
        assertEquals(0, got.get(0));
        assertEquals(2, got.get(2));
        String m = (String) got.get(1);
        assertTrue(m.startsWith("input 1 failed: ") && m.contains("failed 2 times")
                && m.contains("IllegalArgumentException: one is bad"), m);
    }

    private static Integer failOnOne(Integer x) {
        if (x == 1) {
            throw new IllegalArgumentException("one is bad");
        }
        return x;
    }

    /** A small deltastn computation (so the executors load deltastn's classes) and where it ran. */
    private static Ran sumOfGram(long seed) {
        Tensor a = Tensor.normal(new Rng(seed), 0, 1, 16, 8);
        double value = Reduce.sum(Gemm.matmul(a, false, a, true), false).item();
        return new Ran(value, ProcessHandle.current().pid());
    }

    private record Ran(double value, long pid) implements Serializable {}

    private static Map<Integer, Ran> run(Engine e, List<Long> seeds) {
        Map<Integer, Ran> got = new TreeMap<>();
        e.<Long, Ran>map(seeds, SparkStandaloneIT::sumOfGram, (i, r, failure) -> {
            assertNull(failure, () -> "input " + i + ": " + failure);
            got.put(i, r);
        });
        return got;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The command line against this cluster. Engine.open("spark", masterUrl()) inside a command finds this
    // class's active context and uses it (and leaves it running), so the commands run on this cluster's executor.
    // A second driver (target/deltastn-spark.jar with plain java, as scripts/deltastn-spark.sh runs it, which
    // ships the jar through spark.jars) gets no cores while this class's context holds the worker's 2: stop
    // jsc first, or start the worker with more cores.

    @Test
    void toySearchOnTheClusterEqualsTheLocalSearch() throws IOException {
        Path spark = DIR.resolve("search-spark");
        Path local = DIR.resolve("search-local");
        List<String> search = List.of("search", "--experiment", "toy", "--strategy", "bo", "--trials", "6",
                "--seed", "5", "--batch", "2", "--overwrite");
        CliRun onCluster = runCli(search, List.of("--engine", "spark", "--master", masterUrl(), "--out", spark.toString()));
        CliRun here = runCli(search, List.of("--engine", "local", "--out", local.toString()));

        assertEquals(0, onCluster.exitCode(), onCluster.err());
        assertEquals(0, here.exitCode(), here.err());
        assertTrue(onCluster.out().contains("engine spark (2 parallel), batches of 2"), onCluster.out());
        List<String> trials = trialsWithoutTimes(spark);
        assertEquals(7, trials.size(), "header and 6 trials");
        assertEquals(trialsWithoutTimes(local), trials);
        assertTrue(Files.readString(spark.resolve("config.json")).contains("\"engine\": \"spark\""));
    }

    @Test
    void aStudyOfTwoRunsOnTheClusterEqualsTheLocalStudy() throws IOException {
        Path spark = DIR.resolve("study-spark");
        Path local = DIR.resolve("study-local");
        deleteTree(spark);
        deleteTree(local);
        List<String> study = List.of("study", "--experiment", "mnist", "--method", "fixed", "--seed", "0,1");
        List<String> tiny = List.of("--", "--synthetic", "60", "--epochs", "2", "--batch-size", "16", "--threads", "1");
        CliRun onCluster = runCli(study, List.of("--engine", "spark", "--master", masterUrl(), "--out", spark.toString()),
                tiny);
        CliRun here = runCli(study, List.of("--out", local.toString()), tiny);

        assertEquals(0, onCluster.exitCode(), onCluster.err() + onCluster.out());
        assertEquals(0, here.exitCode(), here.err() + here.out());
        List<String> table = withoutColumn(spark.resolve("study.csv"), 2);
        assertEquals(3, table.size(), "header and 2 runs: " + table);
        for (String run : List.of("mnist-fixed-s0", "mnist-fixed-s1")) {
            assertTrue(table.stream().anyMatch(l -> l.startsWith(run + ",completed,")), table.toString());
            assertTrue(Files.isRegularFile(spark.resolve(run).resolve("summary.json")), run + " wrote its run directory");
        }
        assertEquals(withoutColumn(local.resolve("study.csv"), 2), table, "study.csv without the seconds");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** trials.csv without its clock columns, start_seconds and end_seconds. */
    private static List<String> trialsWithoutTimes(Path dir) throws IOException {
        return withoutColumn(dir.resolve("trials.csv"), 1, 2);
    }

    /** The lines of a CSV file (no quoted commas) in sorted order, the given columns emptied. */
    private static List<String> withoutColumn(Path csv, int... columns) throws IOException {
        return Files.readAllLines(csv).stream().map(line -> {
            String[] f = line.split(",", -1);
            for (int c : columns) {
                f[c] = "";
            }
            return String.join(",", f);
        }).sorted().toList();
    }

    /** {@link #runCli(String...)} with the arguments in parts. */
    @SafeVarargs
    @SuppressWarnings("varargs") // parts is only read
    static CliRun runCli(List<String>... parts) {
        return runCli(Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new));
    }

    /** Runs deltastn-cli in this JVM against the cluster; returns its exit code, stdout and stderr. */
    static CliRun runCli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = io.github.deltastn.cli.Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@link #masterUrl()} for {@code --master}. */
    static String masterUrl() {
        return cluster.masterUrl();
    }

    record CliRun(int exitCode, String out, String err) {}
}
