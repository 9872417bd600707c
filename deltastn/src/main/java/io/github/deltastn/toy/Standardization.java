package io.github.deltastn.toy;

import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Affine rescaling of features and target fitted on the <em>training</em> split only:
 * x'_j = (x_j − μ_j)/s_j and y' = (y − μ_y)/s_y, with μ the training means and s the training
 * <em>population</em> standard deviations (divisor N, not N − 1).
 *
 * <p>The divisor N is a deliberate [U] choice: after standardisation every training column has
 * (1/N)Σ x_ij = 0 and (1/N)Σ x_ij² = 1 exactly, so diag(XᵀX/N) = I and input dropout at rate p equals
 * ridge with c = p/(1 − p) (see {@link DropoutRegressionProblem}). Losses computed on standardised
 * data are in units of the training target variance.
 */
public final class Standardization {
    private final double[] featureMean;
    private final double[] featureScale;
    private final double targetMean;
    private final double targetScale;

    private Standardization(double[] featureMean, double[] featureScale, double targetMean, double targetScale) {
        this.featureMean = featureMean;
        this.featureScale = featureScale;
        this.targetMean = targetMean;
        this.targetScale = targetScale;
    }

    /**
     * Training means and population standard deviations of {@code data}; validation and test splits are
     * not looked at.
     *
     * @throws IllegalArgumentException if a training feature or the training target is constant (scale 0)
     */
    public static Standardization fit(RegressionData data) {
        String m = "Standardization.fit";
        Checks.requireNotNull(m, "data", data);
        int n = data.nTrain();
        int d = data.features();
        double[] x = data.xTrain().data();
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double[] ms = meanAndScale(x, n, d, j);
            mean[j] = ms[0];
            scale[j] = ms[1];
            if (!(scale[j] > 0.0)) {
                throw new IllegalArgumentException(m + ": training feature " + j + " is constant (value " + mean[j]
                        + " in all " + n + " rows), expected a positive standard deviation");
            }
        }
        double[] y = data.yTrain().data();
        double[] yms = meanAndScale(y, n, 1, 0);
        double ym = yms[0];
        double ys = yms[1];
        if (!(ys > 0.0)) {
            throw new IllegalArgumentException(m + ": training target is constant (value " + ym + " in all " + n
                    + " rows), expected a positive standard deviation");
        }
        return new Standardization(mean, scale, ym, ys);
    }

    /**
     * Mean and population standard deviation of {@code v[offset + i·stride]}, i &lt; n, computed on the values
     * divided by their largest magnitude, so that values near the largest double do not overflow.
     */
    private static double[] meanAndScale(double[] v, int n, int stride, int offset) {
        double big = 0;
        for (int i = 0; i < n; i++) {
            big = Math.max(big, Math.abs(v[offset + i * stride]));
        }
        if (big == 0) {
            return new double[] {0, 0};
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[offset + i * stride] / big;
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double c = v[offset + i * stride] / big - mean;
            sq += c * c;
        }
        return new double[] {mean * big, Math.sqrt(sq / n) * big};
    }

    /** Every split of {@code data} rescaled with these (training) statistics. */
    public RegressionData apply(RegressionData data) {
        String m = "Standardization.apply";
        Checks.requireNotNull(m, "data", data);
        if (data.features() != featureMean.length) {
            throw new IllegalArgumentException(m + ": data has " + data.features() + " features, expected "
                    + featureMean.length + " (the data these statistics were fitted on)");
        }
        return new RegressionData(features(data.xTrain()), target(data.yTrain()), features(data.xValid()),
                target(data.yValid()), data.hasTest() ? features(data.xTest()) : null,
                data.hasTest() ? target(data.yTest()) : null);
    }

    /** [n, d] features mapped to (x − μ)/s column-wise. */
    public Tensor features(Tensor x) {
        String m = "Standardization.features";
        Checks.requireMatrix(m, "x", x);
        int d = featureMean.length;
        if (x.dim(1) != d) {
            throw new IllegalArgumentException(m + ": x has shape " + Shape.str(x.shape()) + ", expected [n, " + d + "]");
        }
        double[] src = x.data();
        double[] out = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            int j = i % d;
            out[i] = (src[i] - featureMean[j]) / featureScale[j];
        }
        return Tensor.wrap(out, x.shape());
    }

    /** [n] targets mapped to (y − μ_y)/s_y. */
    public Tensor target(Tensor y) {
        String m = "Standardization.target";
        Checks.requireNotNull(m, "y", y);
        if (y.ndim() != 1) {
            throw new IllegalArgumentException(m + ": y has shape " + Shape.str(y.shape()) + ", expected [n]");
        }
        double[] src = y.data();
        double[] out = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (src[i] - targetMean) / targetScale;
        }
        return Tensor.wrap(out, y.shape());
    }

    /** Training feature means μ_j (a copy). */
    public double[] featureMean() {
        return featureMean.clone();
    }

    /** Training feature population standard deviations s_j (a copy). */
    public double[] featureScale() {
        return featureScale.clone();
    }

    public double targetMean() {
        return targetMean;
    }

    public double targetScale() {
        return targetScale;
    }
}
