package io.github.deltastn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Engine.open("spark", master)}: found through ServiceLoader; which context it uses and who stops it. */
@Timeout(120)
class SparkEngineProviderTest {
    @BeforeAll
    static void noWebUi() {
        System.setProperty("spark.ui.enabled", "false");
    }

    @AfterAll
    static void clear() {
        System.clearProperty("spark.ui.enabled");
    }

    @Test
    void openStartsAContextWithTheMasterAndCloseStopsIt() {
        SparkContext sc;
        try (Engine engine = Engine.open("spark", "local[2]")) {
            SparkEngine spark = assertInstanceOf(SparkEngine.class, engine);
            sc = spark.context().sc();
            assertEquals("local[2]", sc.master());
            assertEquals("deltastn", sc.appName());
            assertEquals(2, engine.parallelism());
            List<Integer> got = new ArrayList<>();
            engine.<Integer, Integer>map(List.of(3, 4), x -> x + 1, (i, r, f) -> got.add(r));
            assertEquals(List.of(4, 5), got.stream().sorted().toList());
        }
        assertTrue(sc.isStopped());
    }

    @Test
    void sparkMasterFromSystemPropertiesWinsAsUnderSparkSubmit() {
        System.setProperty("spark.master", "local[1]");
        try (Engine engine = Engine.open("spark", "local[2]")) {
            assertEquals("local[1]", ((SparkEngine) engine).context().master());
        } finally {
            System.clearProperty("spark.master");
        }
    }

    @Test
    void anActiveContextIsUsedAndLeftRunning() {
        JavaSparkContext mine = LocalSpark.start("local[1]");
        try {
            try (Engine engine = Engine.open("spark", null)) {
                assertSame(mine.sc(), ((SparkEngine) engine).context().sc());
                assertEquals(1, engine.parallelism());
            }
            assertFalse(mine.sc().isStopped());
        } finally {
            mine.stop();
        }
    }
}
