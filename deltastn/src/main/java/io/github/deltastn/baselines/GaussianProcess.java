package io.github.deltastn.baselines;

import io.github.deltastn.core.Rng;
import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Gaussian-process regression with a {@link Matern52} kernel, a zero mean on standardised targets and
 * Gaussian observation noise: the surrogate of {@link BayesianOptimization}.
 *
 * <p><b>Model.</b> Inputs {@code x [n][d]} (the unit cube, though any reals work), targets {@code y [n]}.
 * Targets are standardised, {@code ỹ = (y − m)/c} with m their mean and c their standard deviation (1 when
 * n = 1 or all are equal), which is the same as a constant mean m and a signal scale c; then
 * {@code ỹ ~ N(0, K + σ_n²I)}, {@code K_ij = k(x_i, x_j)}. Kernel and noise variances live on the
 * standardised scale.
 *
 * <p><b>Posterior</b> of the latent f at {@code x*} (noise excluded), with {@code K_n = K + σ_n²I = LLᵀ},
 * {@code α = K_n⁻¹ỹ}, {@code k* = k(x*, X) [n]}, {@code v = L⁻¹k*}:
 * {@code μ = m + c·k*ᵀα}, {@code var = c²·max(k(x*, x*) − vᵀv, 0)}.
 *
 * <p><b>Log marginal likelihood</b> (standardised targets):
 * {@code log p(ỹ) = −½ỹᵀα − Σ_i log L_ii − (n/2)·log 2π}, and for each kernel/noise parameter θ
 * {@code ∂/∂θ log p = ½·tr((ααᵀ − K_n⁻¹)·∂K_n/∂θ)}; parameters are the logarithms
 * {@code (log ℓ_1, …, log ℓ_d, log σ², log σ_n²)}.
 *
 * <p><b>Fit</b> ({@link #fitMarginalLikelihood}): projected Adam ascent on those log-parameters inside a box
 * ({@link FitSettings}), from a default start and a few random restarts; the best iterate seen wins. The box
 * keeps a fit on a handful of points from degenerating (ℓ → 0 interpolating noise, σ_n² → 0 making
 * {@code K_n} singular). With a {@link LengthScalePrior} the fit maximises
 * {@code log p(ỹ) + Σ_i log p(ℓ_i)} instead (a MAP estimate). Without it, a few points in several dimensions
 * are often explained by one coordinate, the other length scales go to the upper bound, and the posterior is
 * flat along them.
 *
 * <p><b>Linear algebra</b>: EJML's Cholesky on {@code K_n}; if it fails, the factorisation is retried with a
 * jitter {@code 1e-10·mean(diag K_n)} added to the diagonal, ×10 per retry, at most {@code 1e-4·mean(diag)}.
 *
 * <p>Immutable.
 */
public final class GaussianProcess {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    /**
     * Settings of the marginal-likelihood fit. Bounds apply to the unit-cube inputs and standardised targets.
     *
     * @param restarts random restarts in addition to the default start (≥ 0)
     * @param iterations Adam steps per start (≥ 1)
     * @param learningRate Adam step size on the log-parameters (&gt; 0)
     * @param minLengthScale lower bound of every ℓ_i
     * @param maxLengthScale upper bound of every ℓ_i
     * @param minSignalVariance lower bound of σ²
     * @param maxSignalVariance upper bound of σ²
     * @param minNoiseVariance lower bound of σ_n² (&gt; 0: keeps K_n invertible)
     * @param maxNoiseVariance upper bound of σ_n²
     * @param lengthScalePrior prior of every ℓ_i, or {@code null} for none (maximum likelihood)
     */
    public record FitSettings(int restarts, int iterations, double learningRate, double minLengthScale,
                              double maxLengthScale, double minSignalVariance, double maxSignalVariance,
                              double minNoiseVariance, double maxNoiseVariance, LengthScalePrior lengthScalePrior) {
        public FitSettings {
            if (restarts < 0 || iterations < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("FitSettings: need restarts >= 0, iterations >= 1, learning rate > 0, got "
                        + restarts + ", " + iterations + ", " + learningRate);
            }
            checkRange("length scale", minLengthScale, maxLengthScale);
            checkRange("signal variance", minSignalVariance, maxSignalVariance);
            checkRange("noise variance", minNoiseVariance, maxNoiseVariance);
        }

        private static void checkRange(String what, double lo, double hi) {
            if (!(lo > 0 && lo <= hi && Double.isFinite(hi))) {
                throw new IllegalArgumentException("FitSettings: " + what + " bounds must satisfy 0 < lo <= hi < inf, got ["
                        + lo + ", " + hi + "]");
            }
        }

        /**
         * 3 restarts, 100 steps at 0.1; ℓ ∈ [0.01, 10], σ² ∈ [0.01, 100], σ_n² ∈ [1e-6, 1]; the
         * {@link LengthScalePrior#gamma36() Gamma(3, 6)} length-scale prior, chosen by a rule fixed before a study on
         * four analytic problems with 8 and 20 trials: a lower median regret than no prior in 7 of 8 cases (not on
         * Branin with 20 trials, whose long length scales it penalises), and than the dimension-scaled LogNormal in
         * 5 of 8 (the repository's EXPERIMENTS.md, "A length-scale prior for BO's GP").
         * {@code withLengthScalePrior(null)} gives the maximum-likelihood fit of versions before it.
         */
        public static FitSettings defaults() {
            return new FitSettings(3, 100, 0.1, 0.01, 10.0, 0.01, 100.0, 1e-6, 1.0, LengthScalePrior.gamma36());
        }

        /** These settings with {@code prior} on every length scale ({@code null}: none). */
        public FitSettings withLengthScalePrior(LengthScalePrior prior) {
            return new FitSettings(restarts, iterations, learningRate, minLengthScale, maxLengthScale, minSignalVariance,
                    maxSignalVariance, minNoiseVariance, maxNoiseVariance, prior);
        }
    }

    /** The posterior of the latent function at a point, in the units of the targets. */
    public record Prediction(double mean, double variance) {
        /** {@code √variance}. */
        public double sd() {
            return Math.sqrt(variance);
        }
    }

    private final double[][] x;
    private final Matern52 kernel;
    private final double noiseVariance;
    private final double yMean;
    private final double yScale;
    private final double[] lower;
    private final double[] alpha;
    private final double logLikelihood;

    private GaussianProcess(double[][] x, double[] y, Matern52 kernel, double noiseVariance) {
        this.x = x;
        this.kernel = kernel;
        this.noiseVariance = noiseVariance;
        int n = x.length;
        double[] stats = standardisation(y);
        this.yMean = stats[0];
        this.yScale = stats[1];
        double[] ys = standardise(y, yMean, yScale);
        double[] kn = new double[n * n];
        for (int i = 0; i < n; i++) {
            kn[i * n + i] = kernel.signalVariance() + noiseVariance;
            for (int j = 0; j < i; j++) {
                kn[i * n + j] = kn[j * n + i] = kernel.k(x[i], x[j]);
            }
        }
        this.lower = cholesky(kn, n);
        this.alpha = solve(lower, ys, n);
        this.logLikelihood = logLikelihood(ys, alpha, lower, n);
    }

    /**
     * The GP through {@code (x, y)} with given kernel and noise variance (on the standardised scale).
     *
     * @param x inputs {@code [n][d]}, n ≥ 1, d = the kernel's dimension (copied)
     * @param y finite targets {@code [n]}
     * @throws IllegalArgumentException on empty or ragged inputs, non-finite values or mismatched sizes
     * @throws IllegalStateException if {@code K_n} is not positive definite even with the largest jitter
     */
    public static GaussianProcess of(double[][] x, double[] y, Matern52 kernel, double noiseVariance) {
        Objects.requireNonNull(kernel, "GaussianProcess: kernel must not be null");
        double[][] xc = checkData(x, y, kernel.dim());
        if (!(noiseVariance >= 0 && Double.isFinite(noiseVariance))) {
            throw new IllegalArgumentException("GaussianProcess: noise variance must be finite and >= 0, got " + noiseVariance);
        }
        return new GaussianProcess(xc, y.clone(), kernel, noiseVariance);
    }

    /**
     * The GP through {@code (x, y)} with kernel and noise fitted by maximising the log marginal likelihood,
     * plus the log prior of the length scales if {@code settings} has one (see the class comment).
     *
     * @param rng source of the restarts' starting points
     */
    public static GaussianProcess fitMarginalLikelihood(double[][] x, double[] y, FitSettings settings, Rng rng) {
        Objects.requireNonNull(settings, "GaussianProcess: settings must not be null");
        Objects.requireNonNull(rng, "GaussianProcess: rng must not be null");
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("GaussianProcess: need at least one point, got none");
        }
        int d = x[0].length;
        double[][] xc = checkData(x, y, d);
        double[] stats = standardisation(y);
        double[] ys = standardise(y, stats[0], stats[1]);
        double[] lo = new double[d + 2];
        double[] hi = new double[d + 2];
        Arrays.fill(lo, 0, d, Math.log(settings.minLengthScale()));
        Arrays.fill(hi, 0, d, Math.log(settings.maxLengthScale()));
        lo[d] = Math.log(settings.minSignalVariance());
        hi[d] = Math.log(settings.maxSignalVariance());
        lo[d + 1] = Math.log(settings.minNoiseVariance());
        hi[d + 1] = Math.log(settings.maxNoiseVariance());

        double[] best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int start = 0; start <= settings.restarts(); start++) {
            double[] theta = new double[d + 2];
            if (start == 0) {
                Arrays.fill(theta, 0, d, Math.log(0.5));
                theta[d] = 0.0;
                theta[d + 1] = Math.log(1e-3);
            } else {
                for (int i = 0; i < d; i++) {
                    theta[i] = rng.uniform(Math.log(0.05), Math.log(2.0));
                }
                theta[d] = rng.uniform(Math.log(0.2), Math.log(5.0));
                theta[d + 1] = rng.uniform(Math.log(1e-6), Math.log(1e-1));
            }
            clamp(theta, lo, hi);
            double[] found = ascend(xc, ys, theta, lo, hi, settings);
            if (found != null && found[d + 2] > bestValue) {
                bestValue = found[d + 2];
                best = Arrays.copyOf(found, d + 2);
            }
        }
        if (best == null) {
            throw new IllegalStateException("GaussianProcess: the marginal likelihood could not be evaluated at any start ("
                    + x.length + " points in " + d + " dimensions); the covariance was never positive definite");
        }
        double[] ell = new double[d];
        for (int i = 0; i < d; i++) {
            ell[i] = Math.exp(best[i]);
        }
        return new GaussianProcess(xc, y.clone(), new Matern52(ell, Math.exp(best[d])), Math.exp(best[d + 1]));
    }

    /**
     * Projected Adam ascent from {@code theta}; returns the best iterate with its value appended
     * ({@code [d + 3]}), or {@code null} if the likelihood could not be evaluated at the start.
     */
    private static double[] ascend(double[][] x, double[] ys, double[] theta, double[] lo, double[] hi, FitSettings s) {
        int p = theta.length;
        double[] grad = new double[p];
        double[] m = new double[p];
        double[] v = new double[p];
        double b1 = 0.9;
        double b2 = 0.999;
        double[] best = null;
        for (int it = 1; it <= s.iterations(); it++) {
            double value;
            try {
                value = logMarginalLikelihood(x, ys, theta, grad) + logPrior(theta, s.lengthScalePrior(), grad);
            } catch (IllegalStateException notPositiveDefinite) {
                break;
            }
            if (!Double.isFinite(value)) {
                break;
            }
            if (best == null || value > best[p]) {
                best = Arrays.copyOf(theta, p + 1);
                best[p] = value;
            }
            for (int i = 0; i < p; i++) {
                m[i] = b1 * m[i] + (1 - b1) * grad[i];
                v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
                double mh = m[i] / (1 - Math.pow(b1, it));
                double vh = v[i] / (1 - Math.pow(b2, it));
                theta[i] += s.learningRate() * mh / (Math.sqrt(vh) + 1e-8);
            }
            clamp(theta, lo, hi);
        }
        return best;
    }

    /**
     * {@code Σ_i log p(ℓ_i)} at {@code theta = (log ℓ_1..d, log σ², log σ_n²)}, its gradient added to {@code grad};
     * 0 without a prior.
     */
    static double logPrior(double[] theta, LengthScalePrior prior, double[] grad) {
        if (prior == null) {
            return 0.0;
        }
        double sum = 0;
        for (int i = 0; i < theta.length - 2; i++) {
            sum += prior.logDensity(theta[i]);
            grad[i] += prior.slope(theta[i]);
        }
        return sum;
    }

    private static void clamp(double[] theta, double[] lo, double[] hi) {
        for (int i = 0; i < theta.length; i++) {
            theta[i] = Math.min(hi[i], Math.max(lo[i], theta[i]));
        }
    }

    /**
     * The log marginal likelihood of standardised targets {@code ys [n]} at log-parameters
     * {@code theta = (log ℓ_1..d, log σ², log σ_n²)}, and, if {@code grad [d + 2]} is given, its gradient
     * with respect to {@code theta} written there.
     *
     * @throws IllegalStateException if {@code K_n} is not positive definite even with the largest jitter
     */
    static double logMarginalLikelihood(double[][] x, double[] ys, double[] theta, double[] grad) {
        int n = x.length;
        int d = theta.length - 2;
        double[] ell = new double[d];
        for (int i = 0; i < d; i++) {
            ell[i] = Math.exp(theta[i]);
        }
        double sf2 = Math.exp(theta[d]);
        double sn2 = Math.exp(theta[d + 1]);
        Matern52 kernel = new Matern52(ell, sf2);
        double[] r = new double[n * n];
        double[] kf = new double[n * n];
        double[] kn = new double[n * n];
        for (int i = 0; i < n; i++) {
            kf[i * n + i] = sf2;
            kn[i * n + i] = sf2 + sn2;
            for (int j = 0; j < i; j++) {
                double rij = kernel.distance(x[i], x[j]);
                double kij = sf2 * Matern52.correlation(rij);
                r[i * n + j] = r[j * n + i] = rij;
                kf[i * n + j] = kf[j * n + i] = kij;
                kn[i * n + j] = kn[j * n + i] = kij;
            }
        }
        double[] l = cholesky(kn, n);
        double[] a = solve(l, ys, n);
        double value = logLikelihood(ys, a, l, n);
        if (grad == null) {
            return value;
        }
        double[] kinv = inverseFromCholesky(l, n);
        Arrays.fill(grad, 0.0);
        double[] g = new double[n * n];
        double five3 = 5.0 / 3.0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double w = a[i] * a[j] - kinv[i * n + j];
                grad[d] += w * kf[i * n + j];
                double s = Matern52.SQRT5 * r[i * n + j];
                g[i * n + j] = w * five3 * sf2 * (1.0 + s) * Math.exp(-s);
            }
            grad[d + 1] += (a[i] * a[i] - kinv[i * n + i]) * sn2;
        }
        for (int k = 0; k < d; k++) {
            double inv2 = 1.0 / (ell[k] * ell[k]);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double diff = x[i][k] - x[j][k];
                    sum += 2.0 * g[i * n + j] * diff * diff;
                }
            }
            grad[k] = 0.5 * sum * inv2;
        }
        grad[d] *= 0.5;
        grad[d + 1] *= 0.5;
        return value;
    }

    /** The posterior of f at {@code xStar [d]}. */
    public Prediction predict(double[] xStar) {
        int n = x.length;
        if (xStar.length != kernel.dim()) {
            throw new IllegalArgumentException("GaussianProcess.predict: point must have " + kernel.dim() + " coordinates, got "
                    + xStar.length);
        }
        double[] ks = new double[n];
        double mu = 0;
        for (int i = 0; i < n; i++) {
            ks[i] = kernel.k(xStar, x[i]);
            mu += ks[i] * alpha[i];
        }
        TriangularSolver_DDRM.solveL(lower, ks, n);
        double vv = 0;
        for (double t : ks) {
            vv += t * t;
        }
        double var = Math.max(kernel.signalVariance() - vv, 0.0);
        return new Prediction(yMean + yScale * mu, yScale * yScale * var);
    }

    /** The log marginal likelihood of the standardised targets at this GP's kernel and noise. */
    public double logMarginalLikelihood() {
        return logLikelihood;
    }

    /** The kernel (on the standardised scale). */
    public Matern52 kernel() {
        return kernel;
    }

    /** σ_n² on the standardised scale. */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** Mean m and scale c of the standardisation, {@code {m, c}}. */
    public double[] standardisation() {
        return new double[] {yMean, yScale};
    }

    /** Number of training points n. */
    public int size() {
        return x.length;
    }

    // ------------------------------------------------------------------ helpers

    private static double[][] checkData(double[][] x, double[] y, int d) {
        Objects.requireNonNull(x, "GaussianProcess: x must not be null");
        Objects.requireNonNull(y, "GaussianProcess: y must not be null");
        if (x.length == 0) {
            throw new IllegalArgumentException("GaussianProcess: need at least one point, got none");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("GaussianProcess: " + x.length + " inputs but " + y.length + " targets");
        }
        if (d < 1) {
            throw new IllegalArgumentException("GaussianProcess: inputs need at least one coordinate");
        }
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != d) {
                throw new IllegalArgumentException("GaussianProcess: input " + i + " must have " + d + " coordinates, got "
                        + (x[i] == null ? "null" : x[i].length));
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("GaussianProcess: input " + i + " is not finite: " + Arrays.toString(x[i]));
                }
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("GaussianProcess: target " + i + " must be finite, got " + y[i]);
            }
            c[i] = x[i].clone();
        }
        return c;
    }

    /** {@code {mean, scale}} of y; scale = population standard deviation, or 1 when it is (nearly) 0. */
    private static double[] standardisation(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / y.length);
        if (!(sd > 1e-12 * Math.max(1.0, Math.abs(mean)))) {
            sd = 1.0;
        }
        return new double[] {mean, sd};
    }

    private static double[] standardise(double[] y, double mean, double scale) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (y[i] - mean) / scale;
        }
        return out;
    }

    /** The lower Cholesky factor of the symmetric {@code a [n·n]} (row-major), with jitter retries. */
    static double[] cholesky(double[] a, int n) {
        double meanDiag = 0;
        for (int i = 0; i < n; i++) {
            meanDiag += a[i * n + i];
        }
        meanDiag /= n;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        double jitter = 0;
        for (int attempt = 0; attempt <= 7; attempt++) {
            DMatrixRMaj m = new DMatrixRMaj(n, n);
            System.arraycopy(a, 0, m.data, 0, n * n);
            for (int i = 0; i < n; i++) {
                m.data[i * n + i] += jitter;
            }
            if (chol.decompose(m)) {
                return chol.getT(null).data;
            }
            jitter = attempt == 0 ? 1e-10 * meanDiag : jitter * 10;
        }
        throw new IllegalStateException("GaussianProcess: the " + n + "x" + n + " covariance is not positive definite even with jitter "
                + jitter / 10 + " on the diagonal");
    }

    /** {@code (LLᵀ)⁻¹ b} for lower-triangular {@code l [n·n]}. */
    private static double[] solve(double[] l, double[] b, int n) {
        double[] out = b.clone();
        TriangularSolver_DDRM.solveL(l, out, n);
        TriangularSolver_DDRM.solveTranL(l, out, n);
        return out;
    }

    private static double[] inverseFromCholesky(double[] l, int n) {
        DMatrixRMaj linv = new DMatrixRMaj(n, n);
        TriangularSolver_DDRM.invertLower(l, linv.data, n);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(linv, linv, out);
        return out.data;
    }

    private static double logLikelihood(double[] ys, double[] alpha, double[] l, int n) {
        double fit = 0;
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            fit += ys[i] * alpha[i];
            logDet += Math.log(l[i * n + i]);
        }
        return -0.5 * fit - logDet - 0.5 * n * LOG_2PI;
    }
}
