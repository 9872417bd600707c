/**
 * Where independent work runs: {@link io.github.deltastn.engine.Engine} maps a serialisable task over a list of
 * inputs and streams the results back — locally one after another, or on Apache Spark with the optional
 * {@code deltastn-spark} module (registered through {@link io.github.deltastn.engine.Engine.Provider}).
 * {@link io.github.deltastn.baselines.HyperSearch} runs its trials through an engine, in batches, and the
 * {@code study} command its runs.
 */
package io.github.deltastn.engine;
