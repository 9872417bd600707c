package io.github.deltastn.toy;

import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/** Argument checks shared by the toy classes; every message names the method, the value received and what was expected. */
final class Checks {
    private Checks() {}

    static void requirePositive(String method, String name, double value) {
        if (!(value > 0.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(method + ": " + name + " must be finite and > 0, got " + value);
        }
    }

    static void requireOpenUnit(String method, String name, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(method + ": " + name + " must be in (0, 1), got " + value);
        }
    }

    static void requireFinite(String method, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(method + ": " + name + " must be finite, got " + value);
        }
    }

    static void requireNotNull(String method, String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(method + ": " + name + " must not be null");
        }
    }

    static void requireAllFinite(String method, String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(method + ": " + name + " must be finite, got " + values[i]
                        + " at flat index " + i);
            }
        }
    }

    /** A finite 2-D tensor with at least one row and one column. */
    static void requireMatrix(String method, String name, Tensor t) {
        requireNotNull(method, name, t);
        int[] s = t.shape();
        if (s.length != 2 || s[0] < 1 || s[1] < 1) {
            throw new IllegalArgumentException(method + ": " + name + " must be a matrix [rows >= 1, columns >= 1], got shape "
                    + Shape.str(s));
        }
        requireAllFinite(method, name, t.data());
    }

    /** A finite 1-D tensor of length {@code n}. */
    static void requireVector(String method, String name, Tensor t, int n) {
        requireNotNull(method, name, t);
        int[] s = t.shape();
        if (s.length != 1 || s[0] != n) {
            throw new IllegalArgumentException(method + ": " + name + " must have shape [" + n + "], got shape "
                    + Shape.str(s));
        }
        requireAllFinite(method, name, t.data());
    }

    /** Non-null weights with {@code d} coefficients and a finite bias. */
    static void requireWeights(String method, LinearWeights weights, int d) {
        requireNotNull(method, "weights", weights);
        requireLength(method, "weights.w", weights.w(), d);
        requireFinite(method, "weights.bias", weights.bias());
    }

    static void requireLength(String method, String name, double[] v, int n) {
        requireNotNull(method, name, v);
        if (v.length != n) {
            throw new IllegalArgumentException(method + ": " + name + " must have length " + n + ", got length " + v.length);
        }
        requireAllFinite(method, name, v);
    }

    /**
     * The training second moments XᵀX/N and Xᵀy/N are finite: features or targets near the largest double
     * overflow them (standardise the data, or rescale it).
     */
    static void requireFiniteGram(String method, double[] gram, double[] xty) {
        for (double[] a : new double[][] {gram, xty}) {
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(method + ": the training second moments XᵀX/N, Xᵀy/N overflow "
                            + "(got " + v + "): the features or the target are too large in magnitude; standardise "
                            + "the data or rescale it");
                }
            }
        }
    }
}
