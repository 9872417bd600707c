package io.github.deltastn.nn.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The non-monotone "divide when validation stalls" rule of AWD-LSTM as used by the STN LSTM code
 * (algorithm.md §10.6): after each epoch's validation loss {@code v_e},
 * <pre>
 *   if e > patience and v_e > min(v_0 … v_{e−patience−1}):  lr ← lr / factor
 * </pre>
 * i.e. the lr is divided when the loss is worse than the best one seen more than {@code patience}
 * epochs ago. {@link #shouldStop()} becomes true once {@code lr < minLr} (reference: factor 4,
 * patience 5, minLr 3e-4). It also counts epochs since the best loss, for a patience-based stop.
 */
public final class StallDecay {
    private final double factor;
    private final int patience;
    private final double minLr;
    private double lr;
    private final List<Double> history = new ArrayList<>();

    /** The rule of the class comment, starting at {@code initialLr}; {@code factor > 0}, {@code patience >= 0}. */
    public StallDecay(double initialLr, double factor, int patience, double minLr) {
        if (!(factor > 0.0)) {
            throw new IllegalArgumentException("StallDecay: factor must be positive, got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("StallDecay: patience must be >= 0, got " + patience);
        }
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
        this.lr = initialLr;
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Records one epoch's validation loss, applies the rule and returns the (possibly divided) lr. */
    public double step(double validLoss) {
        int n = history.size();
        if (n > patience) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n - patience; i++) {
                best = Math.min(best, history.get(i));
            }
            if (validLoss > best) {
                lr /= factor;
            }
        }
        history.add(validLoss);
        return lr;
    }

    /** True once the lr has fallen below {@code minLr}. */
    public boolean shouldStop() {
        return lr < minLr;
    }

    /** Epochs recorded since the lowest validation loss (0 right after a new best; ties are not improvements). */
    public int epochsSinceBest() {
        int best = 0;
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i) < history.get(best)) {
                best = i;
            }
        }
        return history.isEmpty() ? 0 : history.size() - 1 - best;
    }

    /** The recorded validation losses, oldest first. */
    public double[] history() {
        return history.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Restores the lr and the loss history (from {@link #lr()} and {@link #history()} of a checkpoint). */
    public void restore(double lr, double[] history) {
        this.lr = lr;
        this.history.clear();
        for (double v : history) {
            this.history.add(v);
        }
    }

    @Override
    public String toString() {
        return "StallDecay(lr=" + lr + ", factor=" + factor + ", patience=" + patience + ", minLr=" + minLr
                + ", history=" + Arrays.toString(history()) + ")";
    }
}
