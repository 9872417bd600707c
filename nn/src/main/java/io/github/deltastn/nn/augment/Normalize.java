package io.github.deltastn.nn.augment;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Per-channel normalisation {@code out[b, c, …] = (x[b, c, …] − mean[c]) / std[c]} of a batch
 * {@code [B, C, …]} (torchvision {@code Normalize}); a table {@code [N, d]} is the case of {@code d}
 * channels, which standardises its columns. The constants are the reference's (algorithm.md §9.1).
 */
public final class Normalize {
    private Normalize() {}

    /** MNIST mean of [0, 1] pixels. */
    public static final double[] MNIST_MEAN = {0.1307};
    /** MNIST std of [0, 1] pixels. */
    public static final double[] MNIST_STD = {0.3081};
    /** CIFAR-10 per-channel mean of [0, 1] pixels: (125.3, 123.0, 113.9)/255. */
    public static final double[] CIFAR10_MEAN = {125.3 / 255, 123.0 / 255, 113.9 / 255};
    /** CIFAR-10 per-channel std of [0, 1] pixels: (63.0, 62.1, 66.7)/255. */
    public static final double[] CIFAR10_STD = {63.0 / 255, 62.1 / 255, 66.7 / 255};

    /**
     * See the class comment; returns a fresh tensor of {@code x}'s dtype (float32: computed in float64 and
     * rounded once).
     */
    public static Tensor perChannel(Tensor x, double[] mean, double[] std) {
        if (x.ndim() < 2) {
            throw new IllegalArgumentException("Normalize: expected [B, C, ...], got shape " + Shape.str(x.shape()));
        }
        int c = x.dim(1);
        if (mean.length != c || std.length != c) {
            throw new IllegalArgumentException("Normalize: " + c + " channels in " + Shape.str(x.shape()) + " but "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (double s : std) {
            if (!(s > 0.0)) {
                throw new IllegalArgumentException("Normalize: std must be positive, got " + s);
            }
        }
        if (x.dtype() != DType.FLOAT64) {
            return perChannel(x.to(DType.FLOAT64), mean, std).to(x.dtype());
        }
        int n = x.dim(0);
        int inner = n * c == 0 ? 0 : x.size() / (n * c);
        double[] src = x.data();
        double[] out = new double[src.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * inner;
                double m = mean[ch];
                double inv = 1.0 / std[ch];
                for (int i = 0; i < inner; i++) {
                    out[base + i] = (src[base + i] - m) * inv;
                }
            }
        }
        return Tensor.wrap(out, x.shape());
    }

    /**
     * Mean and population standard deviation (divisor {@code count}) of every channel of
     * {@code [B, C, …]}, over all other axes: {@code {mean[C], std[C]}}. A channel with zero spread
     * gets std 1, so that normalising leaves it centred rather than dividing by zero (as scikit-learn's
     * {@code StandardScaler} does). Compute them on the training part only.
     */
    public static double[][] meanStd(Tensor x) {
        if (x.ndim() < 2) {
            throw new IllegalArgumentException("Normalize.meanStd: expected [B, C, ...], got shape " + Shape.str(x.shape()));
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int inner = n * c == 0 ? 0 : x.size() / (n * c);
        double count = (double) n * inner;
        double[] src = x.to(DType.FLOAT64).data();
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    s += src[base + i];
                }
            }
            double m = count == 0 ? 0 : s / count;
            double ss = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    double d = src[base + i] - m;
                    ss += d * d;
                }
            }
            double sd = count == 0 ? 0 : Math.sqrt(ss / count);
            mean[ch] = m;
            std[ch] = sd > 0 ? sd : 1.0;
        }
        return new double[][] {mean, std};
    }
}
