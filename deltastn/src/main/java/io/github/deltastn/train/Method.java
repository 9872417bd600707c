package io.github.deltastn.train;

import java.util.Locale;

/**
 * The names of the training methods, as the command line and the run files spell them; each names the
 * {@link TuningMethod} that implements it ({@link #tuning()}).
 *
 * <ul>
 *   <li>FIXED — training step at z = 0 and the current λ, all general weights; no hyper step;
 *       evaluation at z = 0.</li>
 *   <li>STN — training step at z = λ0 + ε (uncentered), every weight with one optimizer; hyper step at
 *       z = λ0 + σ⊙n (or λ0 without scale tuning); evaluation at z = λ0.</li>
 *   <li>CENTERED — w0 step at z = 0, then Θ step at z = ε on the exact network; hyper step at
 *       z = (λ0 + σ⊙n) − stopgrad(λ0); evaluation at z = 0.</li>
 *   <li>DELTA — as CENTERED, but the Θ step uses the linearization y′ = f(x, w0) + J_z f·ε. The hyper step
 *       is the exact network, as in the reference code.</li>
 *   <li>CENTERED_SINGLE ({@code centered_single}) — an ablation, centering alone: every weight on one
 *       objective at z = ε (STN's step on the centered hypernetwork); hyper step and evaluation as CENTERED.</li>
 *   <li>IFT, UNROLL — the gradient-based baselines (not in the paper): FIXED's training step; the hyper step
 *       follows the implicit-function hypergradient (K CG steps, damping δ) or the one through the last K SGD
 *       steps ({@link TuningMethod.GradientBased}).</li>
 * </ul>
 */
public enum Method {
    /** Plain training at fixed hyperparameters: the baseline; no hypernetwork, no hyper step. */
    FIXED(new TuningMethod.Fixed()),
    /** Self-Tuning Network: uncentered hypernetwork, one objective on perturbed hyperparameters. */
    STN(new TuningMethod.Stn()),
    /** Centered STN: split objectives (w0 unperturbed, Θ perturbed), no linearization. */
    CENTERED(new TuningMethod.CenteredStn()),
    /** Δ-STN: centered STN with the Θ step on the linearized network. */
    DELTA(new TuningMethod.DeltaStn()),
    /** Ablation "centering alone": the centered hypernetwork with STN's single objective. */
    CENTERED_SINGLE(new TuningMethod.CenteredSingle()),
    /** Implicit differentiation (Lorraine et al. 2020): H⁻¹ by K conjugate-gradient steps with damping δ. */
    IFT(new TuningMethod.Ift()),
    /** Truncated unrolling (Shaban et al. 2019): the hypergradient through the last K SGD steps. */
    UNROLL(new TuningMethod.Unrolled());

    private final TuningMethod tuning;

    Method(TuningMethod tuning) {
        this.tuning = tuning;
    }

    /** The implementation: its training step, hyper objective and evaluation input. */
    public TuningMethod tuning() {
        return tuning;
    }

    /** Lower-case name, as on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fixed|stn|centered|delta|centered_single}, case-insensitively. */
    public static Method parse(String s) {
        for (Method m : values()) {
            if (m.id().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + s + "', expected one of fixed, stn, centered, delta, centered_single, ift, unroll");
    }
}
