package io.github.deltastn.core;

/**
 * The element type of a {@link Tensor}: {@code FLOAT64} stores a {@code double[]} (the default),
 * {@code FLOAT32} a {@code float[]}. Kernels never promote: an op given tensors of two dtypes throws
 * an {@link IllegalArgumentException}; convert explicitly with {@link Tensor#to(DType)}.
 */
public enum DType {
    /** IEEE 754 binary64, Java {@code double}; NumPy {@code float64}. */
    FLOAT64(8, "float64"),
    /** IEEE 754 binary32, Java {@code float}; NumPy {@code float32}. */
    FLOAT32(4, "float32");

    private final int bytes;
    private final String numpyName;

    DType(int bytes, String numpyName) {
        this.bytes = bytes;
        this.numpyName = numpyName;
    }

    /** Bytes per element: 8 or 4. */
    public int bytes() {
        return bytes;
    }

    /** The NumPy name, {@code "float64"} or {@code "float32"}, as used in every message. */
    @Override
    public String toString() {
        return numpyName;
    }
}
