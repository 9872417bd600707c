package io.github.deltastn.toy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a method fared over many seeds of one toy case: how many runs end within
 * {@link ToyExperiment#REGRET_BOUND} and {@link ToyExperiment#DISTANCE_BOUND} of the exact optimum, and the
 * median and worst relative regret and distance |u − u*|. A diverged run counts as outside the bounds and
 * as the worst (infinite) regret and distance.
 */
public record Robustness(int seeds, int within, int diverged, double medianRegret, double worstRegret,
                         double medianDistance, double worstDistance) {

    public static Robustness of(List<ToyExperiment.Outcome> outcomes) {
        int n = outcomes.size();
        if (n == 0) {
            throw new IllegalArgumentException("Robustness.of: no outcomes");
        }
        double[] regret = new double[n];
        double[] distance = new double[n];
        int within = 0;
        int diverged = 0;
        for (int i = 0; i < n; i++) {
            ToyExperiment.Outcome o = outcomes.get(i);
            boolean failed = o.failure() != null;
            diverged += failed ? 1 : 0;
            within += !failed && o.withinBounds() ? 1 : 0;
            regret[i] = failed ? Double.POSITIVE_INFINITY : o.relativeRegret();
            distance[i] = failed ? Double.POSITIVE_INFINITY : o.distance();
        }
        Arrays.sort(regret);
        Arrays.sort(distance);
        return new Robustness(n, within, diverged, median(regret), regret[n - 1], median(distance), distance[n - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** E.g. {@code 19/20 within bounds; regret median 0.012 %, worst 1.3 %; |u-u*| median 0.05, worst 0.31}. */
    public String line() {
        return String.format(Locale.ROOT, "%d/%d within bounds%s; regret median %.3f %%, worst %.3f %%; |u-u*| median "
                + "%.3f, worst %.3f", within, seeds, diverged == 0 ? "" : " (" + diverged + " diverged)",
                100 * medianRegret, 100 * worstRegret, medianDistance, worstDistance);
    }
}
