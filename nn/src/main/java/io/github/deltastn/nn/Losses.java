package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Losses and metrics. The losses work in the logits' dtype (float32 logits give a float32 loss); targets
 * must have the same dtype.
 */
public final class Losses {
    private Losses() {}

    /**
     * Mean cross-entropy from logits: {@code L = −(1/B) Σ_b log softmax(y_b)[label_b]}, {@code y [B, C]}.
     */
    public static Var crossEntropy(Var logits, int[] labels) {
        return crossEntropySum(logits, labels).mul(1.0 / Math.max(1, labels.length));
    }

    /** Summed cross-entropy from logits: {@code L = −Σ_b log softmax(y_b)[label_b]}. */
    public static Var crossEntropySum(Var logits, int[] labels) {
        int[] s = logits.shape();
        if (s.length != 2 || s[0] != labels.length) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shape.str(s) + " for " + labels.length
                    + " labels; expected [B, C] with B = number of labels");
        }
        int c = s[1];
        int[] index = new int[labels.length];
        for (int b = 0; b < labels.length; b++) {
            if (labels[b] < 0 || labels[b] >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[b] + " of example " + b
                        + " outside [0, " + c + ")");
            }
            index[b] = b * c + labels[b];
        }
        return logits.logSoftmax(1).gather(index, labels.length).sum().neg();
    }

    /** Mean squared error {@code L = (1/n) Σ (y − t)²} over all entries (shapes must match). */
    public static Var mse(Var y, Var target) {
        Shape.requireSame("mse", y.shape(), target.shape());
        if (y.value().dtype() != target.value().dtype()) {
            throw new IllegalArgumentException("mse: prediction is " + y.value().dtype() + " but target is "
                    + target.value().dtype() + "; convert one with Tensor.to(DType)");
        }
        return y.sub(target).square().mean();
    }

    /** Fraction of rows whose argmax equals the label (either dtype). */
    public static double accuracy(Tensor logits, int[] labels) {
        if (logits.ndim() != 2 || logits.dim(0) != labels.length) {
            throw new IllegalArgumentException("accuracy: logits " + Shape.str(logits.shape()) + " for "
                    + labels.length + " labels");
        }
        int c = logits.dim(1);
        double[] d = logits.to(DType.FLOAT64).data();
        int correct = 0;
        for (int b = 0; b < labels.length; b++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (d[b * c + j] > d[b * c + best]) {
                    best = j;
                }
            }
            correct += best == labels[b] ? 1 : 0;
        }
        return labels.length == 0 ? 0.0 : (double) correct / labels.length;
    }
}
