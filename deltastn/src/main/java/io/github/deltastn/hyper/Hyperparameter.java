package io.github.deltastn.hyper;

/**
 * The description of one tuned hyperparameter (algorithm.md §2.1): its name, open domain (lo, hi),
 * transform, initial constrained value, initial perturbation scale and flags. Immutable; create with
 * {@link #of} and adjust with the {@code with...} methods, then hand it to {@link Hyperparameters#register}.
 *
 * <ul>
 *   <li>{@code lo}, {@code hi}: the open domain; an unbounded side is {@code Double.NEGATIVE_INFINITY} /
 *       {@code Double.POSITIVE_INFINITY}.</li>
 *   <li>{@code transform}: the map {@code v = T(u)} from the unconstrained to the constrained value;
 *       {@code null} in the constructor means {@link Transform#forBounds(double, double) forBounds(lo, hi)}.
 *       With a manually named transform the bounds only validate the initial value (as in the reference
 *       code, where a manual transform ignores them): the values then range over the transform's own
 *       range, which may be wider.</li>
 *   <li>{@code initial}: the initial constrained value; must be finite, strictly inside (lo, hi) and strictly
 *       inside the transform's range, so that {@code T⁻¹(initial)} is finite.</li>
 *   <li>{@code discrete}: the value used by the model is an integer: {@link #perturbedValue} floors,
 *       {@link #currentValue} truncates (algorithm.md §2.5). The stored and perturbed {@code u} stay continuous.</li>
 *   <li>{@code samePerturbationPerBatch}: every example of a batch gets row 0's perturbation (algorithm.md §2.6).</li>
 *   <li>{@code initialScale}: the initial perturbation standard deviation σ0 &gt; 0 (default 1.0).</li>
 * </ul>
 */
public record Hyperparameter(String name, double lo, double hi, double initial, Transform transform,
        boolean discrete, boolean samePerturbationPerBatch, double initialScale) {

    /**
     * Relative distance to the nearest integer below which a discrete value is snapped to that integer before
     * flooring or truncation, so that a value meant to be 4 but computed as 3.9999999999999996 stays 4 (algorithm.md §2.5).
     */
    public static final double INTEGER_SNAP = 1e-9;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the hyperparameter, the value received and what was expected
     */
    public Hyperparameter {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Hyperparameter: name must be a non-blank string, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        String who = "hyperparameter '" + name + "'";
        Transform.checkBounds(who, lo, hi);
        if (transform == null) {
            transform = Transform.forBounds(lo, hi);
        }
        if (!(Double.isFinite(initial) && initial > lo && initial < hi)) {
            throw new IllegalArgumentException(who + ": initial value must be finite and strictly inside the domain ("
                    + lo + ", " + hi + "), got " + initial);
        }
        if (!transform.inRange(initial)) {
            throw new IllegalArgumentException(who + ": initial value must be " + transform.rangeText()
                    + " for transform " + transform + " (a bound has no finite unconstrained value), got " + initial);
        }
        try {
            transform.inverse(initial);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who + ": " + e.getMessage(), e);
        }
        if (!(initialScale > 0.0 && Double.isFinite(initialScale))) {
            throw new IllegalArgumentException(who + ": initial perturbation scale sigma0 must be finite and > 0, got "
                    + initialScale);
        }
    }

    /**
     * A continuous hyperparameter on the open domain (lo, hi) with the transform chosen from the bounds,
     * initial σ0 = 1 and both flags off.
     */
    public static Hyperparameter of(String name, double lo, double hi, double initial) {
        return new Hyperparameter(name, lo, hi, initial, null, false, false, 1.0);
    }

    /** The same with a manually named transform ({@code null}: back to the one chosen from the bounds). */
    public Hyperparameter withTransform(Transform t) {
        return new Hyperparameter(name, lo, hi, initial, t, discrete, samePerturbationPerBatch, initialScale);
    }

    /** The same with the {@code discrete} flag set as given. */
    public Hyperparameter withDiscrete(boolean d) {
        return new Hyperparameter(name, lo, hi, initial, transform, d, samePerturbationPerBatch, initialScale);
    }

    /** The same with the {@code samePerturbationPerBatch} flag set as given. */
    public Hyperparameter withSamePerturbationPerBatch(boolean same) {
        return new Hyperparameter(name, lo, hi, initial, transform, discrete, same, initialScale);
    }

    /** The same with another initial value (checked as in the constructor). */
    public Hyperparameter withInitial(double value) {
        return new Hyperparameter(name, lo, hi, value, transform, discrete, samePerturbationPerBatch, initialScale);
    }

    /** The same with initial perturbation scale σ0. */
    public Hyperparameter withInitialScale(double sigma0) {
        return new Hyperparameter(name, lo, hi, initial, transform, discrete, samePerturbationPerBatch, sigma0);
    }

    /** {@code u0 = T⁻¹(initial)}, the initial unconstrained value. */
    public double initialUnconstrained() {
        return transform.inverse(initial);
    }

    /** {@code s0 = softplus⁻¹(σ0) = log(e^σ0 − 1)}, the initial raw scale (0.541325 for σ0 = 1). */
    public double initialRawScale() {
        return Transform.inverseSoftplus(initialScale);
    }

    /**
     * The value a perturbed example uses: {@code T(u)}, floored when discrete (algorithm.md §2.5).
     *
     * @throws IllegalArgumentException if {@code u} is outside the transform's domain (e.g. NaN)
     */
    public double perturbedValue(double u) {
        return toValue(u, true);
    }

    /**
     * The current value: {@code T(u)}, truncated toward zero when discrete (as the reference does with
     * {@code int(...)}; the same as flooring for the non-negative values every discrete hyperparameter there has).
     *
     * @throws IllegalArgumentException if {@code u} is outside the transform's domain (e.g. NaN)
     */
    public double currentValue(double u) {
        return toValue(u, false);
    }

    private double toValue(double u, boolean floor) {
        if (!transform.inDomain(u)) {
            throw new IllegalArgumentException("hyperparameter '" + name + "': unconstrained value must be "
                    + transform.domainText() + " for transform " + transform + ", got " + u);
        }
        double v = transform.forward(u);
        return discrete ? toInteger(v, floor) : v;
    }

    /**
     * Snaps {@code v} to the nearest integer when within {@link #INTEGER_SNAP} (relative), then floors or
     * truncates. A value that saturated onto a finite upper end of the transform's range (e.g. 24.0 for
     * {@code s_sigmoid(2, 24)} at large u) maps to the largest integer below it, so the set of values is
     * {⌊lo⌋, …, ⌈hi⌉ − 1} as for the unsaturated values.
     */
    private double toInteger(double v, boolean floor) {
        double r = Math.rint(v);
        if (Math.abs(v - r) <= INTEGER_SNAP * Math.max(1.0, Math.abs(v))) {
            v = r;
        }
        double k = floor ? Math.floor(v) : (v < 0 ? Math.ceil(v) : Math.floor(v));
        double top = transform.hi();
        if (top != Double.POSITIVE_INFINITY && k >= top) {
            k = Math.ceil(top) - 1.0;
        }
        return k;
    }
}
