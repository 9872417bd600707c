package io.github.deltastn.train;

import java.util.Locale;

/**
 * The training methods. They differ only in what the structured layers' hyper input {@code z} is and in
 * which parameters each step updates (algorithm.md §4.4, §6, §7); all those differences live in
 * {@link Trainer}'s step methods, each a {@code switch} on this type.
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
 * </ul>
 */
public enum Method {
    /** Plain training at fixed hyperparameters: the baseline; no hypernetwork, no hyper step. */
    FIXED,
    /** Self-Tuning Network: uncentered hypernetwork, one objective on perturbed hyperparameters. */
    STN,
    /** Centered STN: split objectives (w0 unperturbed, Θ perturbed), no linearization. */
    CENTERED,
    /** Δ-STN: centered STN with the Θ step on the linearized network. */
    DELTA;

    /** Lower-case name, as on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fixed|stn|centered|delta}, case-insensitively. */
    public static Method parse(String s) {
        for (Method m : values()) {
            if (m.id().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + s + "', expected one of fixed, stn, centered, delta");
    }

    /** True for the methods with a w0 step and a separate Θ step. */
    public boolean centered() {
        return this == CENTERED || this == DELTA;
    }
}
