package io.github.deltastn.spark;

import io.github.deltastn.engine.Engine;

/**
 * Registers {@link SparkEngine} as the engine {@code spark} for {@link Engine#open} (through
 * {@code META-INF/services}); the master is {@code local[N]}, {@code local[*]} (null), or a cluster's URL such
 * as {@code spark://host:7077}.
 */
public final class SparkEngineProvider implements Engine.Provider {
    @Override
    public String id() {
        return "spark";
    }

    @Override
    public Engine open(String master) {
        return SparkEngine.open(master);
    }
}
