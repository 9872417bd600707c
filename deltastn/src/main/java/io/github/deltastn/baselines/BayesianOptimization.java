package io.github.deltastn.baselines;

import io.github.deltastn.core.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Bayesian optimisation (Snoek, Larochelle &amp; Adams 2012): a {@link GaussianProcess} surrogate with a
 * {@link Matern52} ARD kernel on the unit cube of the {@link SearchSpace}, and {@link ExpectedImprovement}
 * as the acquisition.
 *
 * <p>Each proposal:
 * <ol>
 *   <li>Initial design: the first {@code max(3, h + 1)} trials (or {@link Settings#initialTrials}) are
 *       random, as in {@link RandomSearch}; so is every proposal while fewer than two trials succeeded (or, as
 *       a last resort, when the GP cannot be fitted).</li>
 *   <li>Data: each trial's unit point {@code space.toUnit(values)} and target. Targets are modelled on the log
 *       scale when {@link Settings#logTargets} is set and every successful target is &gt; 0 (validation
 *       losses are; their spread over hyperparameters is closer to multiplicative), else as they are. A failed
 *       trial gets the worst successful target, so that the search moves away from it rather than proposing
 *       it again.</li>
 *   <li>Fit: kernel and noise by maximising the log marginal likelihood plus a Gamma(3, 6) prior on each length
 *       scale ({@link GaussianProcess#fitMarginalLikelihood}, {@link GaussianProcess.FitSettings#defaults()}).
 *       Without the prior, a handful of trials in several dimensions is explained by one coordinate, the others
 *       get length scales at the upper bound, and EI sends trials to corners the GP has never seen.</li>
 *   <li>Acquisition: {@code log EI} against the lowest (transformed) target, maximised by
 *       {@link Settings#candidates} uniform random points, then compass search (±step along each coordinate,
 *       step halved from 0.1 to 1e-3 when nothing improves) from the best {@link Settings#refineStarts} of
 *       them and from the incumbent. Every point is evaluated where it lands: discrete coordinates at their
 *       integer's cell centre ({@link SearchSpace#snapUnit}).</li>
 *   <li>If EI is zero everywhere or the winner is a point already evaluated (possible on discrete spaces),
 *       a random point is proposed instead.</li>
 * </ol>
 * Stateless between proposals: everything is refitted from the trials, so a search can be resumed from its
 * trial list.
 *
 * <p>Batches for parallel workers ({@link #propose(SearchSpace, List, List, Rng)}): the kriging believer
 * (Ginsbourger, Le Riche &amp; Carraro 2010). Each pending point of the batch is added to the GP's data with
 * the GP's own posterior mean as its target, the kernel and noise kept as fitted on the real trials; the
 * posterior variance there drops to the noise, so EI moves to other places, and the incumbent stays the best
 * real target. Chosen over the constant liar because it needs no arbitrary lie and keeps the GP's mean
 * unchanged, and over Monte Carlo q-EI because it is deterministic and costs one fit per proposal. A pending
 * point still in the initial design counts towards it: proposal {@code i} of a search is random while
 * {@code i < initialTrials}, whatever the batch size.
 */
public final class BayesianOptimization implements Strategy {

    /**
     * @param initialTrials random trials before the GP takes over; 0 = {@code max(3, h + 1)}
     * @param candidates random candidates per proposal (≥ 1)
     * @param refineStarts how many of the best candidates are refined by compass search (≥ 0)
     * @param xi EI margin ξ ≥ 0, in the units of the (transformed) targets
     * @param logTargets model {@code log(target)} when every successful target is positive
     * @param fit settings of the marginal-likelihood fit
     */
    public record Settings(int initialTrials, int candidates, int refineStarts, double xi, boolean logTargets,
                           GaussianProcess.FitSettings fit) {
        public Settings {
            if (initialTrials < 0 || candidates < 1 || refineStarts < 0 || !(xi >= 0)) {
                throw new IllegalArgumentException("BayesianOptimization.Settings: need initialTrials >= 0, candidates >= 1, "
                        + "refineStarts >= 0, xi >= 0; got " + initialTrials + ", " + candidates + ", " + refineStarts + ", " + xi);
            }
            Objects.requireNonNull(fit, "BayesianOptimization.Settings: fit settings must not be null");
        }

        /** Automatic initial design, 2000 candidates, 5 refined, ξ = 0, log targets, default GP fit. */
        public static Settings defaults() {
            return new Settings(0, 2000, 5, 0.0, true, GaussianProcess.FitSettings.defaults());
        }

        public Settings withInitialTrials(int n) {
            return new Settings(n, candidates, refineStarts, xi, logTargets, fit);
        }

        public Settings withCandidates(int n, int refine) {
            return new Settings(initialTrials, n, refine, xi, logTargets, fit);
        }

        public Settings withXi(double margin) {
            return new Settings(initialTrials, candidates, refineStarts, margin, logTargets, fit);
        }

        public Settings withLogTargets(boolean on) {
            return new Settings(initialTrials, candidates, refineStarts, xi, on, fit);
        }

        public Settings withFit(GaussianProcess.FitSettings f) {
            return new Settings(initialTrials, candidates, refineStarts, xi, logTargets, f);
        }
    }

    private static final double FIRST_STEP = 0.1;
    private static final double LAST_STEP = 1e-3;
    private static final double SAME_POINT = 1e-9;

    private final Settings settings;

    /** With {@link Settings#defaults()}. */
    public BayesianOptimization() {
        this(Settings.defaults());
    }

    public BayesianOptimization(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "BayesianOptimization: settings must not be null");
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String id() {
        return "bo";
    }

    /** The number of random trials before the GP is used on {@code space}. */
    public int initialTrials(SearchSpace space) {
        return settings.initialTrials() > 0 ? settings.initialTrials() : Math.max(3, space.size() + 1);
    }

    @Override
    public double[] propose(SearchSpace space, List<Trial> completed, Rng rng) {
        if (completed.size() < initialTrials(space)) {
            return space.sample(rng);
        }
        Surrogate s = surrogate(space, completed, rng);
        if (s == null) {
            return space.sample(rng);
        }
        double[] x = maximiseAcquisition(space, s, rng);
        return x == null ? space.sample(rng) : space.fromUnit(x);
    }

    @Override
    public double[] propose(SearchSpace space, List<Trial> completed, List<double[]> pending, Rng rng) {
        if (pending.isEmpty()) {
            return propose(space, completed, rng);
        }
        if (completed.size() + pending.size() < initialTrials(space)) {
            return space.sample(rng);
        }
        Surrogate s = surrogate(space, completed, rng);
        if (s == null) {
            return space.sample(rng);
        }
        Surrogate believed = believe(space, s, pending);
        double[] x = believed == null ? null : maximiseAcquisition(space, believed, rng);
        return x == null ? space.sample(rng) : space.fromUnit(x);
    }

    /**
     * The kriging believer: {@code s} with each pending point added at the posterior mean of {@code s}'s GP (the
     * kernel and noise kept), or {@code null} when the enlarged covariance cannot be factorised.
     */
    Surrogate believe(SearchSpace space, Surrogate s, List<double[]> pending) {
        int n = s.x().length;
        double[][] x = Arrays.copyOf(s.x(), n + pending.size());
        double[] y = Arrays.copyOf(s.y(), n + pending.size());
        for (int i = 0; i < pending.size(); i++) {
            x[n + i] = space.toUnit(pending.get(i));
            y[n + i] = s.gp().predict(x[n + i]).mean();
        }
        try {
            GaussianProcess gp = GaussianProcess.of(x, y, s.gp().kernel(), s.gp().noiseVariance());
            return new Surrogate(gp, x, y, s.incumbent(), s.incumbentPoint());
        } catch (IllegalStateException notPositiveDefinite) {
            return null;
        }
    }

    /**
     * The fitted GP with its data, or {@code null} (then a random point is proposed) when fewer than two trials
     * succeeded or the covariance could not be factorised even with jitter.
     */
    Surrogate surrogate(SearchSpace space, List<Trial> completed, Rng rng) {
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        boolean allPositive = true;
        int ok = 0;
        for (Trial t : completed) {
            xs.add(space.toUnit(t.values()));
            ys.add(t.failed() ? Double.NaN : t.target());
            if (!t.failed()) {
                ok++;
                allPositive &= t.target() > 0;
            }
        }
        if (ok < 2) {
            return null;
        }
        boolean log = settings.logTargets() && allPositive;
        double[] y = new double[ys.size()];
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < y.length; i++) {
            double v = ys.get(i);
            y[i] = Double.isNaN(v) ? Double.NaN : log ? Math.log(v) : v;
            if (!Double.isNaN(y[i])) {
                worst = Math.max(worst, y[i]);
            }
        }
        int bestIndex = -1;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i])) {
                y[i] = worst;
            } else if (bestIndex < 0 || y[i] < y[bestIndex]) {
                bestIndex = i;
            }
        }
        double[][] x = xs.toArray(new double[0][]);
        GaussianProcess gp;
        try {
            gp = GaussianProcess.fitMarginalLikelihood(x, y, settings.fit(), rng);
        } catch (IllegalStateException notPositiveDefinite) {
            return null;
        }
        return new Surrogate(gp, x, y, y[bestIndex], x[bestIndex]);
    }

    /**
     * A fitted GP, its inputs and (transformed, imputed) targets, and the incumbent (lowest transformed target and
     * its unit point).
     */
    record Surrogate(GaussianProcess gp, double[][] x, double[] y, double incumbent, double[] incumbentPoint) {}

    /** {@code log EI} at the unit point {@code x} moved to where it lands in the space. */
    double acquisition(SearchSpace space, Surrogate s, double[] x) {
        GaussianProcess.Prediction p = s.gp().predict(space.snapUnit(x));
        return ExpectedImprovement.logValue(p.mean(), p.sd(), s.incumbent(), settings.xi());
    }

    /** The unit point with the highest EI found, or {@code null} for "propose at random". */
    double[] maximiseAcquisition(SearchSpace space, Surrogate s, Rng rng) {
        int h = space.size();
        int keep = settings.refineStarts();
        double[][] top = new double[keep][];
        double[] topValue = new double[keep];
        Arrays.fill(topValue, Double.NEGATIVE_INFINITY);
        double[] best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < settings.candidates(); c++) {
            double[] x = new double[h];
            for (int i = 0; i < h; i++) {
                x[i] = rng.uniform();
            }
            double v = acquisition(space, s, x);
            if (v > bestValue) {
                bestValue = v;
                best = x;
            }
            for (int k = 0; k < keep; k++) {
                if (v > topValue[k]) {
                    System.arraycopy(topValue, k, topValue, k + 1, keep - k - 1);
                    System.arraycopy(top, k, top, k + 1, keep - k - 1);
                    topValue[k] = v;
                    top[k] = x;
                    break;
                }
            }
        }
        List<double[]> starts = new ArrayList<>();
        for (double[] t : top) {
            if (t != null) {
                starts.add(t);
            }
        }
        starts.add(s.incumbentPoint());
        for (double[] start : starts) {
            double[] x = start.clone();
            double v = acquisition(space, s, x);
            double step = FIRST_STEP;
            int evaluations = 0;
            int maxEvaluations = 100 * h;
            while (step >= LAST_STEP && evaluations < maxEvaluations) {
                boolean moved = false;
                for (int i = 0; i < h && evaluations < maxEvaluations; i++) {
                    for (int sign = -1; sign <= 1; sign += 2) {
                        double[] y = x.clone();
                        y[i] = Math.min(1.0, Math.max(0.0, x[i] + sign * step));
                        if (y[i] == x[i]) {
                            continue;
                        }
                        double w = acquisition(space, s, y);
                        evaluations++;
                        if (w > v) {
                            x = y;
                            v = w;
                            moved = true;
                        }
                    }
                }
                if (!moved) {
                    step *= 0.5;
                }
            }
            if (v > bestValue) {
                bestValue = v;
                best = x;
            }
        }
        if (best == null || bestValue == Double.NEGATIVE_INFINITY) {
            return null;
        }
        double[] snapped = space.snapUnit(best);
        for (double[] seen : s.x()) {
            double diff = 0;
            for (int i = 0; i < h; i++) {
                diff = Math.max(diff, Math.abs(seen[i] - snapped[i]));
            }
            if (diff <= SAME_POINT) {
                return null;
            }
        }
        return best;
    }
}
