package io.github.deltastn.baselines;

/**
 * A prior on each length scale ℓ of a {@link GaussianProcess}'s kernel, for a MAP fit
 * ({@link GaussianProcess.FitSettings#withLengthScalePrior}). Densities are of ℓ itself, written at
 * {@code θ = log ℓ}, the fit's parameter, without their constants.
 */
public sealed interface LengthScalePrior {

    /** {@code log p(ℓ)} up to a constant, at {@code θ = log ℓ}. */
    double logDensity(double logEll);

    /** {@code ∂ log p(ℓ) / ∂θ}. */
    double slope(double logEll);

    /**
     * Gamma(a, b): {@code log p(ℓ) = (a − 1)·log ℓ − b·ℓ}, slope {@code (a − 1) − b·ℓ}; mean a/b, mode (a − 1)/b.
     *
     * @param shape a &gt; 0
     * @param rate b &gt; 0
     */
    record Gamma(double shape, double rate) implements LengthScalePrior {
        public Gamma {
            check("Gamma", shape, rate);
        }

        @Override
        public double logDensity(double logEll) {
            return (shape - 1) * logEll - rate * Math.exp(logEll);
        }

        @Override
        public double slope(double logEll) {
            return (shape - 1) - rate * Math.exp(logEll);
        }
    }

    /**
     * LogNormal(μ, s): {@code log ℓ ~ N(μ, s²)}, {@code log p(ℓ) = −log ℓ − (log ℓ − μ)²/(2s²)}, slope
     * {@code −1 − (log ℓ − μ)/s²}; median e^μ.
     *
     * @param mu μ, finite
     * @param sd s &gt; 0
     */
    record LogNormal(double mu, double sd) implements LengthScalePrior {
        public LogNormal {
            if (!Double.isFinite(mu)) {
                throw new IllegalArgumentException("LengthScalePrior.LogNormal: mu must be finite, got " + mu);
            }
            check("LogNormal", 1.0, sd);
        }

        @Override
        public double logDensity(double logEll) {
            double z = (logEll - mu) / sd;
            return -logEll - 0.5 * z * z;
        }

        @Override
        public double slope(double logEll) {
            return -1 - (logEll - mu) / (sd * sd);
        }
    }

    /**
     * Gamma(3, 6) (mean 0.5, mode 1/3 on unit-cube inputs): the length-scale prior of BoTorch's
     * {@code SingleTaskGP} before version 0.12. A strong prior: ℓ = 10 costs 51 nats of log density against the
     * mode, so long length scales are all but excluded.
     */
    static LengthScalePrior gamma36() {
        return new Gamma(3.0, 6.0);
    }

    /**
     * LogNormal(√2 + ½·log d, √3) for d input dimensions (Hvarfner, Hellsten &amp; Nardi 2024): the length-scale
     * prior of BoTorch's {@code SingleTaskGP} since version 0.12; median 4.1·√d, mode 0.205·√d. A weak prior: from
     * the mode to ℓ = 10 costs about 2 nats in 2 dimensions.
     */
    static LengthScalePrior dimensionScaledLogNormal(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("LengthScalePrior: need d >= 1 dimensions, got " + d);
        }
        return new LogNormal(Math.sqrt(2) + 0.5 * Math.log(d), Math.sqrt(3));
    }

    /**
     * {@code gamma} → {@link #gamma36()}, {@code lognormal} → {@link #dimensionScaledLogNormal(int)} for {@code d}
     * dimensions, {@code none} → {@code null} (maximum likelihood).
     *
     * @throws IllegalArgumentException for any other name
     */
    static LengthScalePrior parse(String id, int d) {
        return switch (id.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "gamma" -> gamma36();
            case "lognormal" -> dimensionScaledLogNormal(d);
            case "none" -> null;
            default -> throw new IllegalArgumentException("unknown length-scale prior '" + id + "', expected gamma, lognormal or none");
        };
    }

    private static void check(String name, double a, double b) {
        if (!(a > 0 && b > 0 && Double.isFinite(a) && Double.isFinite(b))) {
            throw new IllegalArgumentException("LengthScalePrior." + name + ": parameters must be finite and > 0, got " + a + ", " + b);
        }
    }
}
