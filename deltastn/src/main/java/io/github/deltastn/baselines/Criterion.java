package io.github.deltastn.baselines;

import java.util.Locale;

/** Which loss of an {@link Evaluation} a search minimises (its <em>target</em>). */
public enum Criterion {
    /** The validation loss at the end of training: what Table 1 of the paper reports. */
    FINAL_VALIDATION,
    /** The lowest validation loss over the epochs of the trial (early stopping on the validation set). */
    BEST_VALIDATION;

    /** The target of {@code e}; may be non-finite (the search then marks the trial failed). */
    public double of(Evaluation e) {
        return this == FINAL_VALIDATION ? e.finalValidLoss() : e.bestValidLoss();
    }

    /** Lower-case name with dashes, e.g. {@code final-validation}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code final-validation|best-validation} (or {@code final|best}), case-insensitively. */
    public static Criterion parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Criterion c : values()) {
            if (c.id().equals(t) || c.id().startsWith(t + "-")) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown criterion '" + s + "', expected final-validation or best-validation");
    }
}
