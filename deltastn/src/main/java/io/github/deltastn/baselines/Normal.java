package io.github.deltastn.baselines;

/**
 * The standard normal density and distribution function to double precision, including the far tails
 * (which expected improvement reaches once the GP is confident).
 *
 * <ul>
 *   <li>{@code |x| ≤ 3}: Φ(x) = ½ + φ(x)·Σ_{n≥0} x^{2n+1}/(1·3·5⋯(2n+1)) (the Taylor series of ∫φ);</li>
 *   <li>{@code |x| > 3}: the Mills ratio R(t) = (1 − Φ(t))/φ(t) for t = |x| by its continued fraction
 *       R(t) = 1/(t + 1/(t + 2/(t + 3/(t + ⋯)))), evaluated backwards from a fixed depth; Φ(−t) = φ(t)·R(t),
 *       Φ(t) = 1 − φ(t)·R(t).</li>
 * </ul>
 */
final class Normal {
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double SERIES_LIMIT = 3.0;
    private static final int FRACTION_DEPTH = 300;

    private Normal() {}

    /** φ(x) = exp(−x²/2)/√(2π). */
    static double pdf(double x) {
        return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
    }

    /** log φ(x), finite for every finite x. */
    static double logPdf(double x) {
        return -0.5 * x * x - LOG_SQRT_2PI;
    }

    /** Φ(x) = P(N(0, 1) ≤ x), relative accuracy about 1e-14 for x ≤ 0 down to the underflow near −38. */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (Math.abs(x) <= SERIES_LIMIT) {
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= x2 / (2 * n + 1);
                sum += term;
            }
            return 0.5 + pdf(x) * sum;
        }
        double t = Math.abs(x);
        double tail = t > 40 ? 0.0 : pdf(t) * millsRatio(t)[0];
        return x < 0 ? tail : 1.0 - tail;
    }

    /**
     * The Mills ratio for t &gt; 0 from its continued fraction, as {@code {R, q}} with
     * {@code R = 1/(t + q)} and {@code q = 1/(t + 2/(t + 3/(t + ⋯)))}; then {@code 1 − t·R = q·R} without
     * cancellation. Accurate for t ≥ 3; used only there.
     */
    static double[] millsRatio(double t) {
        double d = t;
        for (int k = FRACTION_DEPTH; k >= 2; k--) {
            d = t + k / d;
        }
        double q = 1.0 / d;
        return new double[] {1.0 / (t + q), q};
    }
}
