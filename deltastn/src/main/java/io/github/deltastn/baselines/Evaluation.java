package io.github.deltastn.baselines;

import io.github.deltastn.train.EpochMetrics;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What one trial (a full training run at fixed hyperparameters) reports.
 *
 * @param finalValidLoss validation loss at the end of training
 * @param bestValidLoss lowest validation loss over the trained epochs (≥ 1); equals {@code finalValidLoss}
 *     for an objective without epochs
 * @param testLoss test loss at the end of training (NaN when there is no test set)
 * @param testLossAtBest test loss at the epoch of {@code bestValidLoss} (NaN when there is no test set)
 * @param seconds wall-clock seconds the objective measured for itself (set-up and training)
 * @param history per-epoch metrics, epoch 0 (the untrained model) first; empty for an analytic objective
 * @param failure why the trial failed (e.g. the training loss diverged), or {@code null}
 *
 * <p>Serializable: a trial run on a cluster sends it back to the search.
 */
public record Evaluation(double finalValidLoss, double bestValidLoss, double testLoss, double testLossAtBest,
                         double seconds, List<EpochMetrics> history, String failure)
        implements Serializable {

    public Evaluation {
        history = List.copyOf(Objects.requireNonNull(history, "Evaluation: history must not be null (use List.of())"));
    }

    /** A completed trial without epochs (e.g. an analytic function): final = best = {@code validLoss}. */
    public static Evaluation of(double validLoss, double testLoss, double seconds) {
        return new Evaluation(validLoss, validLoss, testLoss, testLoss, seconds, List.of(), null);
    }

    /**
     * A completed training run summarised from its history: the final entry gives the final losses; the
     * best validation loss is taken over epochs ≥ 1 (the untrained network at epoch 0 is not a candidate
     * model) with non-finite losses skipped, or over all entries when there is no trained epoch.
     *
     * @throws IllegalArgumentException if {@code history} is empty
     */
    public static Evaluation fromHistory(List<EpochMetrics> history, double seconds) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("Evaluation.fromHistory: the history is empty; a run reports at least epoch 0");
        }
        EpochMetrics last = history.get(history.size() - 1);
        boolean trained = history.stream().anyMatch(m -> m.epoch() >= 1);
        EpochMetrics best = null;
        for (EpochMetrics m : history) {
            if ((m.epoch() >= 1 || !trained) && Double.isFinite(m.validLoss())
                    && (best == null || m.validLoss() < best.validLoss())) {
                best = m;
            }
        }
        double bestValid = best == null ? Double.NaN : best.validLoss();
        double testAtBest = best == null ? Double.NaN : best.testLoss();
        return new Evaluation(last.validLoss(), bestValid, last.testLoss(), testAtBest, seconds, history, null);
    }

    /** A failed trial: every loss NaN, the reason kept, and whatever history was recorded before the failure. */
    public static Evaluation failed(String reason, double seconds, List<EpochMetrics> history) {
        Objects.requireNonNull(reason, "Evaluation.failed: reason must not be null");
        return new Evaluation(Double.NaN, Double.NaN, Double.NaN, Double.NaN, seconds, history, reason);
    }

    /** True when the objective reported a failure. */
    public boolean failed() {
        return failure != null;
    }
}
