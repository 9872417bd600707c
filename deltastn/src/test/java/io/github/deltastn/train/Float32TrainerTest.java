package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.models.LanguageModel;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.models.SimpleCnnModel;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.nn.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs in float32 (design.md §2): weights, Θ, w0 and data in float32, λ0, s and the hyper step in float64;
 * metrics close to the float64 run's; resuming is bit-identical.
 */
class Float32TrainerTest {
    private static final DType F32 = DType.FLOAT32;

    static Trainer mlp(Method m, DType dtype, int epochs) {
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
        TrainConfig cfg = TrainConfig.builder().method(m).epochs(epochs).warmupEpochs(1).trainSteps(3).batchSize(8)
                .validBatchSize(10).seed(3).dtype(dtype).build();
        return new Trainer(new MlpModel(new int[] {6, 7, 3}, 2), hp, cfg, train, valid, valid);
    }

    @ParameterizedTest
    // the gradient-based methods run in float64 only (the trainer refuses float32 for them)
    @EnumSource(value = Method.class, names = {"IFT", "UNROLL"}, mode = EnumSource.Mode.EXCLUDE)
    void float32RunFollowsTheFloat64Run(Method m) {
        Trainer t32 = mlp(m, F32, 3);
        List<EpochMetrics> a = mlp(m, DType.FLOAT64, 3).run(new TrainingListener() {});
        List<EpochMetrics> b = t32.run(new TrainingListener() {});
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 1e-4, "train loss, epoch " + i);
            assertEquals(a.get(i).validLoss(), b.get(i).validLoss(), 1e-4, "valid loss, epoch " + i);
            assertTrue(a.get(i).hyper().to(DType.FLOAT64).allClose(b.get(i).hyper(), 1e-4, 1e-5), "λ, epoch " + i);
        }
        for (Tensor w : t32.params().values()) {
            assertEquals(F32, w.dtype());
        }
        assertEquals(DType.FLOAT64, t32.hyperparameters().lam0().dtype());
        if (m.tuning().hasHyperStep()) {
            assertEquals(DType.FLOAT64, t32.lastHypergradient().dtype());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"DELTA", "STN"})
    void float32ResumeIsBitIdentical(Method m, @TempDir Path dir) throws Exception {
        List<EpochMetrics> full = mlp(m, F32, 3).run(new TrainingListener() {});
        Trainer first = mlp(m, F32, 2);
        first.run(new TrainingListener() {});
        Path file = dir.resolve("c.bin");
        first.checkpoint().save(file);
        Trainer resumed = mlp(m, F32, 3);
        resumed.restore(Checkpoint.load(file));
        List<EpochMetrics> rest = resumed.run(new TrainingListener() {});
        assertEquals(full.size(), rest.size());
        for (int i = 0; i < full.size(); i++) {
            assertEquals(full.get(i).trainLoss(), rest.get(i).trainLoss(), 0.0, "epoch " + i);
            assertEquals(full.get(i).validLoss(), rest.get(i).validLoss(), 0.0, "epoch " + i);
            assertEquals(full.get(i).hyper(), rest.get(i).hyper(), "epoch " + i);
        }
        Trainer again = mlp(m, F32, 3);
        again.run(new TrainingListener() {});
        assertEquals(again.params(), resumed.params());
    }

    @Test
    void checkpointOfAnotherDtypeIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.bin");
        mlp(Method.DELTA, DType.FLOAT64, 1).checkpoint().save(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mlp(Method.DELTA, F32, 1).restore(Checkpoint.load(file)));
        assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void cnnAndLanguageModelTrainInFloat32() {
        Rng r = new Rng(4);
        int[] labels = new int[12];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(10);
        }
        Dataset images = Dataset.classification(Tensor.uniform(r, 0, 1, 12, 1, 8, 8), labels, 10);
        for (DType d : DType.values()) {
            TrainConfig cfg = TrainConfig.builder().method(Method.DELTA).epochs(2).warmupEpochs(1).trainSteps(2)
                    .batchSize(4).validBatchSize(6).dtype(d).build();
            List<EpochMetrics> h = new Trainer(new SimpleCnnModel(2, 3, 8, 8), SimpleCnnModel.hyperparameters(), cfg,
                    images, images, null).run(new TrainingListener() {});
            assertTrue(Double.isFinite(h.get(h.size() - 1).validLoss()), d.toString());
        }
        double[] ids = new double[6 * 5];
        double[] next = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(11);
            next[i] = r.nextInt(11);
        }
        Dataset text = Dataset.regression(Tensor.wrap(ids, 6, 5), Tensor.wrap(next, 6, 5));
        double[] loss = new double[2];
        for (DType d : DType.values()) {
            TrainConfig cfg = TrainConfig.builder().method(Method.DELTA).epochs(2).warmupEpochs(1).trainSteps(2)
                    .batchSize(3).validBatchSize(3).dtype(d).build();
            List<EpochMetrics> h = new Trainer(new LanguageModel(11, 4, 2), LanguageModel.hyperparameters(), cfg,
                    text, text, null).run(new TrainingListener() {});
            loss[d.ordinal()] = h.get(h.size() - 1).validLoss();
        }
        assertEquals(loss[0], loss[1], 1e-4);
    }

    @ParameterizedTest
    // the gradient-based methods run in float64 only (the trainer refuses float32 for them)
    @EnumSource(value = Method.class, names = {"IFT", "UNROLL"}, mode = EnumSource.Mode.EXCLUDE)
    void reusedGradientBuffersGiveTheSameRunBitForBit(Method m) {
        for (DType d : DType.values()) {
            Trainer fresh = mlp(m, d, 3);
            fresh.reuseGradientBuffers(false);
            Trainer reused = mlp(m, d, 3);
            List<EpochMetrics> a = fresh.run(new TrainingListener() {});
            List<EpochMetrics> b = reused.run(new TrainingListener() {});
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 0.0, d + " epoch " + i);
                assertEquals(a.get(i).hyper(), b.get(i).hyper(), d + " epoch " + i);
            }
            assertEquals(fresh.params(), reused.params(), d.toString());
        }
    }
}
