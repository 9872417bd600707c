package io.github.deltastn.train;

/** Receives a {@link Trainer}'s progress; every method has a no-op default. */
public interface TrainingListener {
    default void onEpoch(EpochMetrics m) {}

    /**
     * Once, when warm-up has ended and before the first cycle of the main phase (also without warm-up; not
     * again after {@link Trainer#restore} of a run that is past it).
     */
    default void onWarmupEnd(Trainer trainer) {}

    /** While an epoch boundary is evaluated: {@code done} of {@code total} examples of {@code split}. */
    default void onEvaluation(String split, int done, int total) {}

    /** After each (T_train + T_valid) cycle of the main phase. */
    default void onCycle(int cycle, Trainer trainer) {}

    /**
     * At the first safe point after each epoch boundary (a step boundary in warm-up, a cycle boundary
     * after it): {@link Trainer#checkpoint()} taken now lets {@link Trainer#restore} continue exactly.
     */
    default void onCheckpoint(Trainer trainer) {}
}
