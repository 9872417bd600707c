package io.github.deltastn.cli;

import io.github.deltastn.baselines.Trial;
import io.github.deltastn.train.EpochMetrics;
import java.util.Arrays;
import java.util.List;

/**
 * A line of {@link RunPlots#compare}: the best validation loss reached so far, against epochs of training spent
 * and against wall-clock seconds; {@code search} for a search, whose epochs are those of all its trials.
 */
record Curve(String name, double[] epochs, double[] seconds, double[] best, double[] lo, double[] hi,
             boolean search) {

    /** Its seed band against {@code x} (its epochs or seconds); null without one. */
    RunPlots.Band band(double[] x) {
        return lo == null ? null : new RunPlots.Band(x, best, lo, hi);
    }

    /** A single run: no band. */
    Curve(String name, double[] epochs, double[] seconds, double[] best) {
        this(name, epochs, seconds, best, null, null, false);
    }

    /** A search: one point per finished trial, at the epochs and seconds all its trials so far took. */
    static Curve ofTrials(String name, double[] epochs, double[] seconds, double[] best) {
        return new Curve(name, epochs, seconds, best, null, null, true);
    }

    /**
     * The seeds of one method as one curve: at each epoch the mean of their best-so-far losses and seconds,
     * with the band from the lowest to the highest seed; as long as the shortest run.
     */
    static Curve ofSeeds(String name, List<Curve> seeds) {
        int n = seeds.stream().mapToInt(c -> c.epochs().length).min().orElse(0);
        double[][] best = RunPlots.acrossSeeds(seeds.stream().map(Curve::best).toList(), n);
        double[] seconds = RunPlots.acrossSeeds(seeds.stream().map(Curve::seconds).toList(), n)[0];
        return new Curve(name, Arrays.copyOf(seeds.get(0).epochs(), n), seconds, best[0], best[1], best[2], false);
    }

    /**
     * A tuning run: the running minimum of its per-epoch validation losses, from epoch 1 (the untrained
     * network of epoch 0 would squash the interesting end of the axis; a run with no finished epoch keeps it).
     */
    static Curve ofRun(String name, List<EpochMetrics> all) {
        List<EpochMetrics> rows = all.stream().anyMatch(m -> m.epoch() >= 1)
                ? all.stream().filter(m -> m.epoch() >= 1).toList() : all;
        int n = rows.size();
        double[] epoch = new double[n];
        double[] seconds = new double[n];
        double[] best = new double[n];
        double b = Double.NaN;
        for (int i = 0; i < n; i++) {
            EpochMetrics m = rows.get(i);
            if (m.validLoss() < b || Double.isNaN(b)) {
                b = m.validLoss();
            }
            epoch[i] = m.epoch();
            seconds[i] = m.seconds();
            best[i] = b;
        }
        return new Curve(name, epoch, seconds, best);
    }

    /** A search: after trial i, (i + 1) · epochs per trial have been trained; its best target so far. */
    static Curve ofSearch(String name, List<Trial> trials, int epochsPerTrial) {
        int n = trials.size();
        double[] epoch = new double[n];
        double[] seconds = new double[n];
        double[] best = new double[n];
        for (int i = 0; i < n; i++) {
            epoch[i] = (double) (trials.get(i).index() + 1) * epochsPerTrial;
            seconds[i] = trials.get(i).endSeconds();
            best[i] = trials.get(i).bestSoFar();
        }
        return ofTrials(name, epoch, seconds, best);
    }
}
