package io.github.deltastn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Failures on {@code local[2,3]}, where Spark tries each task up to 3 times. */
@Timeout(120)
class SparkEngineRetryTest {
    private static JavaSparkContext jsc;
    private static SparkEngine engine;
    private static final AtomicInteger attemptsOfTheBadInput = new AtomicInteger();

    @BeforeAll
    static void start() {
        jsc = LocalSpark.start("local[2,3]");
        engine = new SparkEngine(jsc);
    }

    @AfterAll
    static void stop() {
        engine.close();
        jsc.stop();
    }

    @Test
    void aTaskThatFailsOnceSucceedsOnItsRetry(@TempDir Path dir) {
        String marks = dir.toString();
        Map<Integer, String> got = new HashMap<>();
        engine.<Integer, String>map(List.of(0, 1, 2), x -> failFirstAttempt(marks, x), (i, r, failure) -> {
            assertNull(failure, () -> "input " + i + ": " + failure);
            got.put(i, r);
        });
        assertEquals(Map.of(0, "ok 0", 1, "ok 1", 2, "ok 2"), got);
        for (int x = 0; x < 3; x++) {
            assertTrue(Files.exists(dir.resolve("failed-" + x)), "input " + x + " did not fail its first attempt");
        }
    }

    private static String failFirstAttempt(String dir, int x) throws IOException {
        Path mark = Path.of(dir, "failed-" + x);
        if (!Files.exists(mark)) {
            Files.createFile(mark);
            throw new IOException("first attempt of input " + x);
        }
        return "ok " + x;
    }

    @Test
    void aTaskThatKeepsFailingIsReportedAndTheOthersComplete() {
        Map<Integer, Integer> done = new HashMap<>();
        Map<Integer, Exception> failed = new HashMap<>();
        Engine.Task<Integer, Integer> task = x -> {
            if (x == 2) {
                attemptsOfTheBadInput.incrementAndGet();
                throw new IllegalStateException("input two is bad");
            }
            return 10 * x;
        };
        engine.map(List.of(0, 1, 2, 3), task, (i, r, failure) -> {
            if (failure != null) {
                assertNull(r);
                failed.put(i, failure);
            } else {
                done.put(i, r);
            }
        });
        assertEquals(Map.of(0, 0, 1, 10, 3, 30), done);
        assertEquals(List.of(2), List.copyOf(failed.keySet()));
        Exception e = failed.get(2);
        assertNotNull(e.getCause(), "the Spark failure as the cause");
        String m = e.getMessage();
        assertTrue(m.startsWith("input 2 failed: "), m);
        assertTrue(m.contains("IllegalStateException: input two is bad"), m);
        assertTrue(m.contains("failed 3 times"), m);
        assertTrue(!m.contains("\n"), "one line: " + m);
        assertEquals(3, attemptsOfTheBadInput.get(), "attempts of the failing input");
    }
}
