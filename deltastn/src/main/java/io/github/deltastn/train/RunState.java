package io.github.deltastn.train;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.optim.Optimizer;
import io.github.deltastn.nn.optim.RmsProp;
import io.github.deltastn.nn.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run changes as it goes, and its checkpoint format: weights, λ0 and s, the four optimizers,
 * both loaders' positions, the perturbation / mask / augmentation random streams, the counters, the timers
 * and the epoch history. {@link Trainer} drives it; {@link StepContext} gives the tuning methods their
 * narrow view of it.
 */
final class RunState {
    /** The checkpoint format this version writes and reads. */
    static final String FORMAT = "deltastn-trainer-2";
    /** Columns of a history row before the hyperparameters: the scalar components of {@link EpochMetrics}. */
    private static final int HISTORY_FIXED = 11;

    /** The run's dtype: of the weights, their optimizer state and the data; λ0 and s are float64. */
    final DType dtype;
    final Optimizer weightOpt;
    final Optimizer responseOpt;
    final Optimizer hyperOpt;
    final Optimizer scaleOpt;
    final DataLoader trainLoader;
    final DataLoader validLoader;
    final List<EpochMetrics> history = new ArrayList<>();
    /** The weights; maps are replaced, never changed, so a map handed out keeps its entries. */
    Map<String, Tensor> params;
    /**
     * The names whose tensor in {@link #params} this run made itself and has handed to no one since (not by
     * {@link #exportParams}, not into a checkpoint): only those does a training step overwrite in place
     * ({@link StepContext#step}); the others it copies first.
     */
    final Set<String> owned = new HashSet<>();
    /** Gradient buffers by weight name, reused by every training step (not part of the checkpoint). */
    final Map<String, Tensor> gradBuffers = new HashMap<>();
    /** Whether training steps use {@link #gradBuffers} (off only in tests that compare with fresh gradients). */
    boolean reuseGradientBuffers = true;
    Hyperparameters hp;
    Rng pertRng;
    Rng maskRng;
    Rng augRng;
    long steps;
    int cycles;
    /** Training steps taken in the current cycle: > 0 only when a run restored mid-cycle continues it. */
    int cycleStep;
    int epoch;
    double epochLossSum;
    int epochLossCount;
    long elapsedNanos;
    long trainNanos;
    long hyperNanos;
    long evalNanos;
    Tensor lastHypergradient;

    /** The initial state; the random streams are split from {@code cfg.seed()} in a fixed order. */
    RunState(HyperModel model, Hyperparameters hp, TrainConfig cfg, Dataset train, Dataset valid) {
        Rng root = new Rng(cfg.seed());
        this.hp = hp;
        this.dtype = cfg.dtype();
        this.params = model.init(root.split(), dtype);
        this.trainLoader = new DataLoader(train, cfg.batchSize(), true, root.split());
        this.validLoader = new DataLoader(valid, cfg.validBatchSize(), true, root.split());
        this.pertRng = root.split();
        this.maskRng = root.split();
        this.augRng = root.split();
        this.weightOpt = new Sgd(cfg.lr(), cfg.momentum());
        this.responseOpt = new Sgd(cfg.responseLr(), cfg.momentum());
        this.hyperOpt = new RmsProp(cfg.hyperLr());
        this.scaleOpt = new RmsProp(cfg.scaleLr());
    }

    /**
     * {@link #params} for someone outside the run: from now on no step writes over these tensors (the next
     * step on a weight copies it first), so the caller sees them unchanged.
     */
    Map<String, Tensor> exportParams() {
        owned.clear();
        return params;
    }

    /** Replaces the weights with tensors someone else may hold (not owned; see {@link #owned}). */
    void setParams(Map<String, Tensor> p) {
        params = new LinkedHashMap<>(p);
        owned.clear();
    }

    /** Every learning rate at {@code factor} times its configured value. */
    void scaleLearningRates(TrainConfig cfg, double factor) {
        weightOpt.setLr(cfg.lr() * factor);
        responseOpt.setLr(cfg.responseLr() * factor);
        hyperOpt.setLr(cfg.hyperLr() * factor);
        scaleOpt.setLr(cfg.scaleLr() * factor);
    }

    /** Adds a finished training step's loss to the epoch's running mean. */
    void countStep(double loss) {
        steps++;
        epochLossSum += loss;
        epochLossCount++;
    }

    /** The mean training loss of the epoch so far, and a fresh mean for the next one. */
    double takeEpochLoss() {
        double mean = epochLossSum / Math.max(1, epochLossCount);
        epochLossSum = 0;
        epochLossCount = 0;
        return mean;
    }

    Checkpoint checkpoint(Method method, long elapsed) {
        Checkpoint.Builder c = Checkpoint.builder()
                .putString("format", FORMAT)
                .putString("method", method.id())
                .putString("dtype", dtype.toString())
                .putTensors("params/", exportParams())
                .putTensor("hyper/lam0", hp.lam0())
                .putTensor("hyper/s", hp.rawScale())
                .putOptimizer("opt/weights/", weightOpt.state())
                .putOptimizer("opt/response/", responseOpt.state())
                .putOptimizer("opt/hyper/", hyperOpt.state())
                .putOptimizer("opt/scale/", scaleOpt.state())
                .putLoader("loader/train/", trainLoader.state())
                .putLoader("loader/valid/", validLoader.state())
                .putLong("rng/perturbation", pertRng.state())
                .putLong("rng/mask", maskRng.state())
                .putLong("rng/augment", augRng.state())
                .putLong("steps", steps)
                .putLong("cycles", cycles)
                .putLong("cycleStep", cycleStep)
                .putLong("epoch", epoch)
                .putDouble("epochLossSum", epochLossSum)
                .putLong("epochLossCount", epochLossCount)
                .putLong("elapsedNanos", elapsed)
                .putLong("time/train", trainNanos)
                .putLong("time/hyper", hyperNanos)
                .putLong("time/eval", evalNanos);
        int h = hp.size();
        int width = HISTORY_FIXED + 2 * h;
        double[] hist = new double[history.size() * width];
        int k = 0;
        for (EpochMetrics m : history) {
            double[] row = {m.epoch(), m.steps(), m.seconds(), m.trainSeconds(), m.hyperSeconds(), m.evalSeconds(),
                m.trainLoss(), m.validLoss(), m.validAccuracy(), m.testLoss(), m.testAccuracy()};
            System.arraycopy(row, 0, hist, k, HISTORY_FIXED);
            System.arraycopy(m.hyper().data(), 0, hist, k + HISTORY_FIXED, h);
            System.arraycopy(m.sigma().data(), 0, hist, k + HISTORY_FIXED + h, h);
            k += width;
        }
        c.putTensor("history", Tensor.wrap(hist, history.size(), width));
        return c.build();
    }

    void restore(Checkpoint c, Method method) {
        String format = c.strings().get("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("restore: the checkpoint is of format " + format + ", this version reads "
                    + FORMAT + "; start the run over");
        }
        if (!method.id().equals(c.getString("method"))) {
            throw new IllegalArgumentException("restore: checkpoint is of method '" + c.getString("method")
                    + "', this run is '" + method.id() + "'");
        }
        String saved = c.strings().getOrDefault("dtype", DType.FLOAT64.toString());
        if (!dtype.toString().equals(saved)) {
            throw new IllegalArgumentException("restore: the checkpoint is of a " + saved + " run, this run is " + dtype
                    + "; resume with the dtype the run was started with");
        }
        setParams(c.restore("params/", params));
        hp = hp.withValues(c.tensor("hyper/lam0"), c.tensor("hyper/s"));
        weightOpt.loadState(c.optimizerState("opt/weights/"));
        responseOpt.loadState(c.optimizerState("opt/response/"));
        hyperOpt.loadState(c.optimizerState("opt/hyper/"));
        scaleOpt.loadState(c.optimizerState("opt/scale/"));
        trainLoader.restore(c.loaderState("loader/train/"));
        validLoader.restore(c.loaderState("loader/valid/"));
        pertRng = Rng.fromState(c.getLong("rng/perturbation"));
        maskRng = Rng.fromState(c.getLong("rng/mask"));
        augRng = Rng.fromState(c.getLong("rng/augment"));
        steps = c.getLong("steps");
        cycles = (int) c.getLong("cycles");
        cycleStep = (int) c.getLong("cycleStep");
        epoch = (int) c.getLong("epoch");
        epochLossSum = c.getDouble("epochLossSum");
        epochLossCount = (int) c.getLong("epochLossCount");
        elapsedNanos = c.getLong("elapsedNanos");
        trainNanos = c.getLong("time/train");
        hyperNanos = c.getLong("time/hyper");
        evalNanos = c.getLong("time/eval");
        lastHypergradient = null;
        history.clear();
        Tensor hist = c.tensor("history");
        int h = hp.size();
        int width = HISTORY_FIXED + 2 * h;
        if (hist.ndim() != 2 || hist.dim(1) != width) {
            throw new IllegalArgumentException("restore: history has shape " + Arrays.toString(hist.shape())
                    + ", expected [epochs, " + width + "] for " + h + " hyperparameters");
        }
        double[] d = hist.data();
        for (int r = 0; r < hist.dim(0); r++) {
            int o = r * width;
            history.add(new EpochMetrics((int) d[o], (long) d[o + 1], d[o + 2], d[o + 3], d[o + 4], d[o + 5], d[o + 6],
                    d[o + 7], d[o + 8], d[o + 9], d[o + 10],
                    Tensor.of(Arrays.copyOfRange(d, o + HISTORY_FIXED, o + HISTORY_FIXED + h)),
                    Tensor.of(Arrays.copyOfRange(d, o + HISTORY_FIXED + h, o + width))));
        }
    }
}
