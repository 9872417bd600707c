package io.github.deltastn.baselines;

/**
 * Expected improvement for <em>minimisation</em> under a Gaussian belief {@code f ~ N(μ, s²)} about a point,
 * against the incumbent (lowest observed) value {@code f*} and a margin {@code ξ ≥ 0}:
 * <pre>
 *   EI = E[max(f* − ξ − f, 0)] = (f* − ξ − μ)·Φ(z) + s·φ(z),   z = (f* − ξ − μ)/s,
 *   EI = max(f* − ξ − μ, 0)                                     for s = 0,
 * </pre>
 * with Φ, φ the standard normal distribution and density. Written {@code EI = s·τ(z)} with
 * {@code τ(z) = z·Φ(z) + φ(z) > 0}. Far in the lower tail ({@code z → −∞}) EI underflows to 0 although
 * the ranking of candidates still matters, so the optimiser maximises {@link #logValue}, which evaluates
 * {@code log τ(z) = log φ(z) + log(1 − tR(t))}, {@code t = −z}, through the Mills ratio R without
 * cancellation or underflow.
 */
public final class ExpectedImprovement {
    private static final double TAIL = -3.0;

    private ExpectedImprovement() {}

    /**
     * EI as above.
     *
     * @param mean μ
     * @param sd s ≥ 0
     * @param incumbent f*
     * @param xi ξ ≥ 0
     * @throws IllegalArgumentException if {@code sd} is negative or NaN, or {@code xi} is negative or NaN
     */
    public static double value(double mean, double sd, double incumbent, double xi) {
        check(sd, xi);
        double d = incumbent - xi - mean;
        if (sd == 0.0) {
            return Math.max(d, 0.0);
        }
        double z = d / sd;
        if (z < TAIL) {
            return Math.exp(logValue(mean, sd, incumbent, xi));
        }
        return d * Normal.cdf(z) + sd * Normal.pdf(z);
    }

    /**
     * {@code log EI}: finite for every {@code s > 0}; for {@code s = 0} the log of {@code max(f* − ξ − μ, 0)}
     * (−∞ without improvement).
     */
    public static double logValue(double mean, double sd, double incumbent, double xi) {
        check(sd, xi);
        double d = incumbent - xi - mean;
        if (sd == 0.0) {
            return d > 0 ? Math.log(d) : Double.NEGATIVE_INFINITY;
        }
        double z = d / sd;
        double logTau;
        if (z >= TAIL) {
            logTau = Math.log(z * Normal.cdf(z) + Normal.pdf(z));
        } else {
            double[] rq = Normal.millsRatio(-z);
            logTau = Normal.logPdf(z) + Math.log(rq[0]) + Math.log(rq[1]);
        }
        return Math.log(sd) + logTau;
    }

    private static void check(double sd, double xi) {
        if (!(sd >= 0.0)) {
            throw new IllegalArgumentException("ExpectedImprovement: standard deviation must be >= 0, got " + sd);
        }
        if (!(xi >= 0.0)) {
            throw new IllegalArgumentException("ExpectedImprovement: margin xi must be >= 0, got " + xi);
        }
    }
}
