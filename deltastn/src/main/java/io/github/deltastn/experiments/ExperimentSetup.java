package io.github.deltastn.experiments;

import io.github.deltastn.core.DType;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Trainer;
import io.github.deltastn.train.TrainConfig;

/**
 * Everything one run of an experiment needs: the model, its hyperparameters (registered, not yet frozen),
 * the three splits and the reference settings.
 *
 * @param name short name, e.g. {@code "mnist"}
 * @param test may be {@code null}
 */
public record ExperimentSetup(String name, HyperModel model, Hyperparameters hyperparameters, Dataset train,
                              Dataset valid, Dataset test, TrainConfig config) {

    /**
     * This setup with the validation and test sets cut to {@code n} evenly spaced examples each
     * ({@link Dataset#spread}; 0 = all): evaluation, and the hyper steps, then use those examples.
     */
    public ExperimentSetup withEvalLimit(int n) {
        return new ExperimentSetup(name, model, hyperparameters, train, valid.spread(n), test == null ? null : test.spread(n),
                config);
    }

    /**
     * This setup with other initial values for the named hyperparameters (the values a {@code FIXED} run trains
     * at); the rest unchanged. An empty map returns this setup.
     *
     * @throws IllegalArgumentException naming an unknown hyperparameter and the known ones, or a value outside
     *                                  the hyperparameter's domain
     */
    public ExperimentSetup withInitial(java.util.Map<String, Double> values) {
        if (values.isEmpty()) {
            return this;
        }
        values.keySet().forEach(hyperparameters::indexOf); // throws, naming the known ones, on an unknown name
        return withEach(h -> values.containsKey(h.name()) ? h.withInitial(values.get(h.name())) : h);
    }

    /** This setup with every hyperparameter's initial perturbation scale σ0 set to {@code sigma0} (&gt; 0). */
    public ExperimentSetup withInitialScale(double sigma0) {
        return withEach(h -> h.withInitialScale(sigma0));
    }

    private ExperimentSetup withEach(java.util.function.UnaryOperator<Hyperparameter> change) {
        Hyperparameters hp = new Hyperparameters();
        for (var h : hyperparameters.all()) {
            hp.register(change.apply(h));
        }
        return new ExperimentSetup(name, model, hp, train, valid, test, config);
    }

    /**
     * This setup with the three splits in {@code dtype} ({@link Dataset#to}): converting once here lets the
     * float64 copies go, instead of the trainer holding both.
     */
    public ExperimentSetup withDType(DType dtype) {
        return new ExperimentSetup(name, model, hyperparameters, train.to(dtype), valid.to(dtype),
                test == null ? null : test.to(dtype), config);
    }

    /** A trainer for this setup with {@code cfg} (e.g. {@link #config()} with the user's changes). */
    public Trainer trainer(TrainConfig cfg) {
        return new Trainer(model, hyperparameters, cfg, train, valid, test);
    }
}
