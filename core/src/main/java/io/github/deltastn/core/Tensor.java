package io.github.deltastn.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * A dense, row-major, contiguous {@code double} tensor: a flat array plus a shape.
 *
 * <p>Immutable by convention: no method of this class changes a tensor's data after construction,
 * and kernels write only into fresh arrays or into {@code out} arrays the caller owns.
 * {@link #data()} exposes the backing array for kernels; do not write to it unless you created the
 * tensor yourself and nobody else holds it. There are no strided views: {@link #transpose()} and
 * {@link #permute(int...)} materialise; {@link #reshape(int...)} shares the (immutable) data.
 */
public final class Tensor {
    private final double[] data;
    private final int[] shape;

    private Tensor(double[] data, int[] shape) {
        this.data = data;
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

    /** The backing array (row-major). Treat as read-only; see the class comment. */
    public double[] data() {
        return data;
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
        return data.length;
    }

    /** True when this tensor has exactly the given shape. */
    public boolean hasShape(int... s) {
        return Arrays.equals(shape, s);
    }

    /** Element at a full multi-index (for tests and small inspections, not for loops). */
    public double get(int... index) {
        return data[offset("Tensor.get", index)];
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("Tensor.item: tensor of shape " + Shape.str(shape)
                    + " has " + data.length + " elements, expected exactly 1");
        }
        return data[0];
    }

    /** A copy with the value at {@code index} replaced (for tests and finite differences). */
    public Tensor with(double value, int... index) {
        double[] d = data.clone();
        d[offset("Tensor.with", index)] = value;
        return new Tensor(d, shape);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape);
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
            if (known == 0 || data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shape.str(newShape)
                        + " from shape " + Shape.str(shape) + " (" + data.length + " elements)");
            }
            s[infer] = (int) (data.length / known);
        }
        if (Shape.size(s) != data.length) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " ("
                    + data.length + " elements) to " + Shape.str(newShape));
        }
        return new Tensor(data, s);
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
        double[] out = new double[data.length];
        if (data.length == 0 || r == 0) {
            System.arraycopy(data, 0, out, 0, data.length);
            return new Tensor(out, outShape);
        }
        int[] inStrides = Shape.strides(shape);
        int[] srcStride = new int[r];
        for (int i = 0; i < r; i++) {
            srcStride[i] = inStrides[ax[i]];
        }
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
            return new Tensor(out, outShape);
        }
        // general rank: odometer over the output index, innermost axis copied in a tight loop
        int[] idx = new int[r];
        int inner = outShape[r - 1];
        int innerStride = srcStride[r - 1];
        int outer = data.length / inner;
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
        return new Tensor(out, outShape);
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
        double[] out = new double[Shape.size(outShape)];
        int chunk = (end - start) * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(data, (o * shape[a] + start) * inner, out, o * chunk, chunk);
        }
        return new Tensor(out, outShape);
    }

    /** Concatenation along {@code axis}; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int[] first = parts[0].shape;
        int a = Shape.axis("concat", axis, first.length);
        int total = 0;
        for (Tensor t : parts) {
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
        double[] out = new double[Shape.size(outShape)];
        int rowLen = total * inner;
        int off = 0;
        for (Tensor t : parts) {
            int chunk = t.shape[a] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.data, o * chunk, out, o * rowLen + off, chunk);
            }
            off += chunk;
        }
        return new Tensor(out, outShape);
    }

    // ------------------------------------------------------------------ comparison and printing

    /**
     * NumPy-style closeness: same shape and {@code |a - b| <= atol + rtol * |b|} element-wise
     * ({@code b} = {@code other}); equal values (including equal infinities) are close, NaNs never are.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] == other.data[i]) {
                continue;
            }
            double d = Math.abs(data[i] - other.data[i]);
            if (!(d <= atol + rtol * Math.abs(other.data[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Largest element-wise {@code |this - other|} (shapes must be equal). */
    public double maxAbsDiff(Tensor other) {
        Shape.requireSame("maxAbsDiff", shape, other.shape);
        double m = 0;
        for (int i = 0; i < data.length; i++) {
            m = Math.max(m, Math.abs(data[i] - other.data[i]));
        }
        return m;
    }

    /** Exact equality of shape and of every bit of every value (for determinism checks). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor && Arrays.equals(shape, ((Tensor) o).shape) && Arrays.equals(data, ((Tensor) o).data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** {@code Tensor[2, 3] [0.1, 0.2, 0.3, ...]}: the shape and at most the first 8 values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shape.str(shape)).append(" [");
        int n = Math.min(8, data.length);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", data[i]));
        }
        if (data.length > n) {
            sb.append(", ... (").append(data.length).append(" values)");
        }
        return sb.append(']').toString();
    }
}
