package io.github.deltastn.baselines;

import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.NonFiniteLossException;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import io.github.deltastn.train.TrainingListener;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A trial as the paper's RS/BO baselines run it: train a fresh model with {@link Trainer} and
 * {@link Method#FIXED} at the trial's hyperparameter values, for the configured schedule, and report the
 * epoch history.
 *
 * <p>How the values reach the model: {@code FIXED} trains at z = 0 with the container's current values
 * {@code T(λ0)} (truncated for discrete hyperparameters) as the per-example values of every regulariser,
 * and has no hyper step, so λ0 never moves. {@link #fixedAt} therefore builds a container whose
 * <em>initial</em> values are the trial's: the same hyperparameters (names, domains, transforms, flags) with
 * {@code initial = v}, or for a discrete value k a point of k's cell that truncates to k (see
 * {@code Domain.representative}), and checks that {@code currentValues()} returns the trial's values.
 *
 * <p>Every trial uses {@code config} with the method set to {@code FIXED} and the same seed (so trials differ
 * only in their hyperparameters: same initial weights, batches and dropout streams), or the seed
 * {@code config.seed() + trial} with {@link #withSeedPerTrial}. The schedule is used as given: {@code epochs},
 * and for FIXED {@code maxCycles} still caps the number of (T_train-step) cycles. A diverging run
 * ({@link NonFiniteLossException}) is reported as a failed {@link Evaluation} with the history recorded up to
 * then.
 */
public final class TrainerObjective implements Objective {
    private final Supplier<? extends HyperModel> models;
    private final Hyperparameters template;
    private final TrainConfig config;
    private final Dataset train;
    private final Dataset valid;
    private final Dataset test;
    private final boolean seedPerTrial;
    private final IntFunction<? extends TrainingListener> listeners;

    /**
     * @param models makes a fresh (untrained) model for each trial; {@code hyperDim()} must equal the
     *     template's size
     * @param template the registered hyperparameters (frozen or not; only their descriptions are used)
     * @param config training settings; the method is replaced by {@code FIXED}
     * @param test may be {@code null}
     */
    public TrainerObjective(Supplier<? extends HyperModel> models, Hyperparameters template, TrainConfig config,
                            Dataset train, Dataset valid, Dataset test) {
        this(models, template, config, train, valid, test, false, trial -> new TrainingListener() {});
    }

    private TrainerObjective(Supplier<? extends HyperModel> models, Hyperparameters template, TrainConfig config,
                             Dataset train, Dataset valid, Dataset test, boolean seedPerTrial,
                             IntFunction<? extends TrainingListener> listeners) {
        this.models = Objects.requireNonNull(models, "TrainerObjective: model factory must not be null");
        this.template = Objects.requireNonNull(template, "TrainerObjective: hyperparameters must not be null");
        this.config = Objects.requireNonNull(config, "TrainerObjective: config must not be null").toBuilder()
                .method(Method.FIXED).build();
        this.train = Objects.requireNonNull(train, "TrainerObjective: training set must not be null");
        this.valid = Objects.requireNonNull(valid, "TrainerObjective: validation set must not be null");
        this.test = test;
        this.seedPerTrial = seedPerTrial;
        this.listeners = Objects.requireNonNull(listeners, "TrainerObjective: listener factory must not be null");
        if (template.size() == 0) {
            throw new IllegalArgumentException("TrainerObjective: the container has no hyperparameters to search");
        }
    }

    /** The same objective training trial {@code i} with seed {@code config.seed() + i} (when {@code on}). */
    public TrainerObjective withSeedPerTrial(boolean on) {
        return new TrainerObjective(models, template, config, train, valid, test, on, listeners);
    }

    /** The same objective reporting each trial's epochs to {@code listenerForTrial.apply(trial)}. */
    public TrainerObjective withListener(IntFunction<? extends TrainingListener> listenerForTrial) {
        return new TrainerObjective(models, template, config, train, valid, test, seedPerTrial, listenerForTrial);
    }

    /** The training settings of the trials (method FIXED). */
    /** The number of training examples. */
    public int trainSize() {
        return train.size();
    }

    public TrainConfig config() {
        return config;
    }

    /** {@link SearchSpace#of(Hyperparameters, SearchSpace.Dimension...)} of the template: the matching space. */
    public SearchSpace searchSpace(SearchSpace.Dimension... overrides) {
        return SearchSpace.of(template, overrides);
    }

    /** Requires the space's names to be the template's, in order, and every range to fit the domains. */
    @Override
    public void validate(SearchSpace space) {
        if (!space.names().equals(template.names())) {
            throw new IllegalArgumentException("TrainerObjective: the search space's dimensions " + space.names()
                    + " must be the model's hyperparameters " + template.names() + ", in that order");
        }
        for (int i = 0; i < space.size(); i++) {
            Domain.requireInside(template.get(i), space.dimension(i));
        }
    }

    @Override
    public Evaluation evaluate(int trial, double[] values) {
        Hyperparameters hp = fixedAt(template, values);
        TrainConfig cfg = seedPerTrial ? config.toBuilder().seed(config.seed() + trial).build() : config;
        long t0 = System.nanoTime();
        Trainer trainer = new Trainer(models.get(), hp, cfg, train, valid, test);
        List<EpochMetrics> history;
        try {
            history = trainer.run(listeners.apply(trial));
        } catch (NonFiniteLossException e) {
            return Evaluation.failed(e.getMessage(), (System.nanoTime() - t0) * 1e-9, trainer.history());
        }
        return Evaluation.fromHistory(history, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * A frozen container with the template's hyperparameters whose current values are {@code values}
     * (see the class comment).
     *
     * @param values natural values {@code [h]} in registration order: strictly inside each open domain, and
     *     integers of the domain for discrete hyperparameters
     * @throws IllegalArgumentException on a wrong length or a value outside its domain (naming it)
     */
    public static Hyperparameters fixedAt(Hyperparameters template, double[] values) {
        Objects.requireNonNull(template, "fixedAt: hyperparameters must not be null");
        Objects.requireNonNull(values, "fixedAt: values must not be null");
        if (values.length != template.size()) {
            throw new IllegalArgumentException("fixedAt: expected " + template.size() + " values (one per hyperparameter "
                    + template.names() + "), got " + values.length);
        }
        Hyperparameters out = new Hyperparameters();
        for (int i = 0; i < values.length; i++) {
            Hyperparameter h = template.get(i);
            double initial = Domain.representative(h, values[i]);
            out.register(new Hyperparameter(h.name(), h.lo(), h.hi(), initial, h.transform(), h.discrete(),
                    h.samePerturbationPerBatch(), h.initialScale()));
        }
        out.freeze();
        double[] current = out.currentValues().data();
        for (int i = 0; i < values.length; i++) {
            double tol = template.get(i).discrete() ? 0.0 : 1e-9 * Math.max(1.0, Math.abs(values[i]));
            if (!(Math.abs(current[i] - values[i]) <= tol)) {
                throw new IllegalStateException("fixedAt: hyperparameter '" + template.get(i).name() + "' would train at "
                        + current[i] + " instead of " + values[i] + " (its transform " + template.get(i).transform()
                        + " does not round-trip this value)");
            }
        }
        return out;
    }
}
