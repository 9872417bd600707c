package io.github.deltastn.baselines;

import java.util.Objects;

/**
 * The Matérn 5/2 covariance with automatic relevance determination (one length scale per input dimension):
 * <pre>
 *   k(x, x') = σ²·(1 + √5·r + 5r²/3)·exp(−√5·r),   r = √(Σ_i (x_i − x'_i)²/ℓ_i²).
 * </pre>
 * With all {@code ℓ_i = ℓ} this is the isotropic form {@code σ²(1 + √5 d/ℓ + 5d²/(3ℓ²)) exp(−√5 d/ℓ)} of the
 * Euclidean distance d. Twice differentiable sample paths (Snoek et al. 2012 use it for the same reason: the
 * squared exponential is too smooth for training curves). Derivatives used by the marginal-likelihood fit:
 * <pre>
 *   ∂k/∂(log σ²)  = k,
 *   ∂k/∂(log ℓ_i) = (5/3)·σ²·(1 + √5·r)·exp(−√5·r)·(x_i − x'_i)²/ℓ_i².
 * </pre>
 *
 * @param lengthScales {@code ℓ [d]}, each finite and &gt; 0 (copied)
 * @param signalVariance {@code σ²}, finite and &gt; 0
 */
public record Matern52(double[] lengthScales, double signalVariance) {
    static final double SQRT5 = Math.sqrt(5.0);

    public Matern52 {
        Objects.requireNonNull(lengthScales, "Matern52: length scales must not be null");
        if (lengthScales.length == 0) {
            throw new IllegalArgumentException("Matern52: need at least one length scale");
        }
        lengthScales = lengthScales.clone();
        for (int i = 0; i < lengthScales.length; i++) {
            if (!(lengthScales[i] > 0 && Double.isFinite(lengthScales[i]))) {
                throw new IllegalArgumentException("Matern52: length scale " + i + " must be finite and > 0, got " + lengthScales[i]);
            }
        }
        if (!(signalVariance > 0 && Double.isFinite(signalVariance))) {
            throw new IllegalArgumentException("Matern52: signal variance must be finite and > 0, got " + signalVariance);
        }
    }

    @Override
    public double[] lengthScales() {
        return lengthScales.clone();
    }

    /** Input dimension d. */
    public int dim() {
        return lengthScales.length;
    }

    /** {@code (1 + √5 r + 5r²/3)·exp(−√5 r)}: the correlation at scaled distance {@code r ≥ 0}. */
    public static double correlation(double r) {
        double s = SQRT5 * r;
        return (1.0 + s + s * s / 3.0) * Math.exp(-s);
    }

    /** The scaled distance {@code r} between {@code a [d]} and {@code b [d]}. */
    public double distance(double[] a, double[] b) {
        return Math.sqrt(scaledSquaredDistance(a, b));
    }

    /** {@code k(a, b)}. */
    public double k(double[] a, double[] b) {
        return signalVariance * correlation(distance(a, b));
    }

    /** {@code K[i][j] = k(x_i, x_j)} for {@code x [n][d]}; symmetric, diagonal σ². */
    public double[][] gram(double[][] x) {
        int n = x.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            g[i][i] = signalVariance;
            for (int j = 0; j < i; j++) {
                g[i][j] = g[j][i] = k(x[i], x[j]);
            }
        }
        return g;
    }

    double scaledSquaredDistance(double[] a, double[] b) {
        if (a.length != lengthScales.length || b.length != lengthScales.length) {
            throw new IllegalArgumentException("Matern52: points must have " + lengthScales.length + " coordinates, got "
                    + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = (a[i] - b[i]) / lengthScales[i];
            s += t * t;
        }
        return s;
    }
}
