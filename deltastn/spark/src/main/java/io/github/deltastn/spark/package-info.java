/**
 * The Apache Spark engine: {@link io.github.deltastn.spark.SparkEngine} runs the inputs of
 * {@link io.github.deltastn.engine.Engine#map} as Spark jobs, in a local Spark or on a cluster;
 * {@link io.github.deltastn.spark.SparkEngineProvider} makes it {@code Engine.open("spark", master)}.
 */
package io.github.deltastn.spark;
