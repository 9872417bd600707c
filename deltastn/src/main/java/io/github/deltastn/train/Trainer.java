package io.github.deltastn.train;

import io.github.deltastn.autodiff.Dual;
import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Jvp;
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
import io.github.deltastn.nn.optim.Optimizer;
import io.github.deltastn.nn.optim.RmsProp;
import io.github.deltastn.nn.optim.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * One tuning run: the outer loop of algorithm.md §6.1 (warm-up, then cycles of T_train training steps and
 * T_valid hyper steps, evaluation at every epoch boundary) and the step sequences of algorithm.md §6.2, §6.3
 * and §7.
 *
 * <p>Optimizers: SGD with momentum for the general weights w0 (for STN: for every weight), SGD with
 * momentum for the response parameters Θ (centered STN, Δ-STN), RMSprop for λ0 and for the raw scales s.
 * Random streams (initialisation, data order, perturbations, dropout masks, augmentation) are split from
 * the config's seed, so a run is reproducible.
 */
public final class Trainer {
    /** Receives progress; every method has a no-op default. */
    public interface Listener {
        default void onEpoch(EpochMetrics m) {}

        /**
         * Once, when warm-up has ended and before the first cycle of the main phase (also without warm-up; not
         * again after {@link Trainer#restore} of a run that is past it).
         */
        default void onWarmupEnd(Trainer trainer) {}

        /** While an epoch boundary is evaluated: {@code done} of {@code total} examples of {@code split}. */
        default void onEvaluation(String split, int done, int total) {}

        /** After each (T_train + T_valid) cycle of the main phase. */
        default void onCycle(int cycle, Trainer trainer) {}

        /**
         * At the first safe point after each epoch boundary (a step boundary in warm-up, a cycle boundary
         * after it): {@link Trainer#checkpoint()} taken now lets {@link Trainer#restore} continue exactly.
         */
        default void onCheckpoint(Trainer trainer) {}
    }

    /** The checkpoint format this version writes and reads. */
    static final String FORMAT = "deltastn-trainer-2";
    /** Columns of a history row before the hyperparameters: the scalar components of {@link EpochMetrics}. */
    private static final int HISTORY_FIXED = 11;

    private final HyperModel model;
    private final TrainConfig cfg;
    private final Dataset trainSet;
    private final Dataset validSet;
    private final Dataset testSet;
    private final List<String> generalNames = new ArrayList<>();
    private final List<String> responseNames = new ArrayList<>();
    private final Optimizer weightOpt;
    private final Optimizer responseOpt;
    private final Optimizer hyperOpt;
    private final Optimizer scaleOpt;
    private final DataLoader trainLoader;
    private final DataLoader validLoader;
    private Rng pertRng;
    private Rng maskRng;
    private Rng augRng;

    private Hyperparameters hp;
    private Map<String, Tensor> params;
    private long steps;
    private int cycles;
    private int cycleStep;
    private int epoch;
    private double epochLossSum;
    private int epochLossCount;
    private long startNanos;
    private long elapsedNanos;
    private boolean epochEnded;
    private DoubleUnaryOperator lrFactor;
    private int evaluateEvery = 1;
    private boolean trainPassAtStart;
    private long trainNanos;
    private long hyperNanos;
    private long evalNanos;
    private Tensor lastHypergradient;
    private final List<EpochMetrics> history = new ArrayList<>();

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
        this.trainSet = train;
        this.validSet = valid;
        this.testSet = test;
        this.hp = hp.isFrozen() ? hp : hp.freeze();
        Rng root = new Rng(cfg.seed());
        this.params = model.init(root.split());
        for (String n : params.keySet()) {
            (model.isResponse(n) ? responseNames : generalNames).add(n);
        }
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

    public Map<String, Tensor> params() {
        return params;
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    public TrainConfig config() {
        return cfg;
    }

    public HyperModel model() {
        return model;
    }

    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }

    public long steps() {
        return steps;
    }

    /** Mean training loss of the steps taken so far in the current epoch (NaN before its first step). */
    public double epochTrainLoss() {
        return epochLossCount == 0 ? Double.NaN : epochLossSum / epochLossCount;
    }

    /**
     * The gradient {@code ∂(L_V − τH)/∂λ0} that the last hyper step followed, shape {@code [h]}; {@code null}
     * before the first hyper step (also after {@link #restore}).
     */
    public Tensor lastHypergradient() {
        return lastHypergradient;
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

    /** Replaces the weights (tests and exact checks; e.g. setting w0 to a known best response). */
    public void setParams(Map<String, Tensor> p) {
        if (!p.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException("setParams: expected parameters " + params.keySet() + ", got " + p.keySet());
        }
        this.params = new LinkedHashMap<>(p);
    }

    // ------------------------------------------------------------------ the outer loop

    /**
     * Runs to the configured number of epochs (or cycles) and returns the epoch history: one entry per epoch
     * boundary (entry 0 before training), plus one where a cycle limit stopped the run. Training stops at the
     * last epoch boundary. After {@link #restore} it continues where the checkpoint was taken.
     */
    public List<EpochMetrics> run(Listener listener) {
        startNanos = System.nanoTime() - elapsedNanos;
        if (history.isEmpty()) {
            report(listener, trainPassAtStart ? evaluate(trainSet, "training", listener).loss() : Double.NaN, true);
        }
        while (epoch < cfg.warmupEpochs() && epoch < cfg.epochs()) {
            if (endOfRun(listener)) {
                return history();
            }
            trainStep(nextTrainBatch(listener));
            safePoint(listener);
        }
        if (cycles == 0 && cycleStep == 0 && epoch < cfg.epochs()) {
            listener.onWarmupEnd(this);
        }
        mainPhase:
        while (epoch < cfg.epochs() && (cfg.maxCycles() == 0 || cycles < cfg.maxCycles())) {
            if (lrFactor != null) {
                double f = lrFactor.applyAsDouble(cycles);
                weightOpt.setLr(cfg.lr() * f);
                responseOpt.setLr(cfg.responseLr() * f);
                hyperOpt.setLr(cfg.hyperLr() * f);
                scaleOpt.setLr(cfg.scaleLr() * f);
            }
            // cycleStep > 0 only when a run restored mid-cycle continues its cycle
            while (cycleStep < cfg.trainSteps()) {
                if (endOfRun(listener)) {
                    break mainPhase;
                }
                trainStep(nextTrainBatch(listener));
                cycleStep++;
            }
            if (cfg.method() != Method.FIXED) {
                for (int i = 0; i < cfg.validSteps(); i++) {
                    hyperStep(validLoader.next());
                }
            }
            cycles++;
            cycleStep = 0;
            listener.onCycle(cycles, this);
            safePoint(listener);
        }
        // a cycle limit ends the run between epoch boundaries: report where it stopped
        if (history.get(history.size() - 1).steps() != steps) {
            report(listener, epochTrainLoss(), true);
        }
        return history();
    }

    /**
     * True, after reporting the last epoch boundary, when the training set is used up for the last epoch. The
     * next batch is not fetched (the reference lets the cycle spill a few steps past the boundary), so a run
     * restored from here with more epochs continues exactly as one that had them from the start.
     */
    private boolean endOfRun(Listener listener) {
        // the pass that just ended is counted in epoch once reported (then the loader is one behind)
        if (!trainLoader.endOfEpoch() || epoch != trainLoader.epoch() || epoch + 1 < cfg.epochs()) {
            return false;
        }
        epoch++;
        report(listener, epochLossSum / Math.max(1, epochLossCount), true);
        epochLossSum = 0;
        epochLossCount = 0;
        return true;
    }

    private void safePoint(Listener listener) {
        if (epochEnded) {
            epochEnded = false;
            listener.onCheckpoint(this);
        }
    }

    private DataLoader.Batch nextTrainBatch(Listener listener) {
        DataLoader.Batch b = trainLoader.next();
        if (b.epoch() > epoch) {
            epoch = b.epoch();
            report(listener, epochLossSum / Math.max(1, epochLossCount),
                    epoch % evaluateEvery == 0 || epoch >= cfg.epochs());
            epochEnded = true;
            epochLossSum = 0;
            epochLossCount = 0;
        }
        return b;
    }

    private void report(Listener listener, double trainLoss, boolean evaluated) {
        Eval none = new Eval(Double.NaN, Double.NaN);
        long start = System.nanoTime();
        Eval v = evaluated ? evaluate(validSet, "validation", listener) : none;
        Eval t = evaluated && testSet != null ? evaluate(testSet, "test", listener) : none;
        evalNanos += System.nanoTime() - start;
        EpochMetrics m = new EpochMetrics(epoch, steps, (System.nanoTime() - startNanos) * 1e-9, trainNanos * 1e-9,
                hyperNanos * 1e-9, evalNanos * 1e-9, trainLoss, v.loss(), v.accuracy(), t.loss(), t.accuracy(),
                hp.currentValues(), hp.sigma());
        history.add(m);
        listener.onEpoch(m);
    }

    // ------------------------------------------------------------------ steps

    /**
     * One training step (algorithm.md §6.2 for CENTERED / DELTA: a w0 step, then a Θ step on the same batch at the
     * updated w0; algorithm.md §6.3 for STN; plain training for FIXED). Returns the loss of the (first) sub-step.
     */
    public double trainStep(DataLoader.Batch b) {
        long start = System.nanoTime();
        int n = b.size();
        Perturbation pert = hp.sample(n, pertRng);
        Tensor current = rows(hp.currentValues(), n);
        double loss;
        switch (cfg.method()) {
            case FIXED -> loss = weightStep(b, current, generalNames, weightOpt);
            case STN -> {
                Tensor values = pert.values();
                Tensor x = model.augment(b.x(), values, augRng);
                Var z = pert.perturbed(Var.constant(hp.lam0()), Var.constant(hp.rawScale()));
                Params p = Params.of(params);
                Var l = trainingLoss(p, b, x, z, values, false);
                loss = update(l, p, allNames(), weightOpt);
            }
            case CENTERED, DELTA -> {
                loss = weightStep(b, current, generalNames, weightOpt);
                Params p = Params.of(params, model::isResponse);
                update(thetaObjective(p, b, pert, maskRng, augRng), p, responseNames, responseOpt);
            }
            default -> throw new IllegalStateException("unknown method " + cfg.method());
        }
        steps++;
        epochLossSum += loss;
        epochLossCount++;
        trainNanos += System.nanoTime() - start;
        return loss;
    }

    /** The unperturbed step on w0: {@code L_T(λ0, w0)} at z = 0 with the current hyperparameters. */
    private double weightStep(DataLoader.Batch b, Tensor current, List<String> names, Optimizer opt) {
        Tensor x = model.augment(b.x(), current, augRng);
        Params p = Params.of(params, n -> !model.isResponse(n));
        Var z = Var.constant(Tensor.zeros(b.size(), model.hyperDim()));
        return update(trainingLoss(p, b, x, z, current, false), p, names, opt);
    }

    /**
     * The Θ-step objective of CENTERED / DELTA (algorithm.md §5, §6.2(b)): the data loss on the exact structured network
     * at z = ε (CENTERED) or on the linearized prediction {@code y′ = f(x, w0, λ0+ε) + J_z f·ε} (DELTA), with
     * the dropout rates and augmentation of the perturbed values, plus the penalty taken exactly at
     * {@code w(ε)} (algorithm.md §8). ε is a constant here: this step trains Θ only.
     */
    public Var thetaObjective(Params p, DataLoader.Batch b, Perturbation pert, Rng masks, Rng aug) {
        Tensor values = pert.values();
        Tensor x = model.augment(b.x(), values, aug);
        Var eps = Var.constant(pert.epsilon(Var.constant(hp.lam0()), Var.constant(hp.rawScale())).value());
        return trainingLossWith(p, b, x, eps, values, cfg.method() == Method.DELTA, masks);
    }

    private Var trainingLoss(Params p, DataLoader.Batch b, Tensor x, Var z, Tensor values, boolean linearize) {
        return trainingLossWith(p, b, x, z, values, linearize, maskRng);
    }

    private Var trainingLossWith(Params p, DataLoader.Batch b, Tensor x, Var z, Tensor values, boolean linearize,
                                 Rng masks) {
        Var input = Var.constant(x);
        Var y;
        HyperModel.Network network;
        if (linearize) {
            y = linearized(zz -> model.predict(p, input, zz, values, true, masks), z);
            network = (xx, zz) -> linearized(t -> model.predict(p, xx, t, null, false, masks), zz);
        } else {
            y = model.predict(p, input, z, values, true, masks);
            network = (xx, zz) -> model.predict(p, xx, zz, null, false, masks);
        }
        Var loss = model.loss(y, b);
        Var penalty = model.penalty(p, z, values, network);
        return penalty == null ? loss : loss.add(penalty);
    }

    /** {@code f(0) + J_z f(0)·z}, the linearization in z around 0 of the Δ-STN Θ step (algorithm.md §5). */
    private static Var linearized(Function<Var, Var> f, Var z) {
        Dual d = Jvp.of(f, Var.constant(Tensor.zeros(z.shape())), z);
        return d.primal().add(d.tangent());
    }

    /**
     * One hyper step (algorithm.md §7): the validation loss of the exact structured network in evaluation mode (no
     * dropout, no augmentation) at the method's z, minus τ·H when the scales are tuned; RMSprop steps on λ0
     * (and s). Returns the validation loss of the batch.
     */
    public double hyperStep(DataLoader.Batch vb) {
        long start = System.nanoTime();
        Perturbation pert = hp.sample(vb.size(), pertRng);
        Var lam0 = Var.param(hp.lam0());
        Var s = Var.param(hp.rawScale());
        Var objective = hyperObjective(Params.constants(params), vb, pert, lam0, s);
        checkFinite(objective, "hyper step");
        Map<String, Tensor> lamGrad = new LinkedHashMap<>();
        Tensor[] g;
        if (cfg.tuneScales()) {
            g = Grad.values(objective, lam0, s);
        } else {
            g = Grad.values(objective, lam0);
        }
        lamGrad.put("lam0", g[0]);
        lastHypergradient = g[0];
        Tensor newLam = hyperOpt.step(Map.of("lam0", hp.lam0()), lamGrad).get("lam0");
        Tensor newS = hp.rawScale();
        if (cfg.tuneScales()) {
            newS = scaleOpt.step(Map.of("s", hp.rawScale()), Map.of("s", g[1])).get("s");
        }
        hp = hp.withValues(newLam, newS);
        hyperNanos += System.nanoTime() - start;
        return objective.item();
    }

    /**
     * The hyper-step objective {@code L_V(z) − τ·H(σ)} (the entropy term only when scales are tuned), as a
     * function of the given {@code lam0} and {@code s} (algorithm.md §7).
     */
    public Var hyperObjective(Params p, DataLoader.Batch vb, Perturbation pert, Var lam0, Var s) {
        int n = vb.size();
        int h = model.hyperDim();
        Var z = switch (cfg.method()) {
            case STN -> cfg.tuneScales() ? pert.perturbed(lam0, s) : lam0.reshape(1, h).broadcastTo(n, h);
            case CENTERED, DELTA -> cfg.tuneScales() ? pert.epsilon(lam0, s) : Perturbation.zeroEpsilon(lam0, n);
            case FIXED -> throw new IllegalStateException("FIXED has no hyper step");
        };
        Var y = model.predict(p, Var.constant(vb.x()), z, null, false, maskRng);
        Var loss = model.loss(y, vb);
        return cfg.tuneScales() ? loss.sub(hp.entropy(s).mul(cfg.tau())) : loss;
    }

    private double update(Var loss, Params p, List<String> names, Optimizer opt) {
        checkFinite(loss, "training step");
        Tensor[] g = Grad.values(loss, p.vars(names).toArray(new Var[0]));
        Map<String, Tensor> current = new LinkedHashMap<>();
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            current.put(names.get(i), params.get(names.get(i)));
            grads.put(names.get(i), g[i]);
        }
        Map<String, Tensor> next = new LinkedHashMap<>(params);
        next.putAll(opt.step(current, grads));
        params = next;
        return loss.item();
    }

    private void checkFinite(Var loss, String where) {
        double v = loss.item();
        if (!Double.isFinite(v)) {
            throw new NonFiniteLossException(cfg.method().id() + ": non-finite loss " + v + " in the " + where
                    + " after " + steps + " training steps (epoch " + epoch + "); hyperparameters "
                    + describeHyper());
        }
    }

    private String describeHyper() {
        StringBuilder sb = new StringBuilder("{");
        Tensor v = hp.currentValues();
        for (int i = 0; i < hp.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(hp.names().get(i)).append('=').append(v.data()[i]);
        }
        return sb.append('}').toString();
    }

    private List<String> allNames() {
        return new ArrayList<>(params.keySet());
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * The complete state of the run: weights, λ0 and s, the four optimizers, both loaders' positions, the
     * perturbation / mask / augmentation random streams, the counters and the epoch history. Taken at a
     * {@link Listener#onCheckpoint} point, {@link #restore} on a trainer built with the same model,
     * hyperparameters, config and data continues the run with the same results.
     */
    public Checkpoint checkpoint() {
        Checkpoint.Builder c = Checkpoint.builder()
                .putString("format", FORMAT)
                .putString("method", cfg.method().id())
                .putTensors("params/", params)
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
                .putLong("elapsedNanos", System.nanoTime() - startNanos)
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

    /**
     * Continues from {@code c}: replaces all state with the checkpoint's.
     *
     * @throws IllegalArgumentException if the checkpoint is of another method or its shapes differ from
     *     this trainer's (the message names the parameter)
     */
    public void restore(Checkpoint c) {
        String format = c.strings().get("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("restore: the checkpoint is of format " + format + ", this version reads "
                    + FORMAT + "; start the run over");
        }
        if (!cfg.method().id().equals(c.getString("method"))) {
            throw new IllegalArgumentException("restore: checkpoint is of method '" + c.getString("method")
                    + "', this run is '" + cfg.method().id() + "'");
        }
        params = new LinkedHashMap<>(c.restore("params/", params));
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
        epochEnded = false;
        history.clear();
        Tensor hist = c.tensor("history");
        int h = hp.size();
        int width = HISTORY_FIXED + 2 * h;
        if (hist.ndim() != 2 || hist.dim(1) != width) {
            throw new IllegalArgumentException("restore: history has shape " + java.util.Arrays.toString(hist.shape())
                    + ", expected [epochs, " + width + "] for " + h + " hyperparameters");
        }
        double[] d = hist.data();
        for (int r = 0; r < hist.dim(0); r++) {
            int o = r * width;
            history.add(new EpochMetrics((int) d[o], (long) d[o + 1], d[o + 2], d[o + 3], d[o + 4], d[o + 5], d[o + 6],
                    d[o + 7], d[o + 8], d[o + 9], d[o + 10],
                    Tensor.of(java.util.Arrays.copyOfRange(d, o + HISTORY_FIXED, o + HISTORY_FIXED + h)),
                    Tensor.of(java.util.Arrays.copyOfRange(d, o + HISTORY_FIXED + h, o + width))));
        }
    }

    // ------------------------------------------------------------------ evaluation

    /** Mean loss and accuracy (NaN for regression) over a split. */
    public record Eval(double loss, double accuracy) {}

    /**
     * Evaluation mode over {@code data} (no dropout, no augmentation): z = 0 for FIXED / CENTERED / DELTA
     * (pure w0), z = λ0 for STN (algorithm.md §10.7).
     */
    public Eval evaluate(Dataset data) {
        return evaluate(data, "", new Listener() {});
    }

    private Eval evaluate(Dataset data, String split, Listener listener) {
        try (NoGrad scope = NoGrad.enter()) {
            DataLoader loader = new DataLoader(data, cfg.validBatchSize(), false, null);
            Params p = Params.constants(params);
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            for (DataLoader.Batch b : loader.epochBatches()) {
                int n = b.size();
                Var z = cfg.method() == Method.STN
                        ? Var.constant(rows(hp.lam0(), n))
                        : Var.constant(Tensor.zeros(n, model.hyperDim()));
                Var y = model.predict(p, Var.constant(b.x()), z, null, false, maskRng);
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

    /** {@code v [h]} repeated as {@code [n, h]}. */
    static Tensor rows(Tensor v, int n) {
        int h = v.size();
        double[] out = new double[n * h];
        for (int i = 0; i < n; i++) {
            System.arraycopy(v.data(), 0, out, i * h, h);
        }
        return Tensor.wrap(out, n, h);
    }
}
