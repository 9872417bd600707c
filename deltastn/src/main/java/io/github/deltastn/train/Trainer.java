package io.github.deltastn.train;

import io.github.deltastn.autodiff.NoGrad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * One tuning run: the outer loop of algorithm.md §6.1 (warm-up, then cycles of T_train training steps and
 * T_valid hyper steps, evaluation at every epoch boundary). The steps are the config's {@link TuningMethod}'s;
 * the run's state and its checkpoint format are {@code RunState}'s.
 *
 * <p>Optimizers: SGD with momentum for the general weights w0 (for STN: for every weight), SGD with
 * momentum for the response parameters Θ (centered STN, Δ-STN), RMSprop for λ0 and for the raw scales s.
 * Random streams (initialisation, data order, perturbations, dropout masks, augmentation) are split from
 * the config's seed, so a run is reproducible.
 *
 * <p>Dtype (design.md §2): the weights are initialised in {@link TrainConfig#dtype()} (float32: the float64
 * init rounded) and the data sets are converted to it; λ0, s, the perturbations and the hyper step are float64,
 * and the structured layers cast their hyper input to the weights' dtype differentiably. Checkpoints record
 * the dtype and a run of another dtype refuses them.
 */
public final class Trainer {
    private final HyperModel model;
    private final TrainConfig cfg;
    private final TuningMethod method;
    private final Dataset trainSet;
    private final Dataset validSet;
    private final Dataset testSet;
    private final RunState state;
    private final StepContext context;
    private DoubleUnaryOperator lrFactor;
    private int evaluateEvery = 1;
    private boolean trainPassAtStart;
    private long startNanos;
    private boolean epochEnded;

    /**
     * @param hp the hyperparameters (registered; frozen here), {@code hp.size() == model.hyperDim()}
     * @param test may be {@code null}
     */
    public Trainer(HyperModel model, Hyperparameters hp, TrainConfig cfg, Dataset train, Dataset valid, Dataset test) {
        if (hp.size() != model.hyperDim()) {
            throw new IllegalArgumentException("Trainer: the model takes " + model.hyperDim() + " hyperparameters but "
                    + hp.size() + " are registered: " + hp.names());
        }
        this.model = model;
        this.cfg = cfg;
        this.method = cfg.method().tuning();
        this.trainSet = train.to(cfg.dtype());
        this.validSet = valid.to(cfg.dtype());
        this.testSet = test == null ? null : test.to(cfg.dtype());
        this.state = new RunState(model, hp.isFrozen() ? hp : hp.freeze(), cfg, trainSet, validSet);
        this.context = new StepContext(model, cfg, state);
    }

    /**
     * The current weights, which never change afterwards: the trainer writes its updates in place
     * ({@link io.github.deltastn.nn.optim.Optimizer#stepInPlace}) only over weights it has not handed out, and
     * copies a handed-out weight before its next update.
     */
    public Map<String, Tensor> params() {
        return state.exportParams();
    }

    public Hyperparameters hyperparameters() {
        return state.hp;
    }

    public TrainConfig config() {
        return cfg;
    }

    public HyperModel model() {
        return model;
    }

    public List<EpochMetrics> history() {
        return List.copyOf(state.history);
    }

    public long steps() {
        return state.steps;
    }

    /** Mean training loss of the steps taken so far in the current epoch (NaN before its first step). */
    public double epochTrainLoss() {
        return state.epochLossCount == 0 ? Double.NaN : state.epochLossSum / state.epochLossCount;
    }

    /**
     * The gradient {@code ∂(L_V − τH)/∂λ0} that the last hyper step followed, shape {@code [h]}; {@code null}
     * before the first hyper step (also after {@link #restore}).
     */
    public Tensor lastHypergradient() {
        return state.lastHypergradient;
    }

    /**
     * Scales every learning rate (w0, Θ, λ0, s) by {@code factor(c)} during cycle {@code c} of the main phase
     * (0-based, counted after warm-up; warm-up runs at the configured rates). Without it the rates stay those
     * of the {@link TrainConfig}. A pure function of the cycle count, so a restored run continues with the
     * same rates.
     */
    public void setLrFactor(DoubleUnaryOperator factor) {
        this.lrFactor = factor;
    }

    /**
     * How epoch boundaries are evaluated: the validation and test sets at epoch 0, at every {@code every}-th
     * epoch and at the end of the run (the other boundaries report NaN losses); the training set, in a full
     * pass at epoch 0 as the reference does, only when {@code trainPassAtStart}. Default: every epoch, no
     * training pass. Evaluation does not touch the random streams, so it does not change the run.
     */
    public void setEvaluation(int every, boolean trainPassAtStart) {
        if (every < 1) {
            throw new IllegalArgumentException("setEvaluation: every must be >= 1 epochs, got " + every);
        }
        this.evaluateEvery = every;
        this.trainPassAtStart = trainPassAtStart;
    }

    /**
     * Replaces the weights (tests and exact checks; e.g. setting w0 to a known best response). The given tensors
     * are not modified: training copies them before the first update.
     */
    public void setParams(Map<String, Tensor> p) {
        if (!p.keySet().equals(state.params.keySet())) {
            throw new IllegalArgumentException("setParams: expected parameters " + state.params.keySet() + ", got "
                    + p.keySet());
        }
        state.setParams(p);
    }

    // ------------------------------------------------------------------ the outer loop

    /**
     * Runs to the configured number of epochs (or cycles) and returns the epoch history: one entry per epoch
     * boundary (entry 0 before training), plus one where a cycle limit stopped the run. Training stops at the
     * last epoch boundary. After {@link #restore} it continues where the checkpoint was taken.
     */
    public List<EpochMetrics> run(TrainingListener listener) {
        RunState r = state;
        startNanos = System.nanoTime() - r.elapsedNanos;
        if (r.history.isEmpty()) {
            report(listener, trainPassAtStart ? evaluate(trainSet, "training", listener).loss() : Double.NaN, true);
        }
        while (r.epoch < cfg.warmupEpochs() && r.epoch < cfg.epochs()) {
            if (endOfRun(listener)) {
                return history();
            }
            trainStep(nextTrainBatch(listener));
            safePoint(listener);
        }
        if (r.cycles == 0 && r.cycleStep == 0 && r.epoch < cfg.epochs()) {
            listener.onWarmupEnd(this);
        }
        mainPhase:
        while (r.epoch < cfg.epochs() && (cfg.maxCycles() == 0 || r.cycles < cfg.maxCycles())) {
            if (lrFactor != null) {
                r.scaleLearningRates(cfg, lrFactor.applyAsDouble(r.cycles));
            }
            while (r.cycleStep < cfg.trainSteps()) {
                if (endOfRun(listener)) {
                    break mainPhase;
                }
                trainStep(nextTrainBatch(listener));
                r.cycleStep++;
            }
            for (int i = 0; i < cfg.validSteps() && method.hasHyperStep(); i++) {
                hyperStep(r.validLoader.next());
            }
            r.cycles++;
            r.cycleStep = 0;
            listener.onCycle(r.cycles, this);
            safePoint(listener);
        }
        // a cycle limit ends the run between epoch boundaries: report where it stopped
        if (r.history.get(r.history.size() - 1).steps() != r.steps) {
            report(listener, epochTrainLoss(), true);
        }
        return history();
    }

    /**
     * True, after reporting the last epoch boundary, when the training set is used up for the last epoch. The
     * next batch is not fetched (the reference lets the cycle spill a few steps past the boundary), so a run
     * restored from here with more epochs continues exactly as one that had them from the start.
     */
    private boolean endOfRun(TrainingListener listener) {
        // the pass that just ended is counted in epoch once reported (then the loader is one behind)
        RunState r = state;
        if (!r.trainLoader.endOfEpoch() || r.epoch != r.trainLoader.epoch() || r.epoch + 1 < cfg.epochs()) {
            return false;
        }
        r.epoch++;
        report(listener, r.takeEpochLoss(), true);
        return true;
    }

    private void safePoint(TrainingListener listener) {
        if (epochEnded) {
            epochEnded = false;
            listener.onCheckpoint(this);
        }
    }

    private DataLoader.Batch nextTrainBatch(TrainingListener listener) {
        DataLoader.Batch b = state.trainLoader.next();
        if (b.epoch() > state.epoch) {
            state.epoch = b.epoch();
            report(listener, state.takeEpochLoss(), state.epoch % evaluateEvery == 0 || state.epoch >= cfg.epochs());
            epochEnded = true;
        }
        return b;
    }

    private void report(TrainingListener listener, double trainLoss, boolean evaluated) {
        RunState r = state;
        Eval none = new Eval(Double.NaN, Double.NaN);
        long start = System.nanoTime();
        Eval v = evaluated ? evaluate(validSet, "validation", listener) : none;
        Eval t = evaluated && testSet != null ? evaluate(testSet, "test", listener) : none;
        r.evalNanos += System.nanoTime() - start;
        EpochMetrics m = new EpochMetrics(r.epoch, r.steps, (System.nanoTime() - startNanos) * 1e-9,
                r.trainNanos * 1e-9, r.hyperNanos * 1e-9, r.evalNanos * 1e-9, trainLoss, v.loss(), v.accuracy(),
                t.loss(), t.accuracy(), r.hp.currentValues(), r.hp.sigma());
        r.history.add(m);
        listener.onEpoch(m);
    }

    // ------------------------------------------------------------------ steps

    /**
     * One training step of the method ({@link TuningMethod#trainStep}). Returns the loss of the (first)
     * sub-step.
     */
    public double trainStep(DataLoader.Batch b) {
        long start = System.nanoTime();
        double loss = method.trainStep(context, b, state.hp.sample(b.size(), state.pertRng));
        state.countStep(loss);
        state.trainNanos += System.nanoTime() - start;
        return loss;
    }

    /**
     * One hyper step (algorithm.md §7): RMSprop on λ0 (and s) down the gradient of the method's hyper objective
     * on a validation batch. Returns the objective's value.
     */
    public double hyperStep(DataLoader.Batch vb) {
        long start = System.nanoTime();
        double value = context.hyperStep(method, vb, state.hp.sample(vb.size(), state.pertRng));
        state.hyperNanos += System.nanoTime() - start;
        return value;
    }

    /** The method's Θ-step objective ({@link TuningMethod#thetaObjective}) with explicit random streams. */
    public Var thetaObjective(Params p, DataLoader.Batch b, Perturbation pert, Rng masks, Rng aug) {
        return method.thetaObjective(context, p, b, pert, masks, aug);
    }

    /** The method's hyper objective ({@link TuningMethod#hyperObjective}), a function of {@code lam0} and {@code s}. */
    public Var hyperObjective(Params p, DataLoader.Batch vb, Perturbation pert, Var lam0, Var s) {
        return method.hyperObjective(context, p, vb, pert, lam0, s);
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * The complete state of the run: weights, λ0 and s, the four optimizers, both loaders' positions, the
     * random streams, the counters and the epoch history. Taken at a {@link TrainingListener#onCheckpoint} point,
     * {@link #restore} on a trainer built with the same model, hyperparameters, config and data continues the
     * run with the same results.
     */
    public Checkpoint checkpoint() {
        return state.checkpoint(cfg.method(), System.nanoTime() - startNanos);
    }

    /**
     * Continues from {@code c}: replaces all state with the checkpoint's.
     *
     * @throws IllegalArgumentException if the checkpoint is of another format or method or its shapes differ
     *     from this trainer's (the message names the parameter)
     */
    public void restore(Checkpoint c) {
        state.restore(c, cfg.method());
        epochEnded = false;
    }

    /** For tests: off, training steps allocate fresh gradients ({@code Grad.values}) instead of reusing buffers. */
    void reuseGradientBuffers(boolean on) {
        state.reuseGradientBuffers = on;
    }

    // ------------------------------------------------------------------ evaluation

    /** Mean loss and accuracy (NaN for regression) over a split. */
    public record Eval(double loss, double accuracy) {}

    /**
     * Evaluation mode over {@code data} (no dropout, no augmentation) at the method's
     * {@link TuningMethod#evaluationZ}: z = 0 (pure w0), or z = λ0 for STN (algorithm.md §10.7).
     */
    public Eval evaluate(Dataset data) {
        return evaluate(data, "", new TrainingListener() {});
    }

    private Eval evaluate(Dataset data, String split, TrainingListener listener) {
        try (NoGrad scope = NoGrad.enter()) {
            DataLoader loader = new DataLoader(data.to(cfg.dtype()), cfg.validBatchSize(), false, null);
            Params p = Params.constants(state.params);
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            for (DataLoader.Batch b : loader.epochBatches()) {
                int n = b.size();
                Var z = Var.constant(method.evaluationZ(state.hp.lam0(), n));
                Var y = model.predict(p, Var.constant(b.x()), z, null, false, state.maskRng);
                lossSum += model.loss(y, b).item() * n;
                if (b.labels() != null) {
                    correct += Math.round(Losses.accuracy(y.value(), b.labels()) * n);
                }
                seen += n;
                listener.onEvaluation(split, seen, data.size());
            }
            double acc = data.isClassification() ? (double) correct / Math.max(1, seen) : Double.NaN;
            return new Eval(lossSum / Math.max(1, seen), acc);
        }
    }
}
