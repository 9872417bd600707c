package io.github.deltastn.core;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A dense, row-major, contiguous tensor: a flat array plus a shape. The array is a {@code double[]}
 * for {@link DType#FLOAT64} (the default) or a {@code float[]} for {@link DType#FLOAT32}
 * ({@link #dtype()}); {@link #data()} and {@link #floatData()} expose it. Kernels never mix dtypes.
 *
 * <p>Immutable by convention: no method of this class changes a tensor's data after construction,
 * and kernels write only into fresh arrays or into {@code out} arrays the caller owns.
 * {@link #data()} exposes the backing array for kernels; do not write to it unless you created the
 * tensor yourself and nobody else holds it. There are no strided views: {@link #transpose()} and
 * {@link #permute(int...)} materialise; {@link #reshape(int...)} shares the (immutable) data.
 *
 * <p>Serializable (Java serialisation), so that results holding tensors can come back from other JVMs
 * (a search's trials run on a cluster).
 */
public final class Tensor implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The float64 storage, or null for a float32 tensor. */
    private final double[] data;
    /** The float32 storage, or null for a float64 tensor. */
    private final float[] fdata;
    private final int[] shape;

    private Tensor(double[] data, int[] shape) {
        this.data = data;
        this.fdata = null;
        this.shape = shape;
    }

    private Tensor(float[] fdata, int[] shape) {
        this.data = null;
        this.fdata = fdata;
        this.shape = shape;
    }

    // ------------------------------------------------------------------ factories

    /**
     * Wraps {@code data} without copying (the caller hands over ownership).
     *
     * @throws IllegalArgumentException if {@code data.length != prod(shape)}
     */
    public static Tensor wrap(double[] data, int... shape) {
        int n = Shape.size(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor.wrap: " + data.length + " values for shape "
                    + Shape.str(shape) + ", expected " + n);
        }
        return new Tensor(data, shape.clone());
    }

    /** A copy of {@code data} with the given shape (a 1-D tensor when no shape is given). */
    public static Tensor of(double[] data, int... shape) {
        return wrap(data.clone(), shape.length == 0 ? new int[] {data.length} : shape);
    }

    /**
     * Wraps float32 {@code data} without copying (the caller hands over ownership).
     *
     * @throws IllegalArgumentException if {@code data.length != prod(shape)}
     */
    public static Tensor wrap(float[] data, int... shape) {
        int n = Shape.size(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor.wrap: " + data.length + " values for shape "
                    + Shape.str(shape) + ", expected " + n);
        }
        return new Tensor(data, shape.clone());
    }

    /** A float32 copy of {@code data} with the given shape (a 1-D tensor when no shape is given). */
    public static Tensor of(float[] data, int... shape) {
        return wrap(data.clone(), shape.length == 0 ? new int[] {data.length} : shape);
    }

    /** A tensor of {@code dtype} and {@code shape} filled with 0. */
    public static Tensor zeros(DType dtype, int... shape) {
        return dtype == DType.FLOAT32 ? new Tensor(new float[Shape.size(shape)], shape.clone()) : zeros(shape);
    }

    /** A tensor of {@code dtype} and {@code shape} filled with 1. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    /** A tensor of {@code dtype} and {@code shape} filled with {@code value} (rounded to nearest for float32). */
    public static Tensor full(DType dtype, double value, int... shape) {
        if (dtype != DType.FLOAT32) {
            return full(value, shape);
        }
        float[] d = new float[Shape.size(shape)];
        Arrays.fill(d, (float) value);
        return new Tensor(d, shape.clone());
    }

    /** A rank-0 tensor of {@code dtype} holding {@code value} (rounded to nearest for float32). */
    public static Tensor scalar(DType dtype, double value) {
        return dtype == DType.FLOAT32 ? new Tensor(new float[] {(float) value}, new int[0]) : scalar(value);
    }

    /** {@code [0, 1, ..., n-1]} as a 1-D tensor of {@code dtype}. */
    public static Tensor arange(DType dtype, int n) {
        return arange(n).to(dtype);
    }

    /**
     * Independent draws from U[lo, hi) of {@code dtype}. The float32 values are the float64 draws rounded
     * to nearest: the same seed gives {@code uniform(rng, lo, hi, shape).to(FLOAT32)}.
     */
    public static Tensor uniform(Rng rng, DType dtype, double lo, double hi, int... shape) {
        return uniform(rng, lo, hi, shape).to(dtype);
    }

    /**
     * Independent draws from N(mean, std²) of {@code dtype}. The float32 values are the float64 draws
     * rounded to nearest: the same seed gives {@code normal(rng, mean, std, shape).to(FLOAT32)}.
     */
    public static Tensor normal(Rng rng, DType dtype, double mean, double std, int... shape) {
        return normal(rng, mean, std, shape).to(dtype);
    }

    /** A rank-0 tensor holding one value. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, new int[0]);
    }

    /** A tensor of {@code shape} filled with 0. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new double[Shape.size(shape)], shape.clone());
    }

    /** A tensor of {@code shape} filled with 1. */
    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    /** A tensor of {@code shape} filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        double[] d = new double[Shape.size(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape.clone());
    }

    /** {@code [0, 1, ..., n-1]} as a 1-D tensor. */
    public static Tensor arange(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Tensor.arange: n must be >= 0, got " + n);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return new Tensor(d, new int[] {n});
    }

    /** Independent draws from U[lo, hi). */
    public static Tensor uniform(Rng rng, double lo, double hi, int... shape) {
        double[] d = new double[Shape.size(shape)];
        rng.fillUniform(d, lo, hi);
        return new Tensor(d, shape.clone());
    }

    /** Independent draws from N(mean, std²). */
    public static Tensor normal(Rng rng, double mean, double std, int... shape) {
        double[] d = new double[Shape.size(shape)];
        rng.fillNormal(d, mean, std);
        return new Tensor(d, shape.clone());
    }

    // ------------------------------------------------------------------ accessors

    /**
     * The backing {@code double[]} (row-major) of a float64 tensor. Treat as read-only; see the class comment.
     *
     * @throws IllegalStateException on a float32 tensor
     */
    public double[] data() {
        if (data == null) {
            throw new IllegalStateException("Tensor.data: this tensor is float32; use floatData() or to(DType.FLOAT64)");
        }
        return data;
    }

    /**
     * The backing {@code float[]} (row-major) of a float32 tensor. Treat as read-only; see the class comment.
     *
     * @throws IllegalStateException on a float64 tensor
     */
    public float[] floatData() {
        if (fdata == null) {
            throw new IllegalStateException("Tensor.floatData: this tensor is float64; use data() or to(DType.FLOAT32)");
        }
        return fdata;
    }

    /** The element type. */
    public DType dtype() {
        return fdata != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    /**
     * This tensor as {@code dtype}: {@code this} when it already is, otherwise a fresh tensor of the same
     * shape; float64 → float32 rounds to nearest (values beyond the float range become ±∞), float32 → float64
     * is exact.
     */
    public Tensor to(DType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        if (dtype == DType.FLOAT32) {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return new Tensor(f, shape);
        }
        double[] d = new double[fdata.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = fdata[i];
        }
        return new Tensor(d, shape);
    }

    /**
     * The common dtype of {@code a} and {@code b}.
     *
     * @throws IllegalArgumentException naming {@code op} and both dtypes when they differ
     */
    public static DType requireSameDType(String op, Tensor a, Tensor b) {
        DType da = a.dtype();
        DType db = b.dtype();
        if (da != db) {
            throw new IllegalArgumentException(op + ": dtypes " + da + " and " + db
                    + " differ; convert one with Tensor.to(DType)");
        }
        return da;
    }

    /** The storage array, {@code double[]} or {@code float[]}, for dtype-agnostic copies. */
    private Object storage() {
        return data != null ? data : fdata;
    }

    /** A fresh storage array of this tensor's dtype. */
    private Object newStorage(int n) {
        return data != null ? new double[n] : new float[n];
    }

    private Tensor withStorage(Object storage, int[] s) {
        return storage instanceof float[] ? new Tensor((float[]) storage, s) : new Tensor((double[]) storage, s);
    }

    /** Element {@code i} of the flat storage as a double. */
    private double at(int i) {
        return data != null ? data[i] : fdata[i];
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape[Shape.axis("Tensor.dim", axis, shape.length)];
    }

    /** The rank (number of axes); 0 for a scalar. */
    public int ndim() {
        return shape.length;
    }

    /** The number of elements, the product of the shape (1 for a scalar). */
    public int size() {
        return data != null ? data.length : fdata.length;
    }

    /** True when this tensor has exactly the given shape. */
    public boolean hasShape(int... s) {
        return Arrays.equals(shape, s);
    }

    /** Element at a full multi-index (for tests and small inspections, not for loops). */
    public double get(int... index) {
        return at(offset("Tensor.get", index));
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("Tensor.item: tensor of shape " + Shape.str(shape)
                    + " has " + size() + " elements, expected exactly 1");
        }
        return at(0);
    }

    /**
     * A copy with the value at {@code index} replaced (for tests and finite differences); rounded to
     * nearest on a float32 tensor.
     */
    public Tensor with(double value, int... index) {
        int off = offset("Tensor.with", index);
        if (fdata != null) {
            float[] f = fdata.clone();
            f[off] = (float) value;
            return new Tensor(f, shape);
        }
        double[] d = data.clone();
        d[off] = value;
        return new Tensor(d, shape);
    }

    /** A deep copy. */
    public Tensor copy() {
        return fdata != null ? new Tensor(fdata.clone(), shape) : new Tensor(data.clone(), shape);
    }

    /**
     * Overwrites {@code dst}'s values with this tensor's: {@code dst} is a caller-owned buffer (e.g. of
     * {@code Grad.valuesInto}) of the same shape and dtype. Copying a tensor onto itself does nothing.
     *
     * @throws IllegalArgumentException when the shapes or dtypes differ
     */
    public void copyTo(Tensor dst) {
        requireOut("copyTo", dst, dtype(), shape);
        if (storage() != dst.storage()) {
            System.arraycopy(storage(), 0, dst.storage(), 0, size());
        }
    }

    /**
     * Checks a caller-owned output buffer of an {@code …Into} method.
     *
     * @throws IllegalArgumentException naming {@code op} when {@code out} is not of {@code dtype} and {@code shape}
     */
    static void requireOut(String op, Tensor out, DType dtype, int[] shape) {
        Objects.requireNonNull(out, op + ": out");
        if (out.dtype() != dtype || !Arrays.equals(out.shape, shape)) {
            throw new IllegalArgumentException(op + ": out is " + out.dtype() + " " + Shape.str(out.shape) + ", expected "
                    + dtype + " " + Shape.str(shape));
        }
    }

    private int offset(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": index " + Arrays.toString(index) + " has rank "
                    + index.length + ", tensor has shape " + Shape.str(shape));
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IllegalArgumentException(op + ": index " + Arrays.toString(index)
                        + " out of bounds for shape " + Shape.str(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    // ------------------------------------------------------------------ shape ops

    /** Same data, new shape; one dimension may be {@code -1} (inferred). Shares the data array. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Shape.str(newShape));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Shape.str(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shape.str(newShape)
                        + " from shape " + Shape.str(shape) + " (" + size() + " elements)");
            }
            s[infer] = (int) (size() / known);
        }
        if (Shape.size(s) != size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " ("
                    + size() + " elements) to " + Shape.str(newShape));
        }
        return withStorage(storage(), s);
    }

    /** Matrix transpose of a 2-D tensor (materialised). */
    public Tensor transpose() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose: expected a 2-D tensor, got shape " + Shape.str(shape)
                    + " (use permute for other ranks)");
        }
        return permute(1, 0);
    }

    /**
     * Materialised axis permutation: {@code out.shape[i] = shape[axes[i]]},
     * {@code out[i_0..] = this[j]} with {@code j[axes[k]] = i_k}.
     */
    public Tensor permute(int... axes) {
        int r = shape.length;
        if (axes.length != r) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes " + Arrays.toString(axes)
                    + " for a tensor of shape " + Shape.str(shape));
        }
        boolean[] seen = new boolean[r];
        int[] ax = new int[r];
        for (int i = 0; i < r; i++) {
            int a = Shape.axis("permute", axes[i], r);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axes " + Arrays.toString(axes) + " are not a permutation");
            }
            seen[a] = true;
            ax[i] = a;
        }
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = shape[ax[i]];
        }
        int n = size();
        Object out = newStorage(n);
        if (n == 0 || r == 0) {
            System.arraycopy(storage(), 0, out, 0, n);
            return withStorage(out, outShape);
        }
        int[] inStrides = Shape.strides(shape);
        int[] srcStride = new int[r];
        for (int i = 0; i < r; i++) {
            srcStride[i] = inStrides[ax[i]];
        }
        if (fdata != null) {
            permute(fdata, (float[]) out, outShape, srcStride);
        } else {
            permute(data, (double[]) out, outShape, srcStride);
        }
        return withStorage(out, outShape);
    }

    /** Elements {@code [start, end)} along {@code axis} (materialised). */
    public Tensor slice(int axis, int start, int end) {
        int a = Shape.axis("slice", axis, shape.length);
        if (start < 0 || end > shape[a] || start > end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") along axis " + axis
                    + " invalid for shape " + Shape.str(shape));
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int[] outShape = shape.clone();
        outShape[a] = end - start;
        Object out = newStorage(Shape.size(outShape));
        Object src = storage();
        int chunk = (end - start) * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, (o * shape[a] + start) * inner, out, o * chunk, chunk);
        }
        return withStorage(out, outShape);
    }

    /** Concatenation along {@code axis}; all other dimensions and the dtypes must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int[] first = parts[0].shape;
        int a = Shape.axis("concat", axis, first.length);
        int total = 0;
        for (Tensor t : parts) {
            requireSameDType("concat", parts[0], t);
            boolean ok = t.shape.length == first.length;
            for (int i = 0; ok && i < first.length; i++) {
                ok = i == a || t.shape[i] == first[i];
            }
            if (!ok) {
                StringBuilder sb = new StringBuilder();
                for (Tensor p : parts) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(Shape.str(p.shape));
                }
                throw new IllegalArgumentException("concat: shapes " + sb + " differ outside axis " + axis);
            }
            total += t.shape[a];
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= first[i];
        }
        int inner = 1;
        for (int i = a + 1; i < first.length; i++) {
            inner *= first[i];
        }
        int[] outShape = first.clone();
        outShape[a] = total;
        Object out = parts[0].newStorage(Shape.size(outShape));
        int rowLen = total * inner;
        int off = 0;
        for (Tensor t : parts) {
            int chunk = t.shape[a] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.storage(), o * chunk, out, o * rowLen + off, chunk);
            }
            off += chunk;
        }
        return parts[0].withStorage(out, outShape);
    }

    // ------------------------------------------------------------------ comparison and printing

    /**
     * NumPy-style closeness: same shape and {@code |a - b| <= atol + rtol * |b|} element-wise
     * ({@code b} = {@code other}); equal values (including equal infinities) are close, NaNs never are.
     * Compared in double arithmetic.
     *
     * @throws IllegalArgumentException when the dtypes differ
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        requireSameDType("allClose", this, other);
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        for (int i = 0, n = size(); i < n; i++) {
            double x = at(i);
            double y = other.at(i);
            if (x == y) {
                continue;
            }
            double d = Math.abs(x - y);
            if (!(d <= atol + rtol * Math.abs(y))) {
                return false;
            }
        }
        return true;
    }

    /** Largest element-wise {@code |this - other|}, in double arithmetic (shapes and dtypes must be equal). */
    public double maxAbsDiff(Tensor other) {
        Shape.requireSame("maxAbsDiff", shape, other.shape);
        requireSameDType("maxAbsDiff", this, other);
        double m = 0;
        for (int i = 0, n = size(); i < n; i++) {
            m = Math.max(m, Math.abs(at(i) - other.at(i)));
        }
        return m;
    }

    /** Exact equality of dtype, shape and every bit of every value (for determinism checks). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor t = (Tensor) o;
        return Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data) && Arrays.equals(fdata, t.fdata);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + (fdata != null ? 17 + Arrays.hashCode(fdata) : Arrays.hashCode(data));
    }

    /**
     * {@code Tensor[2, 3] [0.1, 0.2, 0.3, ...]}: the shape and at most the first 8 values;
     * {@code Tensor[2, 3] float32 [...]} for a float32 tensor.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shape.str(shape))
                .append(fdata != null ? " float32 [" : " [");
        int size = size();
        int n = Math.min(8, size);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", at(i)));
        }
        if (size > n) {
            sb.append(", ... (").append(size).append(" values)");
        }
        return sb.append(']').toString();
    }

    // ------------------------------------------------------------------ kernels

    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    /** {@code out[i_0..] = data[Σ_a i_a·srcStride[a]]} over the row-major index of {@code outShape} (rank ≥ 1, non-empty). */
    private static void permute(double[] data, double[] out, int[] outShape, int[] srcStride) {
        int r = outShape.length;
        if (r == 2) {
            // the common case (matrix transpose), blocked for cache
            int rows = outShape[0];
            int cols = outShape[1];
            int s0 = srcStride[0];
            int s1 = srcStride[1];
            final int bs = 32;
            for (int i0 = 0; i0 < rows; i0 += bs) {
                int i1 = Math.min(rows, i0 + bs);
                for (int j0 = 0; j0 < cols; j0 += bs) {
                    int j1 = Math.min(cols, j0 + bs);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            out[i * cols + j] = data[i * s0 + j * s1];
                        }
                    }
                }
            }
            return;
        }
        // general rank: odometer over the output index, innermost axis copied in a tight loop
        int[] idx = new int[r];
        int inner = outShape[r - 1];
        int innerStride = srcStride[r - 1];
        int outer = out.length / inner;
        int src = 0;
        for (int o = 0, dst = 0; o < outer; o++, dst += inner) {
            for (int j = 0; j < inner; j++) {
                out[dst + j] = data[src + j * innerStride];
            }
            for (int a = r - 2; a >= 0; a--) {
                idx[a]++;
                src += srcStride[a];
                if (idx[a] < outShape[a]) {
                    break;
                }
                src -= srcStride[a] * outShape[a];
                idx[a] = 0;
            }
        }
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    /** {@code out[i_0..] = data[Σ_a i_a·srcStride[a]]} over the row-major index of {@code outShape} (rank ≥ 1, non-empty). */
    private static void permute(float[] data, float[] out, int[] outShape, int[] srcStride) {
        int r = outShape.length;
        if (r == 2) {
            // the common case (matrix transpose), blocked for cache
            int rows = outShape[0];
            int cols = outShape[1];
            int s0 = srcStride[0];
            int s1 = srcStride[1];
            final int bs = 32;
            for (int i0 = 0; i0 < rows; i0 += bs) {
                int i1 = Math.min(rows, i0 + bs);
                for (int j0 = 0; j0 < cols; j0 += bs) {
                    int j1 = Math.min(cols, j0 + bs);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            out[i * cols + j] = data[i * s0 + j * s1];
                        }
                    }
                }
            }
            return;
        }
        // general rank: odometer over the output index, innermost axis copied in a tight loop
        int[] idx = new int[r];
        int inner = outShape[r - 1];
        int innerStride = srcStride[r - 1];
        int outer = out.length / inner;
        int src = 0;
        for (int o = 0, dst = 0; o < outer; o++, dst += inner) {
            for (int j = 0; j < inner; j++) {
                out[dst + j] = data[src + j * innerStride];
            }
            for (int a = r - 2; a >= 0; a--) {
                idx[a]++;
                src += srcStride[a];
                if (idx[a] < outShape[a]) {
                    break;
                }
                src -= srcStride[a] * outShape[a];
                idx[a] = 0;
            }
        }
    }

    // END generated float32 kernels
}
