package io.github.deltastn.toy;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * A regression data set split into training, validation and (optionally) test parts.
 *
 * <p>Shapes: features {@code X} are {@code [N, d]}, targets {@code y} are {@code [N]}; every split has
 * the same d ≥ 1 and at least one row (the test split may be absent). All values must be finite.
 * The tensors are copied on construction, so later changes to the caller's arrays do not leak in.
 *
 * <p>{@link #standardized()} rescales every split with the <em>training</em> statistics
 * (see {@link Standardization}).
 */
public final class RegressionData {
    private final Tensor xTrain;
    private final Tensor yTrain;
    private final Tensor xValid;
    private final Tensor yValid;
    private final Tensor xTest;
    private final Tensor yTest;

    /** Training and validation splits only. */
    public RegressionData(Tensor xTrain, Tensor yTrain, Tensor xValid, Tensor yValid) {
        this(xTrain, yTrain, xValid, yValid, null, null);
    }

    /**
     * All three splits; {@code xTest} and {@code yTest} are either both {@code null} (no test split) or
     * both given.
     *
     * @throws IllegalArgumentException on a non-matrix X, a y whose shape is not {@code [rows of X]},
     *         differing d between splits, d = 0, no rows, or a non-finite value
     */
    public RegressionData(Tensor xTrain, Tensor yTrain, Tensor xValid, Tensor yValid, Tensor xTest, Tensor yTest) {
        String m = "RegressionData";
        Checks.requireMatrix(m, "xTrain", xTrain);
        Checks.requireVector(m, "yTrain (targets of xTrain " + Shape.str(xTrain.shape()) + ")", yTrain, xTrain.dim(0));
        Checks.requireMatrix(m, "xValid", xValid);
        Checks.requireVector(m, "yValid (targets of xValid " + Shape.str(xValid.shape()) + ")", yValid, xValid.dim(0));
        requireSameFeatures(m, "xValid", xValid, xTrain.dim(1));
        if ((xTest == null) != (yTest == null)) {
            throw new IllegalArgumentException(m + ": xTest and yTest must be both null or both given, got xTest "
                    + (xTest == null ? "null" : Shape.str(xTest.shape())) + " and yTest "
                    + (yTest == null ? "null" : Shape.str(yTest.shape())));
        }
        if (xTest != null) {
            Checks.requireMatrix(m, "xTest", xTest);
            Checks.requireVector(m, "yTest (targets of xTest " + Shape.str(xTest.shape()) + ")", yTest, xTest.dim(0));
            requireSameFeatures(m, "xTest", xTest, xTrain.dim(1));
        }
        this.xTrain = xTrain.copy();
        this.yTrain = yTrain.copy();
        this.xValid = xValid.copy();
        this.yValid = yValid.copy();
        this.xTest = xTest == null ? null : xTest.copy();
        this.yTest = yTest == null ? null : yTest.copy();
    }

    private static void requireSameFeatures(String m, String name, Tensor x, int d) {
        if (x.dim(1) != d) {
            throw new IllegalArgumentException(m + ": " + name + " has shape " + Shape.str(x.shape()) + ", expected " + d
                    + " feature columns like xTrain");
        }
    }

    /**
     * A random split of one data set (rows permuted by {@code rng}): the first round(N·trainFraction) rows
     * of the permutation train, the next round(N·validFraction) validate, the rest (possibly none) test.
     *
     * @param x [N, d] features
     * @param y [N] targets
     * @throws IllegalArgumentException if the fractions are not in (0, 1) or sum above 1, or a train /
     *         validation split would be empty
     */
    public static RegressionData randomSplit(Tensor x, Tensor y, double trainFraction, double validFraction, Rng rng) {
        Checks.requireNotNull("RegressionData.randomSplit", "rng", rng);
        return split("RegressionData.randomSplit", x, y, trainFraction, validFraction, rng);
    }

    private static RegressionData split(String m, Tensor x, Tensor y, double trainFraction, double validFraction,
                                        Rng rng) {
        Checks.requireMatrix(m, "x", x);
        Checks.requireVector(m, "y (targets of x " + Shape.str(x.shape()) + ")", y, x.dim(0));
        Checks.requireOpenUnit(m, "trainFraction", trainFraction);
        Checks.requireOpenUnit(m, "validFraction", validFraction);
        if (trainFraction + validFraction > 1.0 + 1e-12) {
            throw new IllegalArgumentException(m + ": trainFraction + validFraction must be <= 1, got "
                    + trainFraction + " + " + validFraction);
        }
        int n = x.dim(0);
        int nTrain = (int) Math.round(n * trainFraction);
        int nValid = Math.min(n - nTrain, (int) Math.round(n * validFraction));
        if (nTrain < 1 || nValid < 1) {
            throw new IllegalArgumentException(m + ": " + n + " rows give " + nTrain + " training and " + nValid
                    + " validation rows, expected at least 1 of each");
        }
        int[] perm;
        if (rng != null) {
            perm = rng.permutation(n);
        } else {
            perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
        }
        int nTest = n - nTrain - nValid;
        Tensor[] xs = rows(x, perm, 0, nTrain, nTrain + nValid, n);
        Tensor[] ys = rows(y.reshape(n, 1), perm, 0, nTrain, nTrain + nValid, n);
        return new RegressionData(xs[0], ys[0].reshape(nTrain), xs[1], ys[1].reshape(nValid),
                nTest == 0 ? null : xs[2], nTest == 0 ? null : ys[2].reshape(nTest));
    }

    /**
     * The rows in their order: the first round(N·trainFraction) train, the next round(N·validFraction)
     * validate, the rest (possibly none) test — a head/tail split, for data whose order means something.
     *
     * @throws IllegalArgumentException as {@link #randomSplit}
     */
    public static RegressionData orderedSplit(Tensor x, Tensor y, double trainFraction, double validFraction) {
        return split("RegressionData.orderedSplit", x, y, trainFraction, validFraction, null);
    }

    /** Rows {@code perm[bounds[k]..bounds[k+1])} of a matrix, for each consecutive pair of bounds. */
    private static Tensor[] rows(Tensor a, int[] perm, int... bounds) {
        int cols = a.dim(1);
        double[] src = a.data();
        Tensor[] out = new Tensor[bounds.length - 1];
        for (int k = 0; k + 1 < bounds.length; k++) {
            int count = bounds[k + 1] - bounds[k];
            double[] d = new double[count * cols];
            for (int i = 0; i < count; i++) {
                System.arraycopy(src, perm[bounds[k] + i] * cols, d, i * cols, cols);
            }
            out[k] = Tensor.wrap(d, count, cols);
        }
        return out;
    }

    /** This data rescaled with its own training statistics ({@link Standardization#fit}). */
    public RegressionData standardized() {
        return Standardization.fit(this).apply(this);
    }

    /** [N, d] training features. */
    public Tensor xTrain() {
        return xTrain;
    }

    /** [N] training targets. */
    public Tensor yTrain() {
        return yTrain;
    }

    /** [N_v, d] validation features. */
    public Tensor xValid() {
        return xValid;
    }

    /** [N_v] validation targets. */
    public Tensor yValid() {
        return yValid;
    }

    /** True when a test split is present. */
    public boolean hasTest() {
        return xTest != null;
    }

    /** [N_test, d] test features; throws if there is no test split. */
    public Tensor xTest() {
        requireTest("RegressionData.xTest");
        return xTest;
    }

    /** [N_test] test targets; throws if there is no test split. */
    public Tensor yTest() {
        requireTest("RegressionData.yTest");
        return yTest;
    }

    void requireTest(String method) {
        if (xTest == null) {
            throw new IllegalArgumentException(method + ": this data set has no test split (expected one built with xTest, yTest)");
        }
    }

    /** Number of features d. */
    public int features() {
        return xTrain.dim(1);
    }

    public int nTrain() {
        return xTrain.dim(0);
    }

    public int nValid() {
        return xValid.dim(0);
    }

    /** Number of test rows (0 without a test split). */
    public int nTest() {
        return xTest == null ? 0 : xTest.dim(0);
    }

    @Override
    public String toString() {
        return "RegressionData[d=" + features() + ", train=" + nTrain() + ", valid=" + nValid() + ", test=" + nTest() + "]";
    }
}
