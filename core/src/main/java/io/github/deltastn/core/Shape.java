package io.github.deltastn.core;

import java.util.Arrays;

/**
 * Static helpers for shapes ({@code int[]}, row-major): sizes, strides, validation and
 * NumPy broadcasting. Shapes are never mutated by these methods.
 */
public final class Shape {
    private Shape() {}

    /** Number of elements of a shape (1 for the scalar shape {@code []}); throws on negative or overflowing sizes. */
    public static int size(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape: negative dimension in " + str(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape: " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides in elements: {@code strides[i] = prod(shape[i+1:])}. */
    public static int[] strides(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** {@code [2, 3]} style text, used in every error message. */
    public static String str(int... shape) {
        return Arrays.toString(shape);
    }

    /** Normalises a possibly negative axis ({@code -1} = last) and checks its range. */
    public static int axis(String op, int axis, int ndim) {
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= ndim) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for a tensor of rank " + ndim);
        }
        return a;
    }

    /**
     * NumPy broadcast of two shapes: align from the right; dimensions must be equal or one of them 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " do not broadcast (dimension " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** True when {@code from} can be broadcast to {@code to} under NumPy rules. */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        int off = to.length - from.length;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[i + off]) {
                return false;
            }
        }
        return true;
    }

    /** Checks {@code a} and {@code b} are identical, else names {@code op} and both shapes. */
    public static void requireSame(String op, int[] a, int[] b) {
        if (!Arrays.equals(a, b)) {
            throw new IllegalArgumentException(op + ": shapes must be equal, got " + str(a) + " and " + str(b));
        }
    }
}
