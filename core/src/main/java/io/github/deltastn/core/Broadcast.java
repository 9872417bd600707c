package io.github.deltastn.core;

import java.util.Arrays;
import java.util.Objects;

/** NumPy broadcasting as a materialised op ({@link #broadcastTo}) and its adjoint ({@link #sumTo}). */
public final class Broadcast {
    private Broadcast() {}

    /**
     * {@code y[i] = x[i']} where {@code i'} is {@code i} with its leading extra axes dropped and
     * indices on size-1 axes of x set to 0 (NumPy rules). y has {@code shape} (fresh, even when the
     * shapes are already equal); x is not modified.
     *
     * @throws IllegalArgumentException when x's shape does not broadcast to {@code shape}
     */
    public static Tensor broadcastTo(Tensor x, int... shape) {
        Objects.requireNonNull(x, "broadcastTo: x");
        int[] xs = x.shape();
        int n = Shape.size(shape);
        if (!Shape.broadcastsTo(xs, shape)) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast shape " + Shape.str(xs) + " to "
                    + Shape.str(shape) + " (align from the right; each dimension must match or be 1)");
        }
        Tensor out = Tensor.zeros(x.dtype(), shape);
        if (x.dtype() == DType.FLOAT32) {
            broadcastTo(x.floatData(), xs, shape, out.floatData());
        } else {
            broadcastTo(x.data(), xs, shape, out.data());
        }
        return out;
    }

    /**
     * Adjoint of {@link #broadcastTo}: sums x over its leading extra axes and over the axes where
     * {@code shape} has size 1 but x does not, so that {@code ⟨broadcastTo(a, x.shape), x⟩ = ⟨a, sumTo(x, a.shape)⟩}.
     * y has {@code shape} (fresh); x is not modified.
     *
     * @throws IllegalArgumentException when {@code shape} does not broadcast to x's shape
     */
    public static Tensor sumTo(Tensor x, int... shape) {
        Objects.requireNonNull(x, "sumTo: x");
        int[] xs = x.shape();
        Shape.size(shape);
        if (!Shape.broadcastsTo(shape, xs)) {
            throw new IllegalArgumentException("sumTo: cannot sum shape " + Shape.str(xs) + " to " + Shape.str(shape)
                    + " (the target must broadcast to the input: align from the right; each dimension must match or be 1)");
        }
        int lead = xs.length - shape.length;
        int count = 0;
        int[] axes = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && xs[i] != 1)) {
                axes[count++] = i;
            }
        }
        if (count == 0) {
            return x.copy().reshape(shape);
        }
        return Reduce.sum(x, false, Arrays.copyOf(axes, count)).reshape(shape);
    }

    /**
     * {@link #sumTo} written into the caller-owned {@code out} (whose shape is the target shape; old contents
     * ignored), bit for bit the same values.
     *
     * @throws IllegalArgumentException as {@code sumTo}, or when {@code out}'s dtype differs from x's
     */
    public static void sumToInto(Tensor x, Tensor out) {
        Objects.requireNonNull(x, "sumToInto: x");
        int[] xs = x.shape();
        int[] shape = out.shape();
        Tensor.requireOut("sumToInto", out, x.dtype(), shape);
        if (!Shape.broadcastsTo(shape, xs)) {
            throw new IllegalArgumentException("sumToInto: cannot sum shape " + Shape.str(xs) + " to " + Shape.str(shape));
        }
        int lead = xs.length - shape.length;
        boolean[] reduced = new boolean[xs.length];
        for (int i = 0; i < xs.length; i++) {
            reduced[i] = i < lead || (shape[i - lead] == 1 && xs[i] != 1);
        }
        Reduce.sumInto(x, reduced, out);
    }

    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    /** {@code out} (of {@code shape}) = {@code src} (of shape {@code xs}) broadcast. */
    private static void broadcastTo(double[] src, int[] xs, int[] shape, double[] out) {
        int n = out.length;
        if (n == 0) {
            return;
        }
        if (src.length == n) {
            System.arraycopy(src, 0, out, 0, n);
            return;
        }
        if (src.length == 1) {
            Arrays.fill(out, src[0]);
            return;
        }
        int[] sx = Elementwise.broadcastStrides(xs, shape);
        Elementwise.Strided it = Elementwise.Strided.of(shape, sx, sx);
        int r = it.rank;
        int inner = it.dims[r - 1];
        boolean contiguous = it.strideA[r - 1] == 1;
        int outer = n / inner;
        int[] idx = new int[r];
        int ix = 0;
        for (int o = 0, dst = 0; o < outer; o++, dst += inner) {
            if (contiguous) {
                System.arraycopy(src, ix, out, dst, inner);
            } else {
                Arrays.fill(out, dst, dst + inner, src[ix]);
            }
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                ix += it.strideA[d];
                if (idx[d] < it.dims[d]) {
                    break;
                }
                ix -= it.strideA[d] * it.dims[d];
                idx[d] = 0;
            }
        }
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    /** {@code out} (of {@code shape}) = {@code src} (of shape {@code xs}) broadcast. */
    private static void broadcastTo(float[] src, int[] xs, int[] shape, float[] out) {
        int n = out.length;
        if (n == 0) {
            return;
        }
        if (src.length == n) {
            System.arraycopy(src, 0, out, 0, n);
            return;
        }
        if (src.length == 1) {
            Arrays.fill(out, src[0]);
            return;
        }
        int[] sx = Elementwise.broadcastStrides(xs, shape);
        Elementwise.Strided it = Elementwise.Strided.of(shape, sx, sx);
        int r = it.rank;
        int inner = it.dims[r - 1];
        boolean contiguous = it.strideA[r - 1] == 1;
        int outer = n / inner;
        int[] idx = new int[r];
        int ix = 0;
        for (int o = 0, dst = 0; o < outer; o++, dst += inner) {
            if (contiguous) {
                System.arraycopy(src, ix, out, dst, inner);
            } else {
                Arrays.fill(out, dst, dst + inner, src[ix]);
            }
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                ix += it.strideA[d];
                if (idx[d] < it.dims[d]) {
                    break;
                }
                ix -= it.strideA[d] * it.dims[d];
                idx[d] = 0;
            }
        }
    }

    // END generated float32 kernels
}
