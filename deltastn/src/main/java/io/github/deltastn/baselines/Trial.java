package io.github.deltastn.baselines;

/**
 * One completed trial of a search.
 *
 * @param index 0-based position in the search
 * @param values the natural hyperparameter values {@code [h]} it trained with (a copy is returned)
 * @param evaluation what the objective reported
 * @param target the loss the search minimises ({@link Criterion#of}); NaN when failed
 * @param failure why it failed ({@link Evaluation#failure()}, or the non-finite target), or {@code null}
 * @param startSeconds wall-clock seconds since the search started, when the objective was called
 * @param endSeconds wall-clock seconds since the search started, when it returned: the cumulative cost of the
 *     search so far, proposals (GP fits) included
 * @param bestSoFar the lowest target of the successful trials up to and including this one (NaN before the
 *     first success)
 */
public record Trial(int index, double[] values, Evaluation evaluation, double target, String failure,
                    double startSeconds, double endSeconds, double bestSoFar) {

    public Trial {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** True when the trial failed; it then never counts as best. */
    public boolean failed() {
        return failure != null;
    }

    /** Duration of the objective call. */
    public double seconds() {
        return endSeconds - startSeconds;
    }
}
