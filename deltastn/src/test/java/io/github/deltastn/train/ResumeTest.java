package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.nn.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stopping after a checkpoint and resuming gives the same epoch metrics as one uninterrupted run. */
class ResumeTest {
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    static Trainer trainer(Method m) {
        Rng r = new Rng(8);
        int[] labels = new int[50];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(3);
        }
        Dataset train = Dataset.classification(Tensor.normal(r, 0, 1, 50, 6), labels, 3);
        Dataset valid = train.slice(0, 20);
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout0", 0, 0.95, 0.1);
        hp.register("dropout1", 0, 0.95, 0.2);
        TrainConfig cfg = TrainConfig.builder()
                .method(m).epochs(5).warmupEpochs(1).trainSteps(3).batchSize(8).validBatchSize(10).seed(3).build();
        return new Trainer(new MlpModel(new int[] {6, 7, 3}, 2), hp, cfg, train, valid, valid);
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void resumedRunEqualsUninterruptedRun(Method m, @TempDir Path dir) throws Exception {
        List<EpochMetrics> full = trainer(m).run(new TrainingListener() {});
        Trainer resumed = trainer(m);
        resumed.restore(Checkpoint.load(stoppedAt(trainer(m), 3, dir.resolve("checkpoint.bin"))));
        List<EpochMetrics> rest = resumed.run(new TrainingListener() {});
        assertEquals(full.size(), rest.size());
        for (int i = 0; i < full.size(); i++) {
            EpochMetrics a = full.get(i);
            EpochMetrics b = rest.get(i);
            assertEquals(a.epoch(), b.epoch());
            assertEquals(a.steps(), b.steps());
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "train loss, epoch " + a.epoch());
            assertEquals(a.validLoss(), b.validLoss(), 0.0, "valid loss, epoch " + a.epoch());
            assertEquals(a.testLoss(), b.testLoss(), 0.0, "test loss, epoch " + a.epoch());
            assertEquals(a.hyper(), b.hyper(), "hyperparameters, epoch " + a.epoch());
            assertEquals(a.sigma(), b.sigma(), "scales, epoch " + a.epoch());
        }
        assertTrue(full.get(full.size() - 1).epoch() >= 5);
        if (m != Method.FIXED) {
            assertNotEquals(full.get(0).hyper(), full.get(full.size() - 1).hyper(), "the hyper steps moved the rates");
        }
    }

    /** The gradient-based methods on the toy ridge model (full batch): a resumed run equals an uninterrupted one. */
    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"IFT", "UNROLL"})
    void gradientBasedRunsResumeBitForBit(Method m, @TempDir Path dir) throws Exception {
        var data = io.github.deltastn.toy.SyntheticRegression.defaultData();
        var settings = io.github.deltastn.toy.ToyExperiment.Settings.defaults(
                io.github.deltastn.toy.ToyExperiment.Problem.RIDGE, m).withHyperTerms(3);
        java.util.function.Supplier<Trainer> make = () -> {
            Hyperparameters hp = new Hyperparameters();
            hp.register(io.github.deltastn.toy.ToyExperiment.hyperparameter(settings.problem(), settings.sigma()));
            TrainConfig cfg = TrainConfig.builder().method(m).epochs(40).warmupEpochs(4).trainSteps(3)
                    .batchSize(data.nTrain()).validBatchSize(data.nValid()).tuneScales(false).hyperTerms(3).build();
            return new Trainer(io.github.deltastn.toy.ToyExperiment.model(data, settings), hp, cfg,
                    Dataset.regression(data.xTrain(), data.yTrain()), Dataset.regression(data.xValid(), data.yValid()), null);
        };
        List<EpochMetrics> full = make.get().run(new TrainingListener() {});
        Trainer resumed = make.get();
        resumed.restore(Checkpoint.load(stoppedAt(make.get(), 7, dir.resolve("checkpoint.bin"))));
        List<EpochMetrics> rest = resumed.run(new TrainingListener() {});
        assertEquals(full.size(), rest.size());
        for (int i = 0; i < full.size(); i++) {
            assertEquals(full.get(i).validLoss(), rest.get(i).validLoss(), 0.0, "valid loss, epoch " + full.get(i).epoch());
            assertEquals(full.get(i).hyper(), rest.get(i).hyper(), "hyperparameter, epoch " + full.get(i).epoch());
        }
        assertTrue(full.get(full.size() - 1).hyper().item() > 2 * full.get(0).hyper().item(), "the hyper steps moved c");
    }

    /** Runs {@code t}, saving a checkpoint to {@code file} at each safe point, and stops it at the {@code n}-th. */
    static Path stoppedAt(Trainer t, int n, Path file) {
        int[] seen = {0};
        assertThrows(Stop.class, () -> t.run(new TrainingListener() {
            @Override
            public void onCheckpoint(Trainer tr) {
                try {
                    tr.checkpoint().save(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (++seen[0] == n) {
                    throw new Stop();
                }
            }
        }));
        return file;
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"DELTA"})
    void checkpointOfAnotherMethodIsRejected(Method m, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.bin");
        trainer(Method.STN).checkpoint().save(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(m).restore(Checkpoint.load(file)));
        assertTrue(e.getMessage().contains("'stn'") && e.getMessage().contains("'delta'"), e.getMessage());
    }
}
