package io.github.deltastn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The pom's {@code spark.jvmOptions} (the test JVMs' argLine, target/spark-jvm.args) are this Spark's list. */
class SparkJvmOptionsTest {
    @Test
    void theTestJvmGotEveryOptionSparkAsksFor() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> missing = Arrays.stream(JavaModuleOptions.defaultModuleOptionArray())
                .filter(o -> !args.contains(o)).toList();
        assertEquals(List.of(), missing, "options of Spark's JavaModuleOptions missing from spark.jvmOptions in the pom");
    }
}
