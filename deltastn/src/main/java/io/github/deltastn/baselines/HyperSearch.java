package io.github.deltastn.baselines;

import io.github.deltastn.core.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A black-box hyperparameter search: repeatedly ask the {@link Strategy} for a point, run the
 * {@link Objective} there, record the {@link Trial}, until the {@link Budget} is used up.
 *
 * <pre>
 *   SearchResult r = new HyperSearch(space, objective, new BayesianOptimization())
 *           .withListener(printer)
 *           .run(Budget.of(50, deltaStnSeconds), new Rng(seed));
 * </pre>
 *
 * <p>Randomness: proposal {@code i} gets the {@code i}-th {@link Rng#split()} of the given stream, so a
 * search is reproducible from its seed (up to the objective's own determinism). Time: wall clock since
 * {@link #run} started (replaceable with {@link #withClock} for tests). Immutable; {@code with...} return copies.
 */
public final class HyperSearch {

    /** Progress of a search; every method has a no-op default. */
    public interface Listener {
        /** Before trial {@code index} is evaluated at {@code values}. */
        default void onTrialStart(int index, double[] values) {}

        /** After each trial; {@code soFar} holds every trial up to this one. */
        default void onTrial(Trial trial, SearchResult soFar) {}
    }

    private final SearchSpace space;
    private final Objective objective;
    private final Strategy strategy;
    private final Criterion criterion;
    private final Listener listener;
    private final LongSupplier nanoClock;

    /** A search minimising the final validation loss, with no listener and the system clock. */
    public HyperSearch(SearchSpace space, Objective objective, Strategy strategy) {
        this(space, objective, strategy, Criterion.FINAL_VALIDATION, new Listener() {}, System::nanoTime);
    }

    private HyperSearch(SearchSpace space, Objective objective, Strategy strategy, Criterion criterion, Listener listener,
                        LongSupplier nanoClock) {
        this.space = Objects.requireNonNull(space, "HyperSearch: space must not be null");
        this.objective = Objects.requireNonNull(objective, "HyperSearch: objective must not be null");
        this.strategy = Objects.requireNonNull(strategy, "HyperSearch: strategy must not be null");
        this.criterion = Objects.requireNonNull(criterion, "HyperSearch: criterion must not be null");
        this.listener = Objects.requireNonNull(listener, "HyperSearch: listener must not be null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "HyperSearch: clock must not be null");
    }

    /** The same search minimising {@code c}. */
    public HyperSearch withCriterion(Criterion c) {
        return new HyperSearch(space, objective, strategy, c, listener, nanoClock);
    }

    /** The same search reporting to {@code l}. */
    public HyperSearch withListener(Listener l) {
        return new HyperSearch(space, objective, strategy, criterion, l, nanoClock);
    }

    /** The same search timed by {@code nanos} (nanoseconds, monotone) instead of {@link System#nanoTime()}. */
    public HyperSearch withClock(LongSupplier nanos) {
        return new HyperSearch(space, objective, strategy, criterion, listener, nanos);
    }

    public SearchSpace space() {
        return space;
    }

    public Strategy strategy() {
        return strategy;
    }

    public Criterion criterion() {
        return criterion;
    }

    /**
     * Runs trials until the budget is used up.
     *
     * @throws IllegalArgumentException if the objective rejects the space
     * @throws IllegalStateException if the strategy proposes a point outside the space, or the objective
     *     returns {@code null}
     */
    public SearchResult run(Budget budget, Rng rng) {
        return run(budget, rng, List.of());
    }

    /**
     * Continues a search that was interrupted after {@code done} trials (read back from its files): the
     * strategy proposes again from the same random streams, each proposal must be the recorded trial's point,
     * and the recorded result is taken instead of training again; then the search goes on as if it had never
     * stopped, its clock continuing from the last recorded trial's end. With the same settings and seed the
     * result is that of an uninterrupted search, except for the seconds lost to the interruption.
     *
     * @throws ResumeMismatchException if a recorded trial is not what the strategy proposes (the search's
     *     settings, seed or data differ from the recorded one's)
     */
    public SearchResult run(Budget budget, Rng rng, List<Trial> done) {
        Objects.requireNonNull(budget, "HyperSearch.run: budget must not be null");
        Objects.requireNonNull(rng, "HyperSearch.run: rng must not be null");
        objective.validate(space);
        double offset = done.isEmpty() ? 0 : done.get(done.size() - 1).endSeconds();
        long start = nanoClock.getAsLong() - (long) (offset * 1e9);
        List<Trial> trials = new ArrayList<>();
        List<Trial> view = Collections.unmodifiableList(trials);
        double best = Double.NaN;
        for (Trial t : done) {
            double[] values = strategy.propose(space, view, rng.split());
            if (!Arrays.equals(values, t.values())) {
                throw new ResumeMismatchException("HyperSearch: cannot resume: recorded trial " + (t.index() + 1) + " is "
                        + space.format(t.values()) + " but strategy '" + strategy.id() + "' now proposes "
                        + space.format(values) + "; the settings, seed or data of the search differ from the recorded one's");
            }
            if (!t.failed() && !(t.target() >= best)) {
                best = t.target();
            }
            trials.add(t);
        }
        Budget.Stop stop;
        while (true) {
            if (trials.size() >= budget.maxTrials()) {
                stop = Budget.Stop.MAX_TRIALS;
                break;
            }
            if (seconds(start) >= budget.maxSeconds()) {
                stop = Budget.Stop.TIME;
                break;
            }
            int index = trials.size();
            double[] values = strategy.propose(space, view, rng.split());
            if (!space.contains(values)) {
                throw new IllegalStateException("HyperSearch: strategy '" + strategy.id() + "' proposed a point outside the space "
                        + space + ": " + (values == null ? "null" : Arrays.toString(values)));
            }
            listener.onTrialStart(index, values.clone());
            double t0 = seconds(start);
            Evaluation e = objective.evaluate(index, values.clone());
            double t1 = seconds(start);
            if (e == null) {
                throw new IllegalStateException("HyperSearch: the objective returned null for trial " + index + " at "
                        + space.format(values));
            }
            double target = criterion.of(e);
            String failure = e.failure();
            if (failure == null && !Double.isFinite(target)) {
                failure = "non-finite " + criterion.id() + " loss " + target;
            }
            if (failure != null) {
                target = Double.NaN;
            } else if (!(target >= best)) {
                best = target;
            }
            Trial t = new Trial(index, values, e, target, failure, t0, t1, best);
            trials.add(t);
            listener.onTrial(t, new SearchResult(strategy.id(), criterion, space, trials, null, t1));
        }
        return new SearchResult(strategy.id(), criterion, space, trials, stop, seconds(start));
    }

    /** A recorded trial that the strategy does not propose again: the search to resume is another one. */
    public static final class ResumeMismatchException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ResumeMismatchException(String message) {
            super(message);
        }
    }

    private double seconds(long start) {
        return (nanoClock.getAsLong() - start) * 1e-9;
    }
}
