package io.github.deltastn.train;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model whose hyperparameters are tuned by a {@link Method}: a composition of structured layers
 * (driven by the hyper input {@code z}) and ordinary layers, plus the regularisers that read the
 * hyperparameters (dropout rates, augmentation, penalties).
 *
 * <p>The same {@link #predict} serves every method: the trainer decides what {@code z} is (0, ε, λ0 + ε,
 * a {@code Jvp} direction) and which per-example hyperparameter values drive the stochastic regularisers.
 */
public interface HyperModel {

    /** Number of hyperparameters {@code h}, the width of {@code z}. */
    int hyperDim();

    /** Freshly initialised float64 parameters (general and response), in a fixed order. */
    Map<String, Tensor> init(Rng rng);

    /**
     * {@link #init(Rng)} in {@code dtype}: the same draws, rounded (float32 = the float64 init rounded). A model
     * runs in the dtype of its parameters; its structured layers cast the float64 hyper input to it
     * (design.md §2).
     */
    default Map<String, Tensor> init(Rng rng, DType dtype) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        init(rng).forEach((k, v) -> m.put(k, v.to(dtype)));
        return m;
    }

    /** True for response parameters Θ ({@code W_r, b_r, U, V} of structured layers); false for w0. */
    boolean isResponse(String name);

    /**
     * Predictions for a batch.
     *
     * @param x inputs {@code [B, ...]} (already augmented by {@link #augment})
     * @param z hyper input {@code [B, h]} of the structured layers
     * @param hyper per-example constrained hyperparameter values {@code [B, h]} for the stochastic
     *     regularisers (dropout rates, ...); ignored when {@code training} is false
     * @param training whether the stochastic regularisers are active
     * @param rng source of the regularisers' randomness (dropout masks)
     */
    Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng);

    /** Predictions {@code y} and an auxiliary training-loss term {@code aux} ({@code null} when there is none). */
    record Prediction(Var y, Var aux) {}

    /**
     * {@link #predict} with an auxiliary output (JAX's {@code has_aux}): a penalty on the activations of this
     * pass, such as the language model's AR/TAR, averaged over the batch, which the trainer adds to the
     * training loss (never to the validation loss). The model computes it on
     * {@link io.github.deltastn.autodiff.Jvp#linearizedValue}s of its activations, so that in the Δ-STN Θ step
     * it is taken exactly on the activations of the linearized network instead of being linearized itself
     * (algorithm.md §8). The default: {@code predict}'s outputs and no auxiliary term.
     */
    default Prediction predictWithAux(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        return new Prediction(predict(p, x, z, hyper, training, rng), null);
    }

    /** The data loss (a mean over the batch) of predictions {@code y} for {@code batch}. */
    Var loss(Var y, DataLoader.Batch batch);

    /**
     * The network a {@link #penalty} is taken on: {@code (x, z) ↦} outputs in evaluation mode (no stochastic
     * regularisers). It is the structured network itself, except in the Δ-STN Θ step, where it is the
     * network linearized in z around 0, {@code f(x, 0) + J_z f(x, 0)·z}, like the predictions of that step.
     */
    @FunctionalInterface
    interface Network {
        Var apply(Var x, Var z);
    }

    /**
     * A penalty inside the training loss {@code R(λ, ·)}, averaged over the examples; {@code null} when the
     * model has none. Never part of the validation loss. A penalty on the weights (weight decay) reads the
     * weights the hypernetwork produces at {@code z}; a penalty on the function (a Jacobian norm) reads
     * {@code network}, so that in the Δ-STN Θ step it is taken on the linearized network.
     *
     * @param z the hyper input of the step, {@code [B, h]}
     * @param hyper per-example constrained hyperparameter values {@code [B, h]}
     * @param network the network of the step, see {@link Network}
     */
    default Var penalty(Params p, Var z, Tensor hyper, Network network) {
        return null;
    }

    /**
     * The training loss of batch {@code b} as a differentiable function of the constrained hyperparameters
     * {@code lambda [h]} (float64) and of the weights in {@code p}, at z = 0: what the gradient-based methods
     * ({@link Method#IFT}, {@link Method#UNROLL}) differentiate. A penalty enters as it is; a stochastic
     * regulariser through its expectation over its noise where that has a closed form (input dropout on a linear
     * model), otherwise relaxed with its noise drawn from {@code noise} (concrete dropout,
     * {@link io.github.deltastn.nn.Dropout#concrete}), so that one {@code noise} state gives one deterministic
     * function — the caller passes the same state at every evaluation within a hyper step. A regulariser with
     * neither form (cutout) is applied at its current value and gets no gradient. The default, {@code null}: the
     * model has no such loss, and the gradient-based methods refuse it.
     */
    default Var trainingLossIn(Params p, DataLoader.Batch b, Var lambda, Rng noise) {
        return null;
    }

    /**
     * Training inputs augmented with per-example constrained hyperparameter values (cutout, ...); the
     * default is no augmentation.
     */
    default Tensor augment(Tensor x, Tensor hyper, Rng rng) {
        return x;
    }

    /** Column {@code i} of per-example values {@code [B, h]}, as {@code [B]} (e.g. one dropout rate per example). */
    static Tensor column(Tensor hyper, int i) {
        return hyper.slice(1, i, i + 1).reshape(-1);
    }
}
