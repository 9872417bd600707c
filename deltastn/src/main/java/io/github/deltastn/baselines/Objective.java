package io.github.deltastn.baselines;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * One trial of a search: train (or evaluate) at fixed hyperparameter values and report the losses.
 *
 * <p>Failure contract: an objective reports an expected failure of the trial itself (diverged training,
 * non-finite loss) as {@link Evaluation#failed}; the search also marks a trial failed when its target is
 * non-finite. Failed trials are kept in the result, never count as best, and the search goes on. Any
 * exception thrown by {@link #evaluate} in this JVM is treated as a bug and ends the search; on a distributed
 * {@link io.github.deltastn.engine.Engine} the task is retried, and an exception that survives the retries
 * (a lost worker, a data set missing on a worker) makes the trial a failed one.
 *
 * <p>To run on such an engine an objective must be {@link java.io.Serializable}: it is shipped to the workers,
 * so it holds settings and builds its model and data where it runs.
 */
@FunctionalInterface
public interface Objective {

    /**
     * Runs trial {@code trial} at {@code values}.
     *
     * @param trial 0-based index of the trial in its search (an objective may derive a seed from it)
     * @param values natural values {@code [h]}, in the search space's order (a fresh copy)
     * @return never {@code null}
     */
    Evaluation evaluate(int trial, double[] values);

    /**
     * Called once by the search before the first trial: throws {@link IllegalArgumentException} if this
     * objective cannot evaluate points of {@code space} (wrong names, order or ranges). The default accepts
     * every space.
     */
    default void validate(SearchSpace space) {}

    /**
     * An objective without training: {@code final = best = f(values)}, no test loss, no history, the seconds
     * measured around {@code f}.
     */
    static Objective of(ToDoubleFunction<double[]> f) {
        Objects.requireNonNull(f, "Objective.of: function must not be null");
        return (trial, values) -> {
            long t0 = System.nanoTime();
            double y = f.applyAsDouble(values);
            return Evaluation.of(y, Double.NaN, (System.nanoTime() - t0) * 1e-9);
        };
    }
}
