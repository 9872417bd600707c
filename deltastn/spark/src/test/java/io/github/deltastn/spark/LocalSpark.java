package io.github.deltastn.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A Spark context in this JVM for tests: no web UI, no console progress. */
final class LocalSpark {
    private LocalSpark() {}

    static JavaSparkContext start(String master) {
        return new JavaSparkContext(new SparkConf()
                .setMaster(master)
                .setAppName("deltastn-test")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false"));
    }
}
