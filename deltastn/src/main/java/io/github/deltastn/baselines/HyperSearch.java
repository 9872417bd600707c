package io.github.deltastn.baselines;

import io.github.deltastn.core.Rng;
import io.github.deltastn.engine.Engine;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Parallel trials ({@link #withEngine}, {@link #withBatch}): the strategy proposes a batch of {@code q}
 * points, each seeing the earlier ones of the batch as pending ({@link Strategy#propose(SearchSpace, List, List,
 * Rng)}); the engine runs the batch and the listener hears of each trial as it finishes; the next batch is
 * proposed when the whole batch is done. Synchronous batches make a search a function of its seed and
 * {@code q} alone, whatever the engine, the number of workers and the order in which trials finish; with
 * {@code q = 1} it is the sequential search. Random search proposes the same points for every {@code q}.
 * A trial the engine could not run even after its retries becomes a failed trial; locally an exception ends
 * the search (see {@link Objective}).
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
    private final Engine engine;
    private final int batch;

    /**
     * A search minimising the final validation loss, with no listener, the system clock, and one trial at a time
     * in this JVM.
     */
    public HyperSearch(SearchSpace space, Objective objective, Strategy strategy) {
        this(space, objective, strategy, Criterion.FINAL_VALIDATION, new Listener() {}, System::nanoTime, Engine.local(), 1);
    }

    private HyperSearch(SearchSpace space, Objective objective, Strategy strategy, Criterion criterion, Listener listener,
                        LongSupplier nanoClock, Engine engine, int batch) {
        this.space = Objects.requireNonNull(space, "HyperSearch: space must not be null");
        this.objective = Objects.requireNonNull(objective, "HyperSearch: objective must not be null");
        this.strategy = Objects.requireNonNull(strategy, "HyperSearch: strategy must not be null");
        this.criterion = Objects.requireNonNull(criterion, "HyperSearch: criterion must not be null");
        this.listener = Objects.requireNonNull(listener, "HyperSearch: listener must not be null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "HyperSearch: clock must not be null");
        this.engine = Objects.requireNonNull(engine, "HyperSearch: engine must not be null");
        this.batch = batch;
        if (batch < 1) {
            throw new IllegalArgumentException("HyperSearch: the batch size must be >= 1, got " + batch);
        }
        if (engine != Engine.local() && !(objective instanceof Serializable)) {
            throw new IllegalArgumentException("HyperSearch: engine '" + engine.id() + "' ships the objective to its workers, "
                    + "but " + objective.getClass().getName() + " is not Serializable; give an objective that rebuilds "
                    + "its training from serialisable settings");
        }
    }

    /** The same search minimising {@code c}. */
    public HyperSearch withCriterion(Criterion c) {
        return new HyperSearch(space, objective, strategy, c, listener, nanoClock, engine, batch);
    }

    /** The same search reporting to {@code l}. */
    public HyperSearch withListener(Listener l) {
        return new HyperSearch(space, objective, strategy, criterion, l, nanoClock, engine, batch);
    }

    /** The same search timed by {@code nanos} (nanoseconds, monotone) instead of {@link System#nanoTime()}. */
    public HyperSearch withClock(LongSupplier nanos) {
        return new HyperSearch(space, objective, strategy, criterion, listener, nanos, engine, batch);
    }

    /**
     * The same search running its trials on {@code e} (for an engine other than {@link Engine#local()} the
     * objective must be {@link Serializable}); the batch size is unchanged.
     */
    public HyperSearch withEngine(Engine e) {
        return new HyperSearch(space, objective, strategy, criterion, listener, nanoClock, e, batch);
    }

    /** The same search proposing {@code q} ≥ 1 trials at a time (usually the engine's parallelism). */
    public HyperSearch withBatch(int q) {
        return new HyperSearch(space, objective, strategy, criterion, listener, nanoClock, engine, q);
    }

    public int batch() {
        return batch;
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
     * result is that of an uninterrupted search, except for the seconds lost to the interruption. With batches,
     * {@code done} may hold some trials of an unfinished batch (they finish in any order): the batch is
     * proposed again and only its missing trials run.
     *
     * @throws ResumeMismatchException if a recorded trial is not what the strategy proposes (the search's
     *     settings, seed or data differ from the recorded one's)
     */
    public SearchResult run(Budget budget, Rng rng, List<Trial> done) {
        Objects.requireNonNull(budget, "HyperSearch.run: budget must not be null");
        Objects.requireNonNull(rng, "HyperSearch.run: rng must not be null");
        objective.validate(space);
        Map<Integer, Trial> recorded = new HashMap<>();
        double offset = 0;
        for (Trial t : done) {
            recorded.put(t.index(), t);
            offset = Math.max(offset, t.endSeconds());
        }
        long start = nanoClock.getAsLong() - (long) (offset * 1e9);
        List<Trial> trials = new ArrayList<>();
        Budget.Stop stop;
        while (true) {
            if (trials.size() >= budget.maxTrials()) {
                stop = Budget.Stop.MAX_TRIALS;
                break;
            }
            if (seconds(start) >= budget.maxSeconds() && !recorded.containsKey(trials.size())) {
                stop = Budget.Stop.TIME;
                break;
            }
            int first = trials.size();
            int size = Math.min(batch, budget.maxTrials() - first);
            List<double[]> points = propose(trials, size, rng);
            List<TrialInput> toRun = new ArrayList<>();
            Trial[] finished = new Trial[size];
            for (int j = 0; j < size; j++) {
                Trial r = recorded.remove(first + j);
                if (r == null) {
                    toRun.add(new TrialInput(first + j, points.get(j)));
                    listener.onTrialStart(first + j, points.get(j).clone());
                } else if (!Arrays.equals(points.get(j), r.values())) {
                    throw new ResumeMismatchException("HyperSearch: cannot resume: recorded trial " + (r.index() + 1) + " is "
                            + space.format(r.values()) + " but strategy '" + strategy.id() + "' now proposes "
                            + space.format(points.get(j)) + "; the settings, seed, batch size or data of the search differ "
                            + "from the recorded one's");
                } else {
                    finished[j] = r;
                }
            }
            double t0 = seconds(start);
            engine.map(toRun, new EvaluateTrial(objective), (k, e, failure) -> {
                TrialInput in = toRun.get(k);
                finished[in.index() - first] = trial(in, e, failure, t0, seconds(start));
                List<Trial> soFar = withBestSoFar(trials, finished);
                listener.onTrial(soFar.get(indexOf(soFar, in.index())), new SearchResult(strategy.id(), criterion, space,
                        soFar, null, seconds(start)));
            });
            List<Trial> all = withBestSoFar(trials, finished);
            trials.clear();
            trials.addAll(all);
        }
        return new SearchResult(strategy.id(), criterion, space, trials, stop, seconds(start));
    }

    /** The next {@code size} points: proposal {@code i} from the {@code i}-th split of {@code rng}, later ones of a batch seeing the earlier as pending. */
    private List<double[]> propose(List<Trial> completed, int size, Rng rng) {
        List<Trial> view = Collections.unmodifiableList(completed);
        List<double[]> points = new ArrayList<>();
        for (int j = 0; j < size; j++) {
            double[] values = strategy.propose(space, view, Collections.unmodifiableList(new ArrayList<>(points)), rng.split());
            if (!space.contains(values)) {
                throw new IllegalStateException("HyperSearch: strategy '" + strategy.id() + "' proposed a point outside the space "
                        + space + ": " + (values == null ? "null" : Arrays.toString(values)));
            }
            points.add(values);
        }
        return points;
    }

    /** The trial of {@code in} from what the engine reported: failed when the objective or the engine says so. */
    private Trial trial(TrialInput in, Evaluation e, Exception engineFailure, double t0, double t1) {
        if (engineFailure != null) {
            e = Evaluation.failed(engine.id() + ": " + engineFailure.getMessage(), t1 - t0, List.of());
        } else if (e == null) {
            throw new IllegalStateException("HyperSearch: the objective returned null for trial " + in.index() + " at "
                    + space.format(in.values()));
        }
        double target = criterion.of(e);
        String failure = e.failure();
        if (failure == null && !Double.isFinite(target)) {
            failure = "non-finite " + criterion.id() + " loss " + target;
        }
        return new Trial(in.index(), in.values(), e, failure != null ? Double.NaN : target, failure, t0, t1, Double.NaN);
    }

    /**
     * {@code before} followed by the finished trials of the current batch (null entries: still running), in index
     * order, each with the lowest successful target up to its index among these.
     */
    private static List<Trial> withBestSoFar(List<Trial> before, Trial[] batch) {
        List<Trial> out = new ArrayList<>(before);
        double best = before.isEmpty() ? Double.NaN : before.get(before.size() - 1).bestSoFar();
        for (Trial t : batch) {
            if (t == null) {
                continue;
            }
            if (!t.failed() && !(t.target() >= best)) {
                best = t.target();
            }
            out.add(new Trial(t.index(), t.values(), t.evaluation(), t.target(), t.failure(), t.startSeconds(),
                    t.endSeconds(), best));
        }
        return out;
    }

    private static int indexOf(List<Trial> trials, int index) {
        for (int i = trials.size() - 1; i >= 0; i--) {
            if (trials.get(i).index() == index) {
                return i;
            }
        }
        throw new IllegalStateException("HyperSearch: trial " + index + " missing");
    }

    /** What a worker gets for one trial: its index and natural values. */
    record TrialInput(int index, double[] values) implements Serializable {}

    /** The task an engine runs: evaluate the objective at one trial's values. */
    private record EvaluateTrial(Objective objective) implements Engine.Task<TrialInput, Evaluation> {
        @Override
        public Evaluation apply(TrialInput in) {
            return objective.evaluate(in.index(), in.values().clone());
        }
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
