package io.github.deltastn.baselines;

/**
 * When a search stops: after {@code maxTrials} trials or once {@code maxSeconds} of wall-clock time have
 * elapsed since it started, whichever comes first. The time is checked before each trial (proposal
 * included): a running trial is never interrupted, so a search may overrun the time budget by at most the
 * last trial. To compare with one Δ-STN run at the same cost, pass that run's seconds.
 *
 * @param maxTrials ≥ 1 ({@link Integer#MAX_VALUE}: no limit)
 * @param maxSeconds &gt; 0 ({@link Double#POSITIVE_INFINITY}: no limit)
 */
public record Budget(int maxTrials, double maxSeconds) {

    public Budget {
        if (maxTrials < 1) {
            throw new IllegalArgumentException("Budget: the number of trials must be >= 1, got " + maxTrials);
        }
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("Budget: the time budget must be > 0 seconds, got " + maxSeconds);
        }
        if (maxTrials == Integer.MAX_VALUE && maxSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("Budget: give a number of trials, a time budget or both; got neither");
        }
    }

    /** At most {@code n} trials, no time limit. */
    public static Budget trials(int n) {
        return new Budget(n, Double.POSITIVE_INFINITY);
    }

    /** As many trials as fit in {@code seconds}. */
    public static Budget seconds(double seconds) {
        return new Budget(Integer.MAX_VALUE, seconds);
    }

    /** At most {@code n} trials and at most {@code seconds}, whichever comes first. */
    public static Budget of(int n, double seconds) {
        return new Budget(n, seconds);
    }

    /** Why a search stopped. */
    public enum Stop {
        /** {@code maxTrials} trials were run. */
        MAX_TRIALS,
        /** The time budget was used up. */
        TIME
    }
}
