package io.github.deltastn.toy;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;

/**
 * A seeded synthetic linear-regression data set for the toy problems, designed so that the exact
 * optimal weight decay and dropout rate are interior and far from the trainers' initial values
 * (c₀ = 1e-2, p₀ = 0.05).
 *
 * <p><b>Generative model.</b> Latent features z ∈ R^d follow a stationary AR(1) process,
 * z_1 = e_1, z_j = ρ z_{j−1} + √(1 − ρ²) e_j with e ~ N(0, I), so Var z_j = 1 and
 * Corr(z_i, z_j) = ρ^|i−j|. The observed features are x_j = μ_j + s_j z_j with offsets
 * μ_j ~ U(−2, 2) and scales s_j ~ U(0.5, 2) (so that standardisation and the bias matter). The target
 * is y = b₀ + βᵀz + σ·ε with β ~ N(0, I) rescaled to βᵀΣβ = 1 (unit signal variance; Σ the AR(1)
 * correlation matrix), b₀ = {@value #TRUE_BIAS}, ε ~ N(0, 1) and σ² = f/(1 − f) for the noise
 * fraction f = Var(noise)/Var(y). All rows (train, validation, test) are i.i.d. from this model.
 *
 * <p><b>Why the optima land where they do.</b> With standardised data the ridge objective matches a
 * Gaussian prior on the weights with per-weight variance ≈ (1 − f)/d in target units, so the
 * Bayes-optimal c is about f·d/((1 − f)·N) ≈ 0.75 for the defaults (f = 0.6, d = 20, N = 40); the
 * validation optimum of one draw scatters around that. On standardised features dropout equals ridge
 * with c = p/(1 − p), so p* = c* ÷ (1 + c*) ≈ 0.43. Few rows relative to d (N = 2d), strong noise and
 * correlated features are what make the regulariser matter; an easier problem would put c* near 0.
 *
 * <p>Default seed {@value #DEFAULT_SEED}: see {@link #defaultData()}; the exact optima for it are
 * asserted by the tests (c* ∈ [0.1, 1], p* ∈ [0.3, 0.6], both interior).
 */
public final class SyntheticRegression {
    /** The seed of {@link #defaultData()}. */
    public static final long DEFAULT_SEED = 20201026L;
    /** The intercept b₀ of the generative model (on the raw, unstandardised target). */
    public static final double TRUE_BIAS = 3.0;

    private SyntheticRegression() {}

    /**
     * Generator settings.
     *
     * @param nTrain        training rows N (≥ 2)
     * @param nValid        validation rows (≥ 1)
     * @param nTest         test rows (≥ 0; 0 means no test split)
     * @param features      d (≥ 1)
     * @param correlation   AR(1) coefficient ρ ∈ (−1, 1)
     * @param noiseFraction f ∈ (0, 1), the share of the target variance that is noise
     * @param standardize   rescale every split with training statistics ({@link Standardization})
     */
    public record Config(int nTrain, int nValid, int nTest, int features, double correlation, double noiseFraction,
            boolean standardize) {
        /** N = 40, N_v = 200, N_test = 1000, d = 20, ρ = 0.5, f = 0.6, standardised. */
        public static Config defaults() {
            return new Config(40, 200, 1000, 20, 0.5, 0.6, true);
        }

        /** This configuration with standardisation switched on or off. */
        public Config withStandardize(boolean on) {
            return new Config(nTrain, nValid, nTest, features, correlation, noiseFraction, on);
        }

        void validate() {
            String m = "SyntheticRegression.Config";
            if (nTrain < 2 || nValid < 1 || nTest < 0 || features < 1) {
                throw new IllegalArgumentException(m + ": need nTrain >= 2, nValid >= 1, nTest >= 0, features >= 1, got nTrain="
                        + nTrain + ", nValid=" + nValid + ", nTest=" + nTest + ", features=" + features);
            }
            if (!(correlation > -1.0 && correlation < 1.0)) {
                throw new IllegalArgumentException(m + ": correlation must be in (-1, 1), got " + correlation);
            }
            Checks.requireOpenUnit(m, "noiseFraction", noiseFraction);
        }
    }

    /** The default problem: {@link Config#defaults()} with seed {@value #DEFAULT_SEED}. */
    public static RegressionData defaultData() {
        return generate(Config.defaults(), new Rng(DEFAULT_SEED));
    }

    /**
     * Draws a data set. The same configuration and rng state always give the same data; {@code rng} is
     * advanced.
     */
    public static RegressionData generate(Config config, Rng rng) {
        String m = "SyntheticRegression.generate";
        Checks.requireNotNull(m, "config", config);
        Checks.requireNotNull(m, "rng", rng);
        config.validate();
        Rng modelRng = rng.split();
        Rng rowRng = rng.split();
        int d = config.features();
        double rho = config.correlation();

        double[] offset = new double[d];
        double[] scale = new double[d];
        modelRng.fillUniform(offset, -2.0, 2.0);
        modelRng.fillUniform(scale, 0.5, 2.0);
        double[] beta = new double[d];
        modelRng.fillNormal(beta, 0.0, 1.0);
        double signal = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                signal += beta[i] * beta[j] * Math.pow(rho, Math.abs(i - j));
            }
        }
        double norm = 1.0 / Math.sqrt(signal);
        for (int j = 0; j < d; j++) {
            beta[j] *= norm;
        }
        double noiseStd = Math.sqrt(config.noiseFraction() / (1.0 - config.noiseFraction()));

        Tensor[] train = rows(config.nTrain(), offset, scale, beta, rho, noiseStd, rowRng);
        Tensor[] valid = rows(config.nValid(), offset, scale, beta, rho, noiseStd, rowRng);
        Tensor[] test = config.nTest() > 0 ? rows(config.nTest(), offset, scale, beta, rho, noiseStd, rowRng) : null;
        RegressionData raw = new RegressionData(train[0], train[1], valid[0], valid[1],
                test == null ? null : test[0], test == null ? null : test[1]);
        return config.standardize() ? raw.standardized() : raw;
    }

    private static Tensor[] rows(int n, double[] offset, double[] scale, double[] beta, double rho, double noiseStd,
            Rng rng) {
        int d = beta.length;
        double innovation = Math.sqrt(1.0 - rho * rho);
        double[] x = new double[n * d];
        double[] y = new double[n];
        double[] e = new double[d];
        for (int i = 0; i < n; i++) {
            rng.fillNormal(e, 0.0, 1.0);
            double z = e[0];
            double target = TRUE_BIAS;
            for (int j = 0; j < d; j++) {
                if (j > 0) {
                    z = rho * z + innovation * e[j];
                }
                x[i * d + j] = offset[j] + scale[j] * z;
                target += beta[j] * z;
            }
            y[i] = target + noiseStd * rng.normal();
        }
        return new Tensor[] {Tensor.wrap(x, n, d), Tensor.wrap(y, n)};
    }
}
