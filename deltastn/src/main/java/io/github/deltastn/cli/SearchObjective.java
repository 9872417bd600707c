package io.github.deltastn.cli;

import io.github.deltastn.baselines.Evaluation;
import io.github.deltastn.baselines.Objective;
import io.github.deltastn.baselines.SearchSpace;
import io.github.deltastn.baselines.TrainerObjective;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.experiments.ImageExperiments;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.models.SimpleCnnModel;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The trial of a {@code search}: its settings, serialisable, and the {@link TrainerObjective} they describe, built
 * on first use in whichever JVM runs the trial (the CLI's, or a Spark executor's, which reads the data set from
 * its own data cache). A data set that cannot be read is an {@link UncheckedIOException} naming the host, with
 * the {@link io.github.deltastn.nn.data.MissingDataException} (which says how to fetch it) as its cause.
 *
 * @param experiment mnist, fmnist or toy
 * @param toy the toy problem's settings (toy only)
 * @param dataDir the data cache, or null for {@code $DELTASTN_DATA} / {@code ~/.cache/deltastn} where the trial runs
 */
record SearchObjective(String experiment, ToyExperiment.Settings toy, int epochs, int batchSize, double lr, long seed,
        int threads, int limitTrain, int limitEval, Integer synthetic, boolean paperWidths, String dataDir,
        DType dtype) implements Objective, Serializable {

    /** Built objectives, one per settings and JVM: a worker loads its data set once for all its trials. */
    private static final java.util.Map<SearchObjective, TrainerObjective> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

    /** The objective of these settings (loading the data set on first use in this JVM). */
    TrainerObjective trainer() {
        return BUILT.computeIfAbsent(this, SearchObjective::build);
    }

    @Override
    public Evaluation evaluate(int trial, double[] values) {
        TrainerObjective o = trainer();
        if (Parallel.threads() != threads) {
            Parallel.setThreads(threads);
        }
        return o.evaluate(trial, values);
    }

    @Override
    public void validate(SearchSpace space) {
        trainer().validate(space);
    }

    private TrainerObjective build() {
        if (experiment.equals("toy")) {
            return ToyExperiment.searchObjective(SyntheticRegression.defaultData(), toy);
        }
        ExperimentSetup setup = imageSetup().withEvalLimit(limitEval).withDType(dtype);
        Supplier<HyperModel> models = experiment.equals("mnist") ? (paperWidths ? MlpModel::mnist : MlpModel::reference)
                : paperWidths ? SimpleCnnModel::paper : SimpleCnnModel::reference;
        TrainConfig cfg = setup.config().toBuilder()
                .method(Method.FIXED).epochs(epochs).warmupEpochs(0).trainSteps(5).validSteps(0).maxCycles(0)
                .batchSize(batchSize).validBatchSize(batchSize).lr(lr).responseLr(lr).momentum(0.9).hyperLr(0.01)
                .scaleLr(0.01).seed(seed).dtype(dtype).build();
        return new TrainerObjective(models, setup.hyperparameters(), cfg, setup.train(), setup.valid(), setup.test());
    }

    private ExperimentSetup imageSetup() {
        boolean mnist = experiment.equals("mnist");
        if (synthetic != null) {
            var train = ImageExperiments.syntheticImages(synthetic, 11);
            var test = ImageExperiments.syntheticImages(Math.max(1, synthetic / 6), 12);
            return mnist ? ImageExperiments.mnist(train, test, !paperWidths, limitTrain, Method.FIXED, epochs)
                    : ImageExperiments.fashionMnist(train, test, paperWidths, limitTrain, Method.FIXED, epochs);
        }
        DataCache cache = dataDir == null ? DataCache.fromEnvironment() : new DataCache(Path.of(dataDir));
        try {
            return mnist ? ImageExperiments.mnist(cache, !paperWidths, limitTrain, Method.FIXED, epochs)
                    : ImageExperiments.fashionMnist(cache, paperWidths, limitTrain, Method.FIXED, epochs);
        } catch (IOException e) {
            throw new UncheckedIOException("on host " + host() + ": " + e.getMessage(), e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}
