package io.github.deltastn.train;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Broadcast;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader.Batch;
import io.github.deltastn.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a {@link TuningMethod}'s steps may do to a run: build the training loss of the model at a hyper input
 * {@code z}, take an optimizer step on one group of weights, and build the validation objective of a hyper
 * step. The {@link Trainer} owns the loop around them.
 *
 * <p>The training loss is {@code L_T(y, batch) + R(λ, ·)} with {@code y = f(x, w(z))} and the stochastic
 * regularisers (dropout rates, augmentation) at per-example values; the validation objective is
 * {@code L_V(f(x, w(z))) − τ·H(σ)} in evaluation mode (algorithm.md §6, §7).
 */
public final class StepContext {
    /** The weights a step updates, each group with its own optimizer. */
    public enum Weights {
        /** The general weights w0: SGD with momentum at {@code lr}. */
        GENERAL,
        /** The response parameters Θ: SGD with momentum at {@code responseLr}. */
        RESPONSE,
        /** Every weight with the optimizer of w0 (STN, whose objective is not split). */
        ALL
    }

    /** The network a training loss evaluates. */
    public enum Forward {
        /** The structured network {@code y = f(x, w(z))}. */
        EXACT,
        /**
         * Its linearization in z around 0, {@code y′ = f(x, w(0)) + J_z f(x, w(0))·z}: one forward pass in dual
         * numbers (algorithm.md §5); the auxiliary term is not linearized ({@link Jvp#withAux}).
         */
        LINEARIZED;

        HyperModel.Prediction apply(Function<Var, HyperModel.Prediction> f, Var z) {
            if (this == EXACT) {
                return f.apply(z);
            }
            Jvp.DualAux d = Jvp.withAux(zz -> {
                HyperModel.Prediction q = f.apply(zz);
                return new Jvp.HasAux(q.y(), q.aux());
            }, Var.constant(Tensor.zeros(z.shape())), z);
            return new HyperModel.Prediction(d.dual().primal().add(d.dual().tangent()), d.aux());
        }
    }

    private final HyperModel model;
    private final TrainConfig cfg;
    private final RunState state;
    private final List<String> generalNames = new ArrayList<>();
    private final List<String> responseNames = new ArrayList<>();
    /** The batch of the last {@link #w0Step}: the training loss the gradient-based hyper steps differentiate. */
    private Batch lastTrainBatch;

    StepContext(HyperModel model, TrainConfig cfg, RunState state) {
        this.model = model;
        this.cfg = cfg;
        this.state = state;
        for (String n : state.params.keySet()) {
            (model.isResponse(n) ? responseNames : generalNames).add(n);
        }
    }

    public TrainConfig config() {
        return cfg;
    }

    /** The current center λ0, {@code [h]}. */
    public Tensor lam0() {
        return state.hp.lam0();
    }

    /** The current raw perturbation scales s, {@code [h]}. */
    public Tensor rawScale() {
        return state.hp.rawScale();
    }

    /** The run's dropout-mask stream. */
    public Rng masks() {
        return state.maskRng;
    }

    /** The run's augmentation stream. */
    public Rng augmentation() {
        return state.augRng;
    }

    /** The perturbation ε of {@code pert} around the current λ0 as a constant {@code [B, h]}. */
    public Var epsilon(Perturbation pert) {
        return Var.constant(pert.epsilon(Var.constant(lam0()), Var.constant(rawScale())).value());
    }

    /**
     * One optimizer step on {@code weights}: {@code objective} receives the parameters with those weights as
     * leaves and the others as constants. Returns the objective's value. The gradients go into buffers the run
     * reuses from step to step ({@link Grad#valuesInto}), bit for bit the values {@link Grad#values} returns. The update is written over the
     * weights ({@link Optimizer#stepInPlace}), so {@code objective} must not keep the parameters or its graph
     * beyond the call.
     *
     * @throws NonFiniteLossException if the objective is not finite (the weights are left unchanged)
     */
    public double step(Weights weights, Function<Params, Var> objective) {
        List<String> names = switch (weights) {
            case GENERAL -> generalNames;
            case RESPONSE -> responseNames;
            case ALL -> new ArrayList<>(state.params.keySet());
        };
        Optimizer opt = weights == Weights.RESPONSE ? state.responseOpt : state.weightOpt;
        Params p = weights == Weights.ALL ? Params.of(state.params)
                : Params.of(state.params, n -> model.isResponse(n) == (weights == Weights.RESPONSE));
        Var loss = objective.apply(p);
        checkFinite(loss, "training step");
        Tensor[] g;
        if (state.reuseGradientBuffers) {
            g = new Tensor[names.size()];
            for (int i = 0; i < g.length; i++) {
                Tensor w = state.params.get(names.get(i));
                g[i] = state.gradBuffers.computeIfAbsent(names.get(i), k -> Tensor.zeros(w.dtype(), w.shape()));
            }
            // The same values as Grad.values, written into the run's reused buffers (no leaf gradient allocated).
            Grad.valuesInto(loss, p.vars(names), false, g);
        } else {
            g = Grad.values(loss, p.vars(names).toArray(new Var[0]));
        }
        // Overwriting the weights is safe now: the graph of this step has run its backward pass and is
        // dropped, earlier steps' graphs are gone, and a weight someone else holds is copied first.
        Map<String, Tensor> current = new LinkedHashMap<>();
        Map<String, Tensor> grads = new LinkedHashMap<>();
        Map<String, Tensor> next = null;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Tensor w = state.params.get(n);
            if (!state.owned.contains(n)) {
                if (next == null) {
                    next = new LinkedHashMap<>(state.params);
                }
                w = w.copy();
                next.put(n, w);
            }
            current.put(n, w);
            grads.put(n, g[i]);
        }
        opt.stepInPlace(current, grads);
        if (next != null) {
            state.params = next;
            state.owned.addAll(names);
        }
        return loss.item();
    }

    /**
     * The unperturbed step on w0 (FIXED, and the first step of the centered methods): {@code L_T} at z = 0
     * with the current hyperparameter values driving the regularisers.
     */
    public double w0Step(Batch b) {
        lastTrainBatch = b;
        Tensor current = Broadcast.broadcastTo(state.hp.currentValues(), b.size(), model.hyperDim());
        Var z = Var.constant(Tensor.zeros(b.size(), model.hyperDim()));
        return step(Weights.GENERAL, p -> trainingLoss(p, b, z, current, Forward.EXACT, masks(), augmentation()));
    }

    /**
     * The training loss {@code L_T(y, b) + R(λ, ·)} of batch {@code b} with {@code y} the {@code forward}
     * network at hyper input {@code z [B, h]}, the inputs augmented and the dropout masks drawn at the
     * per-example values {@code values [B, h]}. R is the model's auxiliary activation penalty
     * ({@link HyperModel#predictWithAux}) plus its {@link HyperModel#penalty}, which reads the weights at
     * {@code z} and, for a penalty on the function, the same {@code forward} network.
     */
    public Var trainingLoss(Params p, Batch b, Var z, Tensor values, Forward forward, Rng masks, Rng aug) {
        Var x = Var.constant(model.augment(b.x(), values, aug));
        HyperModel.Prediction y = forward.apply(zz -> model.predictWithAux(p, x, zz, values, true, masks), z);
        HyperModel.Network network = (xx, zz) -> forward.apply(
                t -> new HyperModel.Prediction(model.predict(p, xx, t, null, false, masks), null), zz).y();
        Var loss = model.loss(y.y(), b);
        if (y.aux() != null) {
            loss = loss.add(y.aux());
        }
        Var penalty = model.penalty(p, z, values, network);
        return penalty == null ? loss : loss.add(penalty);
    }

    /**
     * The hyper-step objective {@code L_V(f(x, w(z))) − τ·H(s)} of validation batch {@code vb} in evaluation
     * mode; the entropy term only when the scales are tuned. Float64 whatever the run's dtype: the loss is cast
     * (differentiably) before the hyper terms join it.
     */
    public Var validationObjective(Params p, Batch vb, Var z, Var s) {
        Var y = model.predict(p, Var.constant(vb.x()), z, null, false, state.maskRng);
        Var loss = model.loss(y, vb).to(DType.FLOAT64);
        return cfg.tuneScales() ? loss.sub(state.hp.entropy(s).mul(cfg.tau())) : loss;
    }

    /**
     * {@code dL_V/du [h]} at the current λ0 = u and general weights w0 (z = 0) of {@code p}, for a gradient-based
     * method: {@code L_T(w, u)} is the model's {@link HyperModel#trainingLossIn} at {@code T(u)} on the last
     * training batch, {@code L_V} the loss of validation batch {@code vb} in evaluation mode; the weights are
     * flattened into one vector for {@link Hypergradients}. IFT: {@code hyperTerms} CG steps with damping
     * {@code hyperDamping}; UNROLL: {@code hyperTerms} SGD steps at {@code lr}, in forward mode. Float64 runs only.
     *
     * @throws IllegalStateException if the model has no differentiable training loss, the run is not float64,
     *     or no training step came before
     */
    public Tensor hypergradient(TuningMethod.GradientBased method, Params p, Batch vb) {
        String what = cfg.method().id();
        if (cfg.dtype() != DType.FLOAT64) {
            throw new IllegalStateException(what + ": the gradient-based methods run in float64 only, not " + cfg.dtype());
        }
        if (lastTrainBatch == null) {
            throw new IllegalStateException(what + ": a hyper step before any training step");
        }
        Batch tb = lastTrainBatch;
        int[] sizes = new int[generalNames.size()];
        int n = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = p.get(generalNames.get(i)).value().size();
            n += sizes[i];
        }
        double[] flat = new double[n];
        for (int i = 0, at = 0; i < sizes.length; at += sizes[i], i++) {
            System.arraycopy(p.get(generalNames.get(i)).value().data(), 0, flat, at, sizes[i]);
        }
        Function<Var, Params> unflatten = w -> {
            Params q = p;
            for (int i = 0, at = 0; i < sizes.length; at += sizes[i], i++) {
                String name = generalNames.get(i);
                q = q.with(name, w.slice(0, at, at + sizes[i]).reshape(p.get(name).shape()));
            }
            return q;
        };
        Var z = Var.constant(Tensor.zeros(vb.size(), model.hyperDim()));
        // one noise state per hyper step, the same at every evaluation, so that L_T is one function of (w, u); a
        // function of the seed and the step count rather than a draw from the mask stream, which stays as it was
        long noiseSeed = cfg.seed() * 0x9E3779B97F4A7C15L + state.steps;
        // a discrete hyperparameter (cutout) enters at the integer the training steps use, which T(u) may miss by
        // a rounding error (3.9999… truncates to 3); a constant offset keeps T's derivative
        Tensor current = state.hp.currentValues();
        double[] constrained = state.hp.constrain(Var.constant(lam0())).value().data();
        double[] offset = new double[constrained.length];
        for (int i = 0; i < offset.length; i++) {
            offset[i] = state.hp.get(i).discrete() ? current.data()[i] - constrained[i] : 0.0;
        }
        Var snap = Var.constant(Tensor.wrap(offset, offset.length));
        BiFunction<Var, Var, Var> train = (w, u) -> {
            Var loss = model.trainingLossIn(unflatten.apply(w), tb, state.hp.constrain(u).add(snap), new Rng(noiseSeed));
            if (loss == null) {
                throw new IllegalStateException(what + ": " + model.getClass().getSimpleName() + " has no training loss "
                        + "differentiable in its hyperparameters (HyperModel.trainingLossIn)");
            }
            return loss;
        };
        BiFunction<Var, Var, Var> valid = (w, u) -> model.loss(
                model.predict(unflatten.apply(w), Var.constant(vb.x()), z, null, false, state.maskRng), vb);
        Tensor w = Tensor.wrap(flat, n);
        return method instanceof TuningMethod.Ift
                ? Hypergradients.implicit(train, valid, w, lam0(), Hypergradients.Inverse.cg(cfg.hyperTerms(),
                        cfg.hyperDamping()))
                : Hypergradients.unrolledForward(train, valid, w, lam0(), cfg.hyperTerms(), cfg.lr());
    }

    /** One hyper step of {@code method}: RMSprop on λ0 (and s) down the gradient of its hyper objective. */
    double hyperStep(TuningMethod method, Batch vb, Perturbation pert) {
        Var lam0 = Var.param(lam0());
        Var s = Var.param(rawScale());
        Var objective = method.hyperObjective(this, Params.constants(state.params), vb, pert, lam0, s);
        checkFinite(objective, "hyper step");
        Tensor[] g = cfg.tuneScales() ? Grad.values(objective, lam0, s) : Grad.values(objective, lam0);
        state.lastHypergradient = g[0];
        Tensor newLam = state.hyperOpt.step(Map.of("lam0", lam0()), Map.of("lam0", g[0])).get("lam0");
        Tensor newS = cfg.tuneScales()
                ? state.scaleOpt.step(Map.of("s", rawScale()), Map.of("s", g[1])).get("s")
                : rawScale();
        state.hp = state.hp.withValues(newLam, newS);
        return objective.item();
    }

    private void checkFinite(Var loss, String where) {
        double v = loss.item();
        if (!Double.isFinite(v)) {
            StringBuilder hyper = new StringBuilder("{");
            Tensor values = state.hp.currentValues();
            for (int i = 0; i < state.hp.size(); i++) {
                hyper.append(i == 0 ? "" : ", ").append(state.hp.names().get(i)).append('=').append(values.data()[i]);
            }
            throw new NonFiniteLossException(cfg.method().id() + ": non-finite loss " + v + " in the " + where
                    + " after " + state.steps + " training steps (epoch " + state.epoch + "); hyperparameters "
                    + hyper.append('}'));
        }
    }
}
