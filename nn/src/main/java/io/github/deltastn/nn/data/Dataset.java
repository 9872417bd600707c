package io.github.deltastn.nn.data;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.Arrays;

/**
 * An in-memory data set: features {@code x} of shape {@code [N, ...]} and either integer class
 * labels ({@code int[N]}, values in {@code [0, numClasses)}) or a regression target tensor of shape
 * {@code [N]} or {@code [N, k]}. Immutable; every method that selects examples returns a new data set
 * with copied data. Features and targets have a dtype ({@link #to} converts); batches keep it.
 */
public final class Dataset {
    private final Tensor features;
    private final int[] labels; // null for regression
    private final int numClasses; // 0 for regression
    private final Tensor targets; // null for classification

    private Dataset(Tensor features, int[] labels, int numClasses, Tensor targets) {
        this.features = features;
        this.labels = labels;
        this.numClasses = numClasses;
        this.targets = targets;
    }

    /**
     * A classification data set.
     *
     * @param features {@code [N, ...]} (rank at least 1)
     * @param labels {@code N} labels in {@code [0, numClasses)}; copied
     */
    public static Dataset classification(Tensor features, int[] labels, int numClasses) {
        requireRank(features);
        if (features.dim(0) != labels.length) {
            throw new IllegalArgumentException("Dataset: " + features.dim(0) + " examples in features "
                    + Shape.str(features.shape()) + " but " + labels.length + " labels");
        }
        if (numClasses <= 0) {
            throw new IllegalArgumentException("Dataset: numClasses must be positive, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("Dataset: label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        return new Dataset(features, labels.clone(), numClasses, null);
    }

    /**
     * A regression data set.
     *
     * @param features {@code [N, ...]}
     * @param targets {@code [N]} or {@code [N, k]}
     */
    public static Dataset regression(Tensor features, Tensor targets) {
        requireRank(features);
        if (targets.ndim() < 1 || targets.dim(0) != features.dim(0)) {
            throw new IllegalArgumentException("Dataset: features " + Shape.str(features.shape())
                    + " and targets " + Shape.str(targets.shape()) + " disagree on the number of examples");
        }
        return new Dataset(features, null, 0, targets);
    }

    private static void requireRank(Tensor features) {
        if (features.ndim() < 1) {
            throw new IllegalArgumentException("Dataset: features must have shape [N, ...], got a scalar");
        }
    }

    /** Number of examples {@code N}. */
    public int size() {
        return features.dim(0);
    }

    /** All features, {@code [N, ...]}. */
    public Tensor features() {
        return features;
    }

    /** Shape of one example's features ({@code features.shape()} without the leading {@code N}). */
    public int[] exampleShape() {
        int[] s = features.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** True when the targets are integer class labels, false for regression targets. */
    public boolean isClassification() {
        return labels != null;
    }

    /** Number of classes (classification only). */
    public int numClasses() {
        requireClassification("numClasses");
        return numClasses;
    }

    /** A copy of the labels (classification only). */
    public int[] labels() {
        requireClassification("labels");
        return labels.clone();
    }

    /** The label of example {@code i} (classification only). */
    public int label(int i) {
        requireClassification("label");
        return labels[i];
    }

    /** The dtype of the features (and of the targets, which share it after {@link #to}). */
    public DType dtype() {
        return features.dtype();
    }

    /**
     * This data set with features (and regression targets) of {@code dtype}: {@code this} when they already
     * are; float32 rounds each value to nearest. Labels are unchanged.
     */
    public Dataset to(DType dtype) {
        if (features.dtype() == dtype && (targets == null || targets.dtype() == dtype)) {
            return this;
        }
        return new Dataset(features.to(dtype), labels, numClasses, targets == null ? null : targets.to(dtype));
    }

    /** The regression targets, {@code [N]} or {@code [N, k]} (regression only). */
    public Tensor targets() {
        if (targets == null) {
            throw new IllegalStateException("Dataset.targets: this is a classification data set (use labels())");
        }
        return targets;
    }

    private void requireClassification(String what) {
        if (labels == null) {
            throw new IllegalStateException("Dataset." + what + ": this is a regression data set (use targets())");
        }
    }

    /** Examples {@code [from, to)} in order. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("Dataset.slice: range [" + from + ", " + to + ") invalid for "
                    + size() + " examples");
        }
        Tensor x = features.slice(0, from, to);
        if (labels != null) {
            return new Dataset(x, Arrays.copyOfRange(labels, from, to), numClasses, null);
        }
        return new Dataset(x, null, 0, targets.slice(0, from, to));
    }

    /** The first {@code n} examples (all of them when {@code n >= size()}), for quick runs. */
    public Dataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Dataset.limit: n must be >= 0, got " + n);
        }
        return slice(0, Math.min(n, size()));
    }

    /**
     * {@code n} examples evenly spaced over this set (indices {@code floor(i·N/n)}, i &lt; n); all of it when
     * {@code n} is 0 or at least {@link #size()}.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public Dataset spread(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Dataset.spread: n must be >= 0 (0 = all), got " + n);
        }
        if (n == 0 || n >= size()) {
            return this;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) ((long) i * size() / n);
        }
        return select(idx);
    }

    /** The examples at {@code indices}, in that order (repeats allowed). */
    public Dataset select(int[] indices) {
        Tensor x = gatherRows(features, indices);
        if (labels != null) {
            int[] l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                l[i] = labels[indices[i]];
            }
            return new Dataset(x, l, numClasses, null);
        }
        return new Dataset(x, null, 0, gatherRows(targets, indices));
    }

    /** Rows {@code t[indices[i]]} stacked along axis 0 (a fresh tensor of {@code t}'s dtype). */
    static Tensor gatherRows(Tensor t, int[] indices) {
        int[] shape = t.shape();
        int n = shape[0];
        int row = n == 0 ? Shape.size(Arrays.copyOfRange(shape, 1, shape.length)) : t.size() / n;
        boolean f32 = t.dtype() == DType.FLOAT32;
        Object src = f32 ? t.floatData() : t.data();
        Object out = f32 ? new float[indices.length * row] : new double[indices.length * row];
        for (int i = 0; i < indices.length; i++) {
            int k = indices[i];
            if (k < 0 || k >= n) {
                throw new IndexOutOfBoundsException("Dataset: example index " + k + " out of range [0, " + n + ")");
            }
            System.arraycopy(src, k * row, out, i * row, row);
        }
        shape[0] = indices.length;
        return f32 ? Tensor.wrap((float[]) out, shape) : Tensor.wrap((double[]) out, shape);
    }

    /**
     * Splits off the <em>last</em> {@code validFraction} of the examples as a validation set, without
     * shuffling first (as the reference code does): {@code nTrain = floor((1 − validFraction)·N)},
     * train = examples {@code [0, nTrain)}, valid = {@code [nTrain, N)}. MNIST with 0.15 gives 51,000 / 9,000.
     */
    public Split splitLast(double validFraction) {
        if (!(validFraction >= 0.0 && validFraction <= 1.0)) {
            throw new IllegalArgumentException("Dataset.splitLast: fraction must be in [0, 1], got " + validFraction);
        }
        int nTrain = (int) Math.floor((1.0 - validFraction) * size());
        return new Split(slice(0, nTrain), slice(nTrain, size()));
    }

    /** A train / validation pair. */
    public record Split(Dataset train, Dataset valid) {}

    @Override
    public String toString() {
        return "Dataset[" + size() + " examples, x " + Shape.str(features.shape())
                + (labels != null ? ", " + numClasses + " classes" : ", targets " + Shape.str(targets.shape())) + "]";
    }
}
