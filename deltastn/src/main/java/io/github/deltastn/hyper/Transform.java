package io.github.deltastn.hyper;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Tensor;

/**
 * A monotone increasing map {@code v = T(u)} from the unconstrained value {@code u} a hyperparameter is
 * stored, perturbed and optimised in to the constrained value {@code v} the model uses (algorithm.md §2.2).
 *
 * <table>
 *   <caption>Transforms</caption>
 *   <tr><th>kind</th><th>{@code v = T(u)}</th><th>{@code u = T⁻¹(v)}</th><th>range of v</th></tr>
 *   <tr><td>{@code s_sigmoid}</td><td>{@code (hi − lo)·sigmoid(u) + lo}</td>
 *       <td>{@code log(v − lo) − log(hi − v)}</td><td>(lo, hi)</td></tr>
 *   <tr><td>{@code upper_softplus}</td><td>{@code hi − softplus(hi − u)}</td>
 *       <td>{@code hi − softplus⁻¹(hi − v)}</td><td>(−∞, hi)</td></tr>
 *   <tr><td>{@code lower_softplus}</td><td>{@code lo + softplus(u)}</td>
 *       <td>{@code softplus⁻¹(v − lo)}</td><td>(lo, +∞)</td></tr>
 *   <tr><td>{@code linear}</td><td>{@code u}</td><td>{@code v}</td><td>(−∞, +∞)</td></tr>
 *   <tr><td>{@code exp}</td><td>{@code e^u}</td><td>{@code log v}</td><td>(0, +∞)</td></tr>
 *   <tr><td>{@code sigmoid}</td><td>{@code 1/(1 + e^−u)}</td><td>{@code logit v}</td><td>(0, 1)</td></tr>
 *   <tr><td>{@code softplus}</td><td>{@code log(1 + e^u)}</td><td>{@code softplus⁻¹(v)}</td><td>(0, +∞)</td></tr>
 *   <tr><td>{@code logit}</td><td>{@code log u − log(1 − u)}, u in (0, 1)</td><td>{@code sigmoid(v)}</td>
 *       <td>(−∞, +∞)</td></tr>
 * </table>
 *
 * <p>The first four are chosen from the bounds by {@link #forBounds}; the last four (and {@code linear})
 * can be named manually. {@code softplus(x) = max(x, 0) + log1p(e^−|x|)} and
 * {@code softplus⁻¹(y) = y + log(−expm1(−y))} are evaluated stably, so no intermediate overflows: every
 * transform is finite for every finite {@code u} except {@code exp}, whose value itself exceeds
 * {@link Double#MAX_VALUE} (and becomes +∞) for {@code u > log(Double.MAX_VALUE) ≈ 709.78}.
 * For large {@code |u|} the value may round to a bound of the range ({@code sigmoid(40) == 1.0}); that is
 * the nearest double, not an error.
 *
 * <p>Domain checks (choices): {@link #forward(double)} requires a finite {@code u} (and {@code 0 < u < 1}
 * for {@code logit}); {@link #inverse(double)} requires a finite {@code v} strictly inside the open range,
 * so a value on a bound (whose preimage is ±∞) is an {@link IllegalArgumentException}, never a silent
 * ±∞ or NaN. Any {@code v} strictly inside the range has a finite preimage, however close to the bound.
 *
 * <p>Immutable; equal when kind and bounds are equal.
 */
public final class Transform {

    /** The transform families. */
    public enum Kind {
        S_SIGMOID("s_sigmoid"),
        UPPER_SOFTPLUS("upper_softplus"),
        LOWER_SOFTPLUS("lower_softplus"),
        LINEAR("linear"),
        EXP("exp"),
        SIGMOID("sigmoid"),
        SOFTPLUS("softplus"),
        LOGIT("logit");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name used in the reference code, e.g. {@code "s_sigmoid"}. */
        public String label() {
            return label;
        }
    }

    /** {@code v = u}. */
    public static final Transform LINEAR = new Transform(Kind.LINEAR, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    /** {@code v = e^u}, range (0, +∞). */
    public static final Transform EXP = new Transform(Kind.EXP, 0.0, Double.POSITIVE_INFINITY);
    /** {@code v = sigmoid(u)}, range (0, 1). */
    public static final Transform SIGMOID = new Transform(Kind.SIGMOID, 0.0, 1.0);
    /** {@code v = softplus(u)}, range (0, +∞). */
    public static final Transform SOFTPLUS = new Transform(Kind.SOFTPLUS, 0.0, Double.POSITIVE_INFINITY);
    /** {@code v = logit(u) = log u − log(1 − u)} for {@code u} in (0, 1), range (−∞, +∞). */
    public static final Transform LOGIT = new Transform(Kind.LOGIT, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    private final Kind kind;
    private final double lo;
    private final double hi;

    private Transform(Kind kind, double lo, double hi) {
        this.kind = kind;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * The transform the reference code picks for the domain (lo, hi) when none is named: {@code s_sigmoid}
     * for two finite bounds, {@code upper_softplus} for (−∞, hi), {@code lower_softplus} for (lo, +∞),
     * {@code linear} for (−∞, +∞). An unbounded side is {@code Double.NEGATIVE_INFINITY} /
     * {@code Double.POSITIVE_INFINITY}.
     *
     * @throws IllegalArgumentException if a bound is NaN, {@code lo = +∞}, {@code hi = −∞} or {@code lo ≥ hi}
     */
    public static Transform forBounds(double lo, double hi) {
        checkBounds("Transform.forBounds", lo, hi);
        boolean finiteLo = lo != Double.NEGATIVE_INFINITY;
        boolean finiteHi = hi != Double.POSITIVE_INFINITY;
        if (finiteLo && finiteHi) {
            return new Transform(Kind.S_SIGMOID, lo, hi);
        } else if (finiteHi) {
            return new Transform(Kind.UPPER_SOFTPLUS, lo, hi);
        } else if (finiteLo) {
            return new Transform(Kind.LOWER_SOFTPLUS, lo, hi);
        }
        return LINEAR;
    }

    /** {@code v = (hi − lo)·sigmoid(u) + lo} for finite {@code lo < hi}. */
    public static Transform sSigmoid(double lo, double hi) {
        checkBounds("Transform.sSigmoid", lo, hi);
        requireFinite("Transform.sSigmoid", "lo", lo);
        requireFinite("Transform.sSigmoid", "hi", hi);
        return new Transform(Kind.S_SIGMOID, lo, hi);
    }

    /** {@code v = hi − softplus(hi − u)} for finite {@code hi}: range (−∞, hi). */
    public static Transform upperSoftplus(double hi) {
        requireFinite("Transform.upperSoftplus", "hi", hi);
        return new Transform(Kind.UPPER_SOFTPLUS, Double.NEGATIVE_INFINITY, hi);
    }

    /** {@code v = lo + softplus(u)} for finite {@code lo}: range (lo, +∞). */
    public static Transform lowerSoftplus(double lo) {
        requireFinite("Transform.lowerSoftplus", "lo", lo);
        return new Transform(Kind.LOWER_SOFTPLUS, lo, Double.POSITIVE_INFINITY);
    }

    public Kind kind() {
        return kind;
    }

    /** Lower end of the (open) range of {@code v}; {@code −∞} when unbounded. */
    public double lo() {
        return lo;
    }

    /** Upper end of the (open) range of {@code v}; {@code +∞} when unbounded. */
    public double hi() {
        return hi;
    }

    /** True when {@code u} is an accepted argument of {@link #forward(double)}: finite, and in (0, 1) for {@code logit}. */
    public boolean inDomain(double u) {
        if (kind == Kind.LOGIT) {
            return u > 0.0 && u < 1.0;
        }
        return Double.isFinite(u);
    }

    /** True when {@code v} is an accepted argument of {@link #inverse(double)}: finite and strictly inside (lo, hi). */
    public boolean inRange(double v) {
        return Double.isFinite(v) && v > lo && v < hi;
    }

    /** A description of the domain of {@code u}, for messages. */
    String domainText() {
        return kind == Kind.LOGIT ? "in (0, 1)" : "finite";
    }

    /** A description of the range of {@code v}, for messages. */
    String rangeText() {
        return "finite and strictly inside (" + lo + ", " + hi + ")";
    }

    /**
     * {@code v = T(u)}.
     *
     * @throws IllegalArgumentException if {@code u} is not in the domain (see {@link #inDomain})
     */
    public double forward(double u) {
        if (!inDomain(u)) {
            throw new IllegalArgumentException(this + ".forward: u must be " + domainText() + ", got " + u);
        }
        return apply(u);
    }

    private double apply(double u) {
        switch (kind) {
            case S_SIGMOID:
                return (hi - lo) * sigmoid(u) + lo;
            case UPPER_SOFTPLUS:
                return hi - softplus(hi - u);
            case LOWER_SOFTPLUS:
                return lo + softplus(u);
            case LINEAR:
                return u;
            case EXP:
                return Math.exp(u);
            case SIGMOID:
                return sigmoid(u);
            case SOFTPLUS:
                return softplus(u);
            case LOGIT:
                return logit(u);
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * {@code dv/du = T′(u)}, e.g. for the chain rule from the constrained to the unconstrained coordinate.
     *
     * @throws IllegalArgumentException if {@code u} is not in the domain
     */
    public double derivative(double u) {
        if (!inDomain(u)) {
            throw new IllegalArgumentException(this + ".derivative: u must be " + domainText() + ", got " + u);
        }
        switch (kind) {
            case S_SIGMOID: {
                double s = sigmoid(u);
                return (hi - lo) * s * (1 - s);
            }
            case UPPER_SOFTPLUS:
                return sigmoid(hi - u);
            case LOWER_SOFTPLUS:
            case SOFTPLUS:
                return sigmoid(u);
            case LINEAR:
                return 1.0;
            case EXP:
                return Math.exp(u);
            case SIGMOID: {
                double s = sigmoid(u);
                return s * (1 - s);
            }
            case LOGIT:
                return 1.0 / (u * (1 - u));
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * {@code u = T⁻¹(v)}, finite for every accepted {@code v}.
     *
     * @throws IllegalArgumentException if {@code v} is NaN, infinite, or not strictly inside the range
     *     (a bound has no finite preimage)
     */
    public double inverse(double v) {
        if (!inRange(v)) {
            throw new IllegalArgumentException(this + ".inverse: v must be " + rangeText() + ", got " + v);
        }
        double u;
        switch (kind) {
            case S_SIGMOID:
                u = Math.log(v - lo) - Math.log(hi - v);
                break;
            case UPPER_SOFTPLUS:
                u = hi - inverseSoftplus(hi - v);
                break;
            case LOWER_SOFTPLUS:
                u = inverseSoftplus(v - lo);
                break;
            case LINEAR:
                u = v;
                break;
            case EXP:
                u = Math.log(v);
                break;
            case SIGMOID:
                u = logit(v);
                break;
            case SOFTPLUS:
                u = inverseSoftplus(v);
                break;
            case LOGIT:
                u = sigmoid(v);
                break;
            default:
                throw new AssertionError(kind);
        }
        if (!inDomain(u)) {
            // v − lo or hi − v overflowed (bounds near ±1e308), or logit's preimage rounded to 0 or 1 (|v| > ~37)
            throw new IllegalArgumentException(this + ".inverse: v = " + v + " has no representable preimage (got u = "
                    + u + ", expected u " + domainText() + ")");
        }
        return u;
    }

    /**
     * {@code T} element-wise on a differentiable value of any shape (for graphs that need the
     * constrained value, e.g. a penalty {@code c(λ)·R(w)}). Same formulas as {@link #forward(double)}.
     *
     * @throws IllegalArgumentException if an element of {@code u} is not in the domain
     */
    public Var forward(Var u) {
        double[] d = u.value().data();
        for (int i = 0; i < d.length; i++) {
            if (!inDomain(d[i])) {
                throw new IllegalArgumentException(this + ".forward: u must be " + domainText() + ", got " + d[i]
                        + " at flat index " + i);
            }
        }
        switch (kind) {
            case S_SIGMOID:
                return u.sigmoid().mul(hi - lo).add(lo);
            case UPPER_SOFTPLUS:
                return u.neg().add(hi).softplus().neg().add(hi);
            case LOWER_SOFTPLUS:
                return u.softplus().add(lo);
            case LINEAR:
                return u;
            case EXP:
                return u.exp();
            case SIGMOID:
                return u.sigmoid();
            case SOFTPLUS:
                return u.softplus();
            case LOGIT:
                return u.log().sub(u.neg().log1p());
            default:
                throw new AssertionError(kind);
        }
    }

    /** {@link #forward(double)} element-wise; same shape. */
    public Tensor forward(Tensor u) {
        double[] d = u.data();
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = forward(d[i]);
        }
        return Tensor.wrap(out, u.shape());
    }

    /** {@link #inverse(double)} element-wise; same shape. */
    public Tensor inverse(Tensor v) {
        double[] d = v.data();
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = inverse(d[i]);
        }
        return Tensor.wrap(out, v.shape());
    }

    // ------------------------------------------------------------------ stable scalar functions

    /**
     * {@code sigmoid(x) = 1/(1 + e^−x)}, without overflow: with {@code e = e^−|x|},
     * {@code 1/(1 + e)} for {@code x ≥ 0} and {@code e/(1 + e)} for {@code x < 0} (the same formula as the
     * {@code Var.sigmoid} kernel).
     */
    public static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        double r = 1.0 / (1.0 + e);
        return x >= 0 ? r : e * r;
    }

    /** {@code logit(p) = log p − log1p(−p)} for p in [0, 1] (±∞ at the ends, NaN outside). */
    public static double logit(double p) {
        return Math.log(p) - Math.log1p(-p);
    }

    /** {@code softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|)}, without overflow. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * {@code softplus⁻¹(y) = log(e^y − 1) = y + log(−expm1(−y))} for {@code y > 0}, without overflow
     * (−∞ at 0, NaN below).
     */
    public static double inverseSoftplus(double y) {
        return y + Math.log(-Math.expm1(-y));
    }

    // ------------------------------------------------------------------ checks and identity

    static void checkBounds(String where, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new IllegalArgumentException(where + ": bounds must not be NaN, got lo=" + lo + ", hi=" + hi);
        }
        if (!(lo < hi) || lo == Double.POSITIVE_INFINITY || hi == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException(where + ": expected lo < hi (lo may be -Infinity, hi +Infinity), got lo="
                    + lo + ", hi=" + hi);
        }
    }

    private static void requireFinite(String where, String what, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(where + ": " + what + " must be finite, got " + x);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Transform)) {
            return false;
        }
        Transform t = (Transform) o;
        return kind == t.kind && Double.compare(lo, t.lo) == 0 && Double.compare(hi, t.hi) == 0;
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + Double.hashCode(lo)) * 31 + Double.hashCode(hi);
    }

    /** E.g. {@code s_sigmoid(0.0, 0.95)}, {@code lower_softplus(0.0, Infinity)}, {@code exp}. */
    @Override
    public String toString() {
        switch (kind) {
            case S_SIGMOID:
            case UPPER_SOFTPLUS:
            case LOWER_SOFTPLUS:
                return kind.label() + "(" + lo + ", " + hi + ")";
            default:
                return kind.label();
        }
    }
}
