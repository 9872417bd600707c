package io.github.deltastn.baselines;

import io.github.deltastn.train.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a search: every trial in order, why it stopped, and the curves for "best loss vs wall-clock"
 * plots (paper Fig. 6a).
 *
 * @param strategy the strategy's id ({@code random}, {@code bo})
 * @param criterion the loss minimised
 * @param trials every trial, in order (failed ones included)
 * @param stop why the search ended ({@code null} in the snapshots a {@link HyperSearch.Listener} sees while it runs)
 * @param seconds total wall-clock seconds
 */
public record SearchResult(String strategy, Criterion criterion, SearchSpace space, List<Trial> trials, Budget.Stop stop,
                           double seconds) {

    public SearchResult {
        trials = List.copyOf(trials);
    }

    /** The successful trial with the lowest target (the first one on ties), if any trial succeeded. */
    public Optional<Trial> best() {
        Trial best = null;
        for (Trial t : trials) {
            if (!t.failed() && (best == null || t.target() < best.target())) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Number of failed trials. */
    public int failures() {
        return (int) trials.stream().filter(Trial::failed).count();
    }

    /** A point of a curve: {@code value} reached by {@code seconds} since the search started. */
    public record CurvePoint(double seconds, double value) {}

    /** The best target so far at the end of each trial, from the first successful trial on. */
    public List<CurvePoint> bestTargetCurve() {
        List<CurvePoint> out = new ArrayList<>();
        for (Trial t : trials) {
            if (Double.isFinite(t.bestSoFar())) {
                out.add(new CurvePoint(t.endSeconds(), t.bestSoFar()));
            }
        }
        return out;
    }

    /**
     * The lowest validation loss seen so far over every trained epoch (≥ 1) of every trial, against wall-clock
     * time: an epoch of a trial is placed at the trial's start plus the epoch's own seconds. A trial without
     * a history contributes its target at its end. Non-increasing; finite values only.
     */
    public List<CurvePoint> bestValidationCurve() {
        List<CurvePoint> out = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (Trial t : trials) {
            List<EpochMetrics> h = t.evaluation().history();
            if (h.isEmpty()) {
                if (!t.failed() && t.target() < best) {
                    best = t.target();
                }
                if (best < Double.POSITIVE_INFINITY) {
                    out.add(new CurvePoint(t.endSeconds(), best));
                }
                continue;
            }
            for (EpochMetrics m : h) {
                if (m.epoch() < 1) {
                    continue;
                }
                if (Double.isFinite(m.validLoss()) && m.validLoss() < best) {
                    best = m.validLoss();
                }
                if (best < Double.POSITIVE_INFINITY) {
                    out.add(new CurvePoint(t.startSeconds() + m.seconds(), best));
                }
            }
        }
        return out;
    }
}
