package io.github.deltastn.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reductions (sum, mean, max, argmax, logsumexp), the softmax family, and flat gather/scatter.
 *
 * <p>All tensor-level methods return fresh tensors and never modify their arguments. Sums run in
 * a fixed order (several independent accumulators, then a fixed combination), so results are
 * reproducible bit for bit but may differ in the last bits from a naive left-to-right sum.
 */
public final class Reduce {
    private Reduce() {}

    // ------------------------------------------------------------------ sum and mean

    /**
     * {@code y = Σ_{axes} x}: sums over the given axes (all axes when none are given; negative
     * axes count from the end). With {@code keepDims} the summed axes stay as size 1, otherwise they
     * are removed (summing every axis without keepDims gives shape {@code []}). An empty sum is 0.
     *
     * @throws IllegalArgumentException on an out-of-range or repeated axis
     */
    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "sum: x");
        int[] xs = x.shape();
        boolean[] reduced = reducedAxes("sum", xs, axes);
        Tensor out = Tensor.zeros(x.dtype(), reducedShape(xs, reduced, keepDims));
        if (x.dtype() == DType.FLOAT32) {
            sumFlags(x.floatData(), xs, reduced, out.floatData());
        } else {
            sumFlags(x.data(), xs, reduced, out.data());
        }
        return out;
    }

    /**
     * {@link #sum} over the axes flagged in {@code reduced} into {@code out} (any shape with the kept axes'
     * elements in order; overwritten), bit for bit as {@code sum}.
     */
    static void sumInto(Tensor x, boolean[] reduced, Tensor out) {
        if (x.dtype() == DType.FLOAT32) {
            Arrays.fill(out.floatData(), 0f);
            sumFlags(x.floatData(), x.shape(), reduced, out.floatData());
        } else {
            Arrays.fill(out.data(), 0.0);
            sumFlags(x.data(), x.shape(), reduced, out.data());
        }
    }

    /**
     * {@code y = (1/m) Σ_{axes} x} with {@code m} the number of summed elements ({@link #meanCount}); axes,
     * keepDims and the result shape as in {@link #sum(Tensor, boolean, int...)}.
     *
     * @throws IllegalArgumentException on a bad axis, or when a non-empty result would average over zero elements
     */
    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        Objects.requireNonNull(x, "mean: x");
        int count = meanCount(x.shape(), axes);
        Tensor s = sum(x, keepDims, axes);
        if (count <= 1) {
            return s;
        }
        if (s.dtype() == DType.FLOAT32) {
            float[] d = s.floatData();
            Elementwise.binaryScalar(Elementwise.Binary.DIV, d, 0, count, d, 0, d.length);
        } else {
            double[] d = s.data();
            Elementwise.binaryScalar(Elementwise.Binary.DIV, d, 0, count, d, 0, d.length);
        }
        return s;
    }

    /**
     * {@code m}, the number of elements each entry of a mean over {@code axes} (all axes when none are given)
     * of a tensor of shape {@code shape} averages: the product of the reduced axes' sizes. It is 0 only for an
     * empty result (a reduced axis and a kept axis of size 0), which has nothing to average.
     *
     * @throws IllegalArgumentException on a bad or repeated axis, or when a non-empty result would average over
     *     zero elements (e.g. the mean of all elements of an empty tensor)
     */
    public static int meanCount(int[] shape, int... axes) {
        boolean[] reduced = reducedAxes("mean", shape, axes);
        int count = 1;
        int kept = 1;
        for (int i = 0; i < shape.length; i++) {
            if (reduced[i]) {
                count *= shape[i];
            } else {
                kept *= shape[i];
            }
        }
        if (count == 0 && kept > 0) {
            throw new IllegalArgumentException("mean: shape " + Shape.str(shape) + " over "
                    + (axes.length == 0 ? "all axes" : "axes " + Arrays.toString(axes)) + " averages over zero elements");
        }
        return count;
    }

    private static boolean[] reducedAxes(String op, int[] shape, int[] axes) {
        boolean[] reduced = new boolean[shape.length];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int a : axes) {
            int ax = Shape.axis(op, a, shape.length);
            if (reduced[ax]) {
                throw new IllegalArgumentException(op + ": axis " + a + " repeated in axes " + Arrays.toString(axes)
                        + " for shape " + Shape.str(shape));
            }
            reduced[ax] = true;
        }
        return reduced;
    }

    private static int[] reducedShape(int[] xs, boolean[] reduced, boolean keepDims) {
        int r = xs.length;
        int outRank = 0;
        for (int i = 0; i < r; i++) {
            outRank += keepDims || !reduced[i] ? 1 : 0;
        }
        int[] outShape = new int[outRank];
        for (int i = 0, k = 0; i < r; i++) {
            if (keepDims) {
                outShape[k++] = reduced[i] ? 1 : xs[i];
            } else if (!reduced[i]) {
                outShape[k++] = xs[i];
            }
        }
        return outShape;
    }

    // ------------------------------------------------------------------ max and argmax

    /**
     * {@code y = max_{axis} x} (NaN if the slice holds a NaN). The axis is removed, or kept as size 1
     * with {@code keepDims}.
     *
     * @throws IllegalArgumentException on a bad axis or when the axis has size 0
     */
    public static Tensor max(Tensor x, int axis, boolean keepDims) {
        Objects.requireNonNull(x, "max: x");
        Axis v = Axis.of("max", x, axis, true);
        Tensor out = Tensor.zeros(x.dtype(), v.outShape(keepDims));
        if (x.dtype() == DType.FLOAT32) {
            max(x.floatData(), v, out.floatData());
        } else {
            max(x.data(), v, out.data());
        }
        return out;
    }

    /**
     * Flat indices into x of the maximum along {@code axis}: entry {@code j} (in the row-major order
     * of x's shape with {@code axis} removed) is the flat index of the first maximal element of that
     * slice, or of its first NaN if it has one — so {@code gather(x, argmax(x, a), ...)} equals
     * {@code max(x, a, ...)} and {@code scatterAdd} routes gradients back.
     *
     * @throws IllegalArgumentException on a bad axis or when the axis has size 0
     */
    public static int[] argmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "argmax: x");
        Axis v = Axis.of("argmax", x, axis, true);
        return x.dtype() == DType.FLOAT32 ? argmax(x.floatData(), v) : argmax(x.data(), v);
    }

    // ------------------------------------------------------------------ logsumexp and softmax

    /**
     * {@code y = m + ln Σ_{axis} exp(x − m)} with {@code m} the slice maximum, so it never overflows.
     * A slice of all −∞ (or an empty axis) gives −∞; a slice containing +∞ gives +∞; NaN propagates.
     * The axis is removed, or kept as size 1 with {@code keepDims}.
     */
    public static Tensor logsumexp(Tensor x, int axis, boolean keepDims) {
        Objects.requireNonNull(x, "logsumexp: x");
        Axis v = Axis.of("logsumexp", x, axis, false);
        Tensor out = Tensor.zeros(x.dtype(), v.outShape(keepDims));
        if (x.dtype() == DType.FLOAT32) {
            logsumexp(x.floatData(), v, out.floatData());
        } else {
            logsumexp(x.data(), v, out.data());
        }
        return out;
    }

    /**
     * {@code y = x − logsumexp(x, axis, keepDims = true)}, computed as {@code (x − m) − ln Σ exp(x − m)};
     * y has x's shape. Entries that are −∞ give −∞; a slice of all −∞ has no softmax and gives NaN.
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "logSoftmax: x");
        Axis v = Axis.of("logSoftmax", x, axis, false);
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) {
            logSoftmax(x.floatData(), v, out.floatData());
        } else {
            logSoftmax(x.data(), v, out.data());
        }
        return out;
    }

    /**
     * {@code y = exp(x − m) / Σ_{axis} exp(x − m)} with {@code m} the slice maximum; y has x's shape
     * and each slice along {@code axis} sums to 1. A slice of all −∞ gives NaN.
     */
    public static Tensor softmax(Tensor x, int axis) {
        Objects.requireNonNull(x, "softmax: x");
        Axis v = Axis.of("softmax", x, axis, false);
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) {
            softmax(x.floatData(), v, out.floatData());
        } else {
            softmax(x.data(), v, out.data());
        }
        return out;
    }

    /** x viewed as {@code [outer, n, inner]} around one axis. */
    private static final class Axis {
        final int[] shape;
        final int axis;
        final int outer;
        final int n;
        final int inner;

        private Axis(int[] shape, int axis, int outer, int n, int inner) {
            this.shape = shape;
            this.axis = axis;
            this.outer = outer;
            this.n = n;
            this.inner = inner;
        }

        static Axis of(String op, Tensor x, int axis, boolean nonEmpty) {
            int[] s = x.shape();
            int a = Shape.axis(op, axis, s.length);
            if (nonEmpty && s[a] == 0) {
                throw new IllegalArgumentException(op + ": axis " + axis + " of shape " + Shape.str(s)
                        + " has size 0 (no maximum)");
            }
            int outer = 1;
            for (int i = 0; i < a; i++) {
                outer *= s[i];
            }
            int inner = 1;
            for (int i = a + 1; i < s.length; i++) {
                inner *= s[i];
            }
            return new Axis(s, a, outer, s[a], inner);
        }

        int[] outShape(boolean keepDims) {
            if (keepDims) {
                int[] o = shape.clone();
                o[axis] = 1;
                return o;
            }
            int[] o = new int[shape.length - 1];
            for (int i = 0, k = 0; i < shape.length; i++) {
                if (i != axis) {
                    o[k++] = shape[i];
                }
            }
            return o;
        }
    }

    // ------------------------------------------------------------------ gather and scatter

    /**
     * {@code y.flat[i] = x.flat[index[i]]}; y has {@code outShape} (fresh) and
     * {@code index.length} must equal {@code prod(outShape)}. x and index are not modified.
     *
     * @throws IllegalArgumentException on a length mismatch or an index outside {@code [0, x.size())}
     */
    public static Tensor gather(Tensor x, int[] index, int... outShape) {
        Objects.requireNonNull(x, "gather: x");
        Objects.requireNonNull(index, "gather: index");
        int n = Shape.size(outShape);
        if (index.length != n) {
            throw new IllegalArgumentException("gather: " + index.length + " indices for output shape "
                    + Shape.str(outShape) + " (" + n + " elements), from x of shape " + Shape.str(x.shape()));
        }
        checkIndices("gather", index, x.size(), x.shape());
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        if (x.dtype() == DType.FLOAT32) {
            gather(x.floatData(), index, out.floatData());
        } else {
            gather(x.data(), index, out.data());
        }
        return out;
    }

    /**
     * Adjoint of {@link #gather}: {@code out = zeros(xShape); out.flat[index[i]] += y.flat[i]} for
     * every {@code i} in order (repeated indices accumulate); out is fresh. {@code index.length}
     * must equal {@code y.size()}.
     *
     * @throws IllegalArgumentException on a length mismatch or an index outside {@code [0, prod(xShape))}
     */
    public static Tensor scatterAdd(Tensor y, int[] index, int... xShape) {
        Objects.requireNonNull(y, "scatterAdd: y");
        Objects.requireNonNull(index, "scatterAdd: index");
        if (index.length != y.size()) {
            throw new IllegalArgumentException("scatterAdd: " + index.length + " indices for y of shape "
                    + Shape.str(y.shape()) + " (" + y.size() + " elements), into shape " + Shape.str(xShape));
        }
        Tensor out = Tensor.zeros(y.dtype(), xShape);
        checkIndices("scatterAdd", index, out.size(), xShape);
        if (y.dtype() == DType.FLOAT32) {
            scatterAdd(y.floatData(), index, out.floatData());
        } else {
            scatterAdd(y.data(), index, out.data());
        }
        return out;
    }

    private static void checkIndices(String op, int[] index, int size, int[] shape) {
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= size) {
                throw new IllegalArgumentException(op + ": index[" + i + "] = " + index[i] + " out of range [0, "
                        + size + ") for shape " + Shape.str(shape));
            }
        }
    }

    // ------------------------------------------------------------------ kernels (array level)

    /** Chunk length of {@link #expBlock}: 2 KiB of doubles, in L1 (as Elementwise's widening). */
    private static final int WIDEN_CHUNK = 256;

    /**
     * The float32 exp loops of the softmax family, for the block {@code src[base + k·inner + j]} ({@code k < n},
     * {@code j < inner}) of one outer index: {@code e = (float) exp((double) (src − shift[ob + j]))} through
     * the float64 element-wise EXP kernel, then {@code s[ob + j] += e} when {@code out == null}, else
     * {@code out[…] = e · s[ob + j]}; in the (k, j) order of the float64 loops. As in {@code Elementwise}'s
     * float32 transcendental ops, widening chunk-wise through {@code t} (length {@link #WIDEN_CHUNK}) in
     * separate loops lets C2 vectorise what the per-element {@code (float) Math.exp} cannot. Returns true.
     */
    private static boolean expBlock(float[] src, int base, int n, int inner, float[] shift, int ob, float[] s,
                                 float[] out, double[] t) {
        int total = n * inner;
        for (int c = 0; c < total; c += WIDEN_CHUNK) {
            int m = Math.min(WIDEN_CHUNK, total - c);
            int from = base + c;
            if (inner == 1) {
                float sh = shift[ob];
                for (int q = 0; q < m; q++) {
                    t[q] = src[from + q] - sh;
                }
            } else {
                for (int q = 0, j = c % inner; q < m; q++) {
                    t[q] = src[from + q] - shift[ob + j];
                    if (++j == inner) {
                        j = 0;
                    }
                }
            }
            Elementwise.unary(Elementwise.Unary.EXP, t, 0, t, 0, m);
            if (inner == 1) {
                if (out == null) {
                    float acc = s[ob];
                    for (int q = 0; q < m; q++) {
                        acc += (float) t[q];
                    }
                    s[ob] = acc;
                } else {
                    float r = s[ob];
                    for (int q = 0; q < m; q++) {
                        out[from + q] = (float) t[q] * r;
                    }
                }
            } else {
                for (int q = 0, j = c % inner; q < m; q++) {
                    float e = (float) t[q];
                    if (out == null) {
                        s[ob + j] += e;
                    } else {
                        out[from + q] = e * s[ob + j];
                    }
                    if (++j == inner) {
                        j = 0;
                    }
                }
            }
        }
        return true;
    }

    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    /** {@code s = Σ_{i<n} x[off + i]} with eight independent accumulators combined in a fixed
     * order (the float32 overload keeps the accumulators in binary64 and rounds the result once). */
    public static double sum(double[] x, int off, int n) {
        Elementwise.checkRange("sum", "x", x, off, n);
        FastKernels fast = FastKernels.active();
        if (fast != null) {
            return fast.sum(x, off, n);
        }
        /*keep*/double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int k = off + i;
            s0 += x[k];
            s1 += x[k + 1];
            s2 += x[k + 2];
            s3 += x[k + 3];
            s4 += x[k + 4];
            s5 += x[k + 5];
            s6 += x[k + 6];
            s7 += x[k + 7];
        }
        for (; i < n; i++) {
            s0 += x[off + i];
        }
        return /*(float)*/(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }

    /** {@code s = Σ_{i<n} a[aOff + i] · b[bOff + i]} with eight independent accumulators combined in a fixed
     * order (the float32 overload forms the products and sums in binary64, exact for the products, and
     * rounds the result once). */
    public static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        Elementwise.checkRange("dot", "a", a, aOff, n);
        Elementwise.checkRange("dot", "b", b, bOff, n);
        FastKernels fast = FastKernels.active();
        if (fast != null) {
            return fast.dot(a, aOff, b, bOff, n);
        }
        /*keep*/double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int p = aOff + i;
            int q = bOff + i;
            s0 += (/*keep*/double) a[p] * b[q];
            s1 += (/*keep*/double) a[p + 1] * b[q + 1];
            s2 += (/*keep*/double) a[p + 2] * b[q + 2];
            s3 += (/*keep*/double) a[p + 3] * b[q + 3];
            s4 += (/*keep*/double) a[p + 4] * b[q + 4];
            s5 += (/*keep*/double) a[p + 5] * b[q + 5];
            s6 += (/*keep*/double) a[p + 6] * b[q + 6];
            s7 += (/*keep*/double) a[p + 7] * b[q + 7];
        }
        for (; i < n; i++) {
            s0 += (/*keep*/double) a[aOff + i] * b[bOff + i];
        }
        return /*(float)*/(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }

    /** {@code out = Σ} of src (shape {@code xs}) over the axes flagged in {@code reduced}; out is zero on entry. */
    private static void sumFlags(double[] src, int[] xs, boolean[] reduced, double[] out) {
        int r = xs.length;
        if (src.length == 0 || out.length == 0) {
            return;
        }
        // group the non-trivial axes into maximal runs of equal "reduced" flag
        int[] dims = new int[r];
        boolean[] red = new boolean[r];
        int g = 0;
        for (int i = 0; i < r; i++) {
            if (xs[i] == 1) {
                continue;
            }
            if (g > 0 && red[g - 1] == reduced[i]) {
                dims[g - 1] *= xs[i];
            } else {
                dims[g] = xs[i];
                red[g] = reduced[i];
                g++;
            }
        }
        if (g == 0) {
            out[0] = src[0];
            return;
        }
        int[] outStride = new int[g];
        for (int i = g - 1, acc = 1; i >= 0; i--) {
            outStride[i] = red[i] ? 0 : acc;
            acc *= red[i] ? 1 : dims[i];
        }
        int inner = dims[g - 1];
        boolean innerReduced = red[g - 1];
        int outer = src.length / inner;
        int[] idx = new int[g];
        int io = 0;
        for (int o = 0, ix = 0; o < outer; o++, ix += inner) {
            if (innerReduced) {
                out[io] += sum(src, ix, inner);
            } else {
                Elementwise.binary(Elementwise.Binary.ADD, out, io, src, ix, out, io, inner);
            }
            for (int d = g - 2; d >= 0; d--) {
                idx[d]++;
                io += outStride[d];
                if (idx[d] < dims[d]) {
                    break;
                }
                io -= outStride[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /** {@code out = max} of src (viewed as {@code [outer, n, inner]}) over n ≥ 1. */
    private static void max(double[] src, Axis v, double[] out) {
        int n = v.n;
        int inner = v.inner;
        for (int o = 0; o < v.outer; o++) {
            int base = o * n * inner;
            int ob = o * inner;
            if (inner == 1) {
                double m = src[base];
                for (int k = 1; k < n; k++) {
                    m = Math.max(m, src[base + k]);
                }
                out[ob] = m;
            } else {
                System.arraycopy(src, base, out, ob, inner);
                for (int k = 1; k < n; k++) {
                    Elementwise.binary(Elementwise.Binary.MAXIMUM, out, ob, src, base + k * inner, out, ob, inner);
                }
            }
        }
    }

    /** Flat indices of the first maximum (or first NaN) of each slice of src along v's axis. */
    private static int[] argmax(double[] src, Axis v) {
        int n = v.n;
        int inner = v.inner;
        int[] arg = new int[v.outer * inner];
        double[] best = new double[inner];
        for (int o = 0; o < v.outer; o++) {
            int base = o * n * inner;
            int ob = o * inner;
            System.arraycopy(src, base, best, 0, inner);
            for (int j = 0; j < inner; j++) {
                arg[ob + j] = base + j;
            }
            for (int k = 1; k < n; k++) {
                int row = base + k * inner;
                for (int j = 0; j < inner; j++) {
                    double e = src[row + j];
                    double b = best[j];
                    if (e > b || (e != e && b == b)) {
                        best[j] = e;
                        arg[ob + j] = row + j;
                    }
                }
            }
        }
        return arg;
    }

    /** {@code out = m + ln Σ exp(src − m)} per slice along v's axis. */
    private static void logsumexp(double[] src, Axis v, double[] out) {
        double[] shift = new double[out.length];
        double[] s = new double[out.length];
        shiftAndSum(src, v, shift, s);
        for (int i = 0; i < out.length; i++) {
            out[i] = shift[i] + Math.log(s[i]);
        }
    }

    /** {@code out = (src − m) − ln Σ exp(src − m)} per slice along v's axis. */
    private static void logSoftmax(double[] src, Axis v, double[] out) {
        double[] shift = new double[v.outer * v.inner];
        double[] s = new double[shift.length];
        shiftAndSum(src, v, shift, s);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.log(s[i]);
        }
        int n = v.n;
        int inner = v.inner;
        for (int o = 0; o < v.outer; o++) {
            int ob = o * inner;
            for (int k = 0; k < n; k++) {
                int row = (o * n + k) * inner;
                for (int j = 0; j < inner; j++) {
                    out[row + j] = (src[row + j] - shift[ob + j]) - s[ob + j];
                }
            }
        }
    }

    /** {@code out = exp(src − m) / Σ exp(src − m)} per slice along v's axis. */
    private static void softmax(double[] src, Axis v, double[] out) {
        double[] shift = new double[v.outer * v.inner];
        double[] s = new double[shift.length];
        shiftAndSum(src, v, shift, s);
        for (int i = 0; i < s.length; i++) {
            s[i] = 1.0 / s[i];
        }
        int n = v.n;
        int inner = v.inner;
        //f32: /*keep*/double[] t = new /*keep*/double[WIDEN_CHUNK];
        for (int o = 0; o < v.outer; o++) {
            int ob = o * inner;
            //f32: if (expBlock(src, o * n * inner, n, inner, shift, ob, s, out, t)) {
            //f32:     continue;
            //f32: }
            for (int k = 0; k < n; k++) {
                int row = (o * n + k) * inner;
                for (int j = 0; j < inner; j++) {
                    out[row + j] = Math.exp(src[row + j] - shift[ob + j]) * s[ob + j];
                }
            }
        }
    }

    /**
     * Per slice: the shift {@code m} (the maximum, or 0 when the maximum is ±∞ or NaN, so that
     * {@code x − m} is never ∞ − ∞) and {@code Σ exp(x − m)}, into zeroed arrays.
     */
    private static void shiftAndSum(double[] src, Axis v, double[] shift, double[] s) {
        int n = v.n;
        int inner = v.inner;
        if (n == 0) {
            return;
        }
        max(src, v, shift);
        for (int i = 0; i < shift.length; i++) {
            if (!Double.isFinite(shift[i])) {
                shift[i] = 0.0;
            }
        }
        //f32: /*keep*/double[] t = new /*keep*/double[WIDEN_CHUNK];
        for (int o = 0; o < v.outer; o++) {
            int ob = o * inner;
            //f32: if (expBlock(src, o * n * inner, n, inner, shift, ob, s, null, t)) {
            //f32:     continue;
            //f32: }
            for (int k = 0; k < n; k++) {
                int row = (o * n + k) * inner;
                for (int j = 0; j < inner; j++) {
                    s[ob + j] += Math.exp(src[row + j] - shift[ob + j]);
                }
            }
        }
    }

    /** {@code out[i] = src[index[i]]} (indices already checked). */
    private static void gather(double[] src, int[] index, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = src[index[i]];
        }
    }

    /** {@code out[index[i]] += src[i]} in order of i (indices already checked). */
    private static void scatterAdd(double[] src, int[] index, double[] out) {
        for (int i = 0; i < index.length; i++) {
            out[index[i]] += src[i];
        }
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    /** {@code s = Σ_{i<n} x[off + i]} with eight independent accumulators combined in a fixed
     * order (the float32 overload keeps the accumulators in binary64 and rounds the result once). */
    public static float sum(float[] x, int off, int n) {
        Elementwise.checkRange("sum", "x", x, off, n);
        FastKernels fast = FastKernels.active();
        if (fast != null) {
            return fast.sum(x, off, n);
        }
        /*keep*/double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int k = off + i;
            s0 += x[k];
            s1 += x[k + 1];
            s2 += x[k + 2];
            s3 += x[k + 3];
            s4 += x[k + 4];
            s5 += x[k + 5];
            s6 += x[k + 6];
            s7 += x[k + 7];
        }
        for (; i < n; i++) {
            s0 += x[off + i];
        }
        return (float) (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }

    /** {@code s = Σ_{i<n} a[aOff + i] · b[bOff + i]} with eight independent accumulators combined in a fixed
     * order (the float32 overload forms the products and sums in binary64, exact for the products, and
     * rounds the result once). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        Elementwise.checkRange("dot", "a", a, aOff, n);
        Elementwise.checkRange("dot", "b", b, bOff, n);
        FastKernels fast = FastKernels.active();
        if (fast != null) {
            return fast.dot(a, aOff, b, bOff, n);
        }
        /*keep*/double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int p = aOff + i;
            int q = bOff + i;
            s0 += (/*keep*/double) a[p] * b[q];
            s1 += (/*keep*/double) a[p + 1] * b[q + 1];
            s2 += (/*keep*/double) a[p + 2] * b[q + 2];
            s3 += (/*keep*/double) a[p + 3] * b[q + 3];
            s4 += (/*keep*/double) a[p + 4] * b[q + 4];
            s5 += (/*keep*/double) a[p + 5] * b[q + 5];
            s6 += (/*keep*/double) a[p + 6] * b[q + 6];
            s7 += (/*keep*/double) a[p + 7] * b[q + 7];
        }
        for (; i < n; i++) {
            s0 += (/*keep*/double) a[aOff + i] * b[bOff + i];
        }
        return (float) (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }

    /** {@code out = Σ} of src (shape {@code xs}) over the axes flagged in {@code reduced}; out is zero on entry. */
    private static void sumFlags(float[] src, int[] xs, boolean[] reduced, float[] out) {
        int r = xs.length;
        if (src.length == 0 || out.length == 0) {
            return;
        }
        // group the non-trivial axes into maximal runs of equal "reduced" flag
        int[] dims = new int[r];
        boolean[] red = new boolean[r];
        int g = 0;
        for (int i = 0; i < r; i++) {
            if (xs[i] == 1) {
                continue;
            }
            if (g > 0 && red[g - 1] == reduced[i]) {
                dims[g - 1] *= xs[i];
            } else {
                dims[g] = xs[i];
                red[g] = reduced[i];
                g++;
            }
        }
        if (g == 0) {
            out[0] = src[0];
            return;
        }
        int[] outStride = new int[g];
        for (int i = g - 1, acc = 1; i >= 0; i--) {
            outStride[i] = red[i] ? 0 : acc;
            acc *= red[i] ? 1 : dims[i];
        }
        int inner = dims[g - 1];
        boolean innerReduced = red[g - 1];
        int outer = src.length / inner;
        int[] idx = new int[g];
        int io = 0;
        for (int o = 0, ix = 0; o < outer; o++, ix += inner) {
            if (innerReduced) {
                out[io] += sum(src, ix, inner);
            } else {
                Elementwise.binary(Elementwise.Binary.ADD, out, io, src, ix, out, io, inner);
            }
            for (int d = g - 2; d >= 0; d--) {
                idx[d]++;
                io += outStride[d];
                if (idx[d] < dims[d]) {
                    break;
                }
                io -= outStride[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /** {@code out = max} of src (viewed as {@code [outer, n, inner]}) over n ≥ 1. */
    private static void max(float[] src, Axis v, float[] out) {
        int n = v.n;
        int inner = v.inner;
        for (int o = 0; o < v.outer; o++) {
            int base = o * n * inner;
            int ob = o * inner;
            if (inner == 1) {
                float m = src[base];
                for (int k = 1; k < n; k++) {
                    m = Math.max(m, src[base + k]);
                }
                out[ob] = m;
            } else {
                System.arraycopy(src, base, out, ob, inner);
                for (int k = 1; k < n; k++) {
                    Elementwise.binary(Elementwise.Binary.MAXIMUM, out, ob, src, base + k * inner, out, ob, inner);
                }
            }
        }
    }

    /** Flat indices of the first maximum (or first NaN) of each slice of src along v's axis. */
    private static int[] argmax(float[] src, Axis v) {
        int n = v.n;
        int inner = v.inner;
        int[] arg = new int[v.outer * inner];
        float[] best = new float[inner];
        for (int o = 0; o < v.outer; o++) {
            int base = o * n * inner;
            int ob = o * inner;
            System.arraycopy(src, base, best, 0, inner);
            for (int j = 0; j < inner; j++) {
                arg[ob + j] = base + j;
            }
            for (int k = 1; k < n; k++) {
                int row = base + k * inner;
                for (int j = 0; j < inner; j++) {
                    float e = src[row + j];
                    float b = best[j];
                    if (e > b || (e != e && b == b)) {
                        best[j] = e;
                        arg[ob + j] = row + j;
                    }
                }
            }
        }
        return arg;
    }

    /** {@code out = m + ln Σ exp(src − m)} per slice along v's axis. */
    private static void logsumexp(float[] src, Axis v, float[] out) {
        float[] shift = new float[out.length];
        float[] s = new float[out.length];
        shiftAndSum(src, v, shift, s);
        for (int i = 0; i < out.length; i++) {
            out[i] = shift[i] + (float) Math.log(s[i]);
        }
    }

    /** {@code out = (src − m) − ln Σ exp(src − m)} per slice along v's axis. */
    private static void logSoftmax(float[] src, Axis v, float[] out) {
        float[] shift = new float[v.outer * v.inner];
        float[] s = new float[shift.length];
        shiftAndSum(src, v, shift, s);
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.log(s[i]);
        }
        int n = v.n;
        int inner = v.inner;
        for (int o = 0; o < v.outer; o++) {
            int ob = o * inner;
            for (int k = 0; k < n; k++) {
                int row = (o * n + k) * inner;
                for (int j = 0; j < inner; j++) {
                    out[row + j] = (src[row + j] - shift[ob + j]) - s[ob + j];
                }
            }
        }
    }

    /** {@code out = exp(src − m) / Σ exp(src − m)} per slice along v's axis. */
    private static void softmax(float[] src, Axis v, float[] out) {
        float[] shift = new float[v.outer * v.inner];
        float[] s = new float[shift.length];
        shiftAndSum(src, v, shift, s);
        for (int i = 0; i < s.length; i++) {
            s[i] = 1.0f / s[i];
        }
        int n = v.n;
        int inner = v.inner;
        /*keep*/double[] t = new /*keep*/double[WIDEN_CHUNK];
        for (int o = 0; o < v.outer; o++) {
            int ob = o * inner;
            if (expBlock(src, o * n * inner, n, inner, shift, ob, s, out, t)) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                int row = (o * n + k) * inner;
                for (int j = 0; j < inner; j++) {
                    out[row + j] = (float) Math.exp(src[row + j] - shift[ob + j]) * s[ob + j];
                }
            }
        }
    }

    /**
     * Per slice: the shift {@code m} (the maximum, or 0 when the maximum is ±∞ or NaN, so that
     * {@code x − m} is never ∞ − ∞) and {@code Σ exp(x − m)}, into zeroed arrays.
     */
    private static void shiftAndSum(float[] src, Axis v, float[] shift, float[] s) {
        int n = v.n;
        int inner = v.inner;
        if (n == 0) {
            return;
        }
        max(src, v, shift);
        for (int i = 0; i < shift.length; i++) {
            if (!Float.isFinite(shift[i])) {
                shift[i] = 0.0f;
            }
        }
        /*keep*/double[] t = new /*keep*/double[WIDEN_CHUNK];
        for (int o = 0; o < v.outer; o++) {
            int ob = o * inner;
            if (expBlock(src, o * n * inner, n, inner, shift, ob, s, null, t)) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                int row = (o * n + k) * inner;
                for (int j = 0; j < inner; j++) {
                    s[ob + j] += (float) Math.exp(src[row + j] - shift[ob + j]);
                }
            }
        }
    }

    /** {@code out[i] = src[index[i]]} (indices already checked). */
    private static void gather(float[] src, int[] index, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = src[index[i]];
        }
    }

    /** {@code out[index[i]] += src[i]} in order of i (indices already checked). */
    private static void scatterAdd(float[] src, int[] index, float[] out) {
        for (int i = 0; i < index.length; i++) {
            out[index[i]] += src[i];
        }
    }

    // END generated float32 kernels
}
