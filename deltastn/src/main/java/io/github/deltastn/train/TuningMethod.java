package io.github.deltastn.train;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Broadcast;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Perturbation;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader.Batch;
import io.github.deltastn.train.StepContext.Forward;
import io.github.deltastn.train.StepContext.Weights;

/**
 * What distinguishes the tuning methods: the training step, the hyper objective and the hyper input of
 * evaluation (algorithm.md §4.4, §6, §7). The {@link Trainer} runs the same loop for all four; {@link Method}
 * names them. Every step samples its perturbation before it starts, whether it uses it or not, so that the
 * methods draw the same random numbers.
 */
public sealed interface TuningMethod permits TuningMethod.Fixed, TuningMethod.Stn, TuningMethod.Centered,
        TuningMethod.CenteredSingle, TuningMethod.GradientBased {

    /** One training step on batch {@code b} with perturbation {@code pert}; returns the training loss. */
    double trainStep(StepContext c, Batch b, Perturbation pert);

    /** The hyper objective {@code L_V − τH}, a function of {@code lam0 [h]} and the raw scales {@code s [h]}. */
    Var hyperObjective(StepContext c, Params p, Batch vb, Perturbation pert, Var lam0, Var s);

    /** Whether the method takes hyper steps (all but {@link Fixed}). */
    default boolean hasHyperStep() {
        return true;
    }

    /**
     * The Θ-step objective of the {@link Centered} methods (with explicit random streams, so that tests can
     * repeat it); the other methods have no Θ step.
     */
    default Var thetaObjective(StepContext c, Params p, Batch b, Perturbation pert, Rng masks, Rng aug) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no Θ step");
    }

    /** The hyper input of evaluation, {@code [n, h]}: the hypernetwork's output is the weights evaluated. */
    default Tensor evaluationZ(Tensor lam0, int n) {
        return Tensor.zeros(n, lam0.size());
    }

    /** Plain training at fixed hyperparameters: w0 at z = 0; no hyper step. */
    record Fixed() implements TuningMethod {
        @Override
        public double trainStep(StepContext c, Batch b, Perturbation pert) {
            return c.w0Step(b);
        }

        @Override
        public Var hyperObjective(StepContext c, Params p, Batch vb, Perturbation pert, Var lam0, Var s) {
            throw new UnsupportedOperationException("Fixed has no hyper step");
        }

        @Override
        public boolean hasHyperStep() {
            return false;
        }
    }

    /**
     * The Self-Tuning Network (paper eq. 2.7 and 3.1): every weight on {@code L_T} at the perturbed
     * {@code z = λ0 + ε}, the hyper step at {@code z = λ0 + σ⊙n} (or λ0 without scale tuning), evaluation at
     * {@code z = λ0}.
     */
    record Stn() implements TuningMethod {
        @Override
        public double trainStep(StepContext c, Batch b, Perturbation pert) {
            Var z = pert.perturbed(Var.constant(c.lam0()), Var.constant(c.rawScale()));
            return c.step(Weights.ALL,
                    p -> c.trainingLoss(p, b, z, pert.values(), Forward.EXACT, c.masks(), c.augmentation()));
        }

        @Override
        public Var hyperObjective(StepContext c, Params p, Batch vb, Perturbation pert, Var lam0, Var s) {
            Var z = c.config().tuneScales() ? pert.perturbed(lam0, s)
                    : lam0.reshape(1, lam0.size()).broadcastTo(vb.size(), lam0.size());
            return c.validationObjective(p, vb, z, s);
        }

        @Override
        public Tensor evaluationZ(Tensor lam0, int n) {
            return Broadcast.broadcastTo(lam0, n, lam0.size());
        }
    }

    /**
     * The centered methods (paper §3.2, Algorithm 1). A training step is a w0 step on the unperturbed training
     * loss, {@code w0 ← w0 − α ∇w0 L_T(λ0, w0)} at z = 0, then a Θ step on the same batch at the updated w0 and
     * the perturbed values, {@code Θ ← Θ − α ∇Θ L_T(λ0 + ε, y)} with {@code y} the {@link #thetaForward} network
     * at {@code z = ε}. The hyper step is at {@code z = λ0 + σ⊙n − stopgrad(λ0)} (value ε, gradient into λ0 and
     * s; algorithm.md §7), evaluation at z = 0.
     */
    sealed interface Centered extends TuningMethod permits CenteredStn, DeltaStn {
        /** The network of the Θ step. */
        Forward thetaForward();

        @Override
        default double trainStep(StepContext c, Batch b, Perturbation pert) {
            double loss = c.w0Step(b);
            c.step(Weights.RESPONSE, p -> thetaObjective(c, p, b, pert, c.masks(), c.augmentation()));
            return loss;
        }

        @Override
        default Var thetaObjective(StepContext c, Params p, Batch b, Perturbation pert, Rng masks, Rng aug) {
            return c.trainingLoss(p, b, c.epsilon(pert), pert.values(), thetaForward(), masks, aug);
        }

        @Override
        default Var hyperObjective(StepContext c, Params p, Batch vb, Perturbation pert, Var lam0, Var s) {
            Var z = c.config().tuneScales() ? pert.epsilon(lam0, s) : Perturbation.zeroEpsilon(lam0, vb.size());
            return c.validationObjective(p, vb, z, s);
        }
    }

    /**
     * Centering alone, an ablation (paper §3.2 separates centering from the split objectives): the centered
     * hypernetwork {@code w = w0 + Θε} with STN's single objective, every weight (w0 and Θ) on {@code L_T} at
     * {@code z = ε}; the hyper step and evaluation as {@link Centered}.
     */
    record CenteredSingle() implements TuningMethod {
        @Override
        public double trainStep(StepContext c, Batch b, Perturbation pert) {
            Var z = c.epsilon(pert);
            return c.step(Weights.ALL,
                    p -> c.trainingLoss(p, b, z, pert.values(), Forward.EXACT, c.masks(), c.augmentation()));
        }

        @Override
        public Var hyperObjective(StepContext c, Params p, Batch vb, Perturbation pert, Var lam0, Var s) {
            Var z = c.config().tuneScales() ? pert.epsilon(lam0, s) : Perturbation.zeroEpsilon(lam0, vb.size());
            return c.validationObjective(p, vb, z, s);
        }
    }

    /**
     * The gradient-based baselines: FIXED's training step (w0 at z = 0 and the current λ), and a hyper step down
     * {@link StepContext#hypergradient}, the derivative of {@code L_V} with respect to the unconstrained λ0 through
     * the model's differentiable training loss ({@link HyperModel#trainingLossIn}) on the cycle's last training
     * batch. The hyper objective is the surrogate {@code λ0 · stopgrad(g)}, whose gradient is {@code g}, so the
     * same RMSprop step, state and checkpoints serve; the scales σ get a zero gradient and stay.
     */
    sealed interface GradientBased extends TuningMethod permits Ift, Unrolled {
        @Override
        default double trainStep(StepContext c, Batch b, Perturbation pert) {
            return c.w0Step(b);
        }

        @Override
        default Var hyperObjective(StepContext c, Params p, Batch vb, Perturbation pert, Var lam0, Var s) {
            Tensor g = c.hypergradient(this, p, vb);
            return lam0.mul(Var.constant(g)).sum().add(s.sum().mul(0.0));
        }
    }

    /** {@link Method#IFT}: {@code H⁻¹·∇_w L_V} by {@code hyperTerms} CG steps on {@code H + δI}. */
    record Ift() implements GradientBased {}

    /** {@link Method#UNROLL}: reverse mode through {@code hyperTerms} SGD steps at the weights' rate from w0. */
    record Unrolled() implements GradientBased {}

    /** Centered STN: the Θ step on the exact structured network, {@code y = f(x, w0 + Θε)}. */
    record CenteredStn() implements Centered {
        @Override
        public Forward thetaForward() {
            return Forward.EXACT;
        }
    }

    /**
     * Δ-STN, the paper's Algorithm 1: the centered steps with the Θ step on the linearized prediction
     * {@code y′ = f(x, w0) + J_yw·Θε} (the Jacobian-vector product in one dual-number pass), whose loss is a
     * convex function of Θ for a convex loss.
     */
    record DeltaStn() implements Centered {
        @Override
        public Forward thetaForward() {
            return Forward.LINEARIZED;
        }
    }
}
