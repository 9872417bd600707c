package io.github.deltastn.core;

/**
 * An optional, faster implementation of a few transcendental, reduction and GEMM kernels. The library's default
 * is none: every kernel runs the scalar loops of {@link Elementwise} and {@link Reduce}.
 *
 * <p>With the system property {@code deltastn.vector=true} and the incubating module
 * {@code jdk.incubator.vector} present ({@code java --add-modules jdk.incubator.vector ...}),
 * {@link #active()} is the Vector API implementation ({@code VectorKernels}): {@code exp}, {@code tanh}
 * and {@code sigmoid} within a few ulps of the scalar ones, {@code sum} / {@code dot} summed in a
 * different (fixed) order, and a register-tiled {@link Gemm} block with the default's exact result.
 * Results then differ in the last bits from the default but do not depend on the thread count. Without the module the property is ignored and the class is never loaded.
 */
interface FastKernels {
    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    /** {@code out[i] = exp(x[i])} for {@code i} in {@code [from, to)}. */
    void exp(double[] x, double[] out, int from, int to);

    /** {@code out[i] = tanh(x[i])}. */
    void tanh(double[] x, double[] out, int from, int to);

    /** {@code out[i] = 1 / (1 + exp(−x[i]))}, stable for large {@code |x|}. */
    void sigmoid(double[] x, double[] out, int from, int to);

    /** {@code Σ x[off + i]}, {@code i < n}. */
    double sum(double[] x, int off, int n);

    /** {@code Σ a[aOff + i]·b[bOff + i]}, {@code i < n}. */
    double dot(double[] a, int aOff, double[] b, int bOff, int n);

    /**
     * The block {@code [i0, i1)×[j0, j1)} of {@link Gemm#gemm(boolean, boolean, int, int, int, double,
     * double[], int, double[], int, double, double[], int) Gemm.gemm}, with the same operation sequence per
     * element ({@code c = beta·c}, then {@code c = fma(alpha·op(A)[i][p], op(B)[p][j], c)} for
     * {@code p = 0 … k-1}), so the same result to the bit; arguments already checked.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
              double[] b, int bOff, double beta, double[] c, int cOff, int i0, int i1, int j0, int j1);

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    /** {@code out[i] = exp(x[i])} for {@code i} in {@code [from, to)}. */
    void exp(float[] x, float[] out, int from, int to);

    /** {@code out[i] = tanh(x[i])}. */
    void tanh(float[] x, float[] out, int from, int to);

    /** {@code out[i] = 1 / (1 + exp(−x[i]))}, stable for large {@code |x|}. */
    void sigmoid(float[] x, float[] out, int from, int to);

    /** {@code Σ x[off + i]}, {@code i < n}. */
    float sum(float[] x, int off, int n);

    /** {@code Σ a[aOff + i]·b[bOff + i]}, {@code i < n}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * The block {@code [i0, i1)×[j0, j1)} of {@link Gemm#gemm(boolean, boolean, int, int, int, float,
     * float[], int, float[], int, float, float[], int) Gemm.gemm}, with the same operation sequence per
     * element ({@code c = beta·c}, then {@code c = fma(alpha·op(A)[i][p], op(B)[p][j], c)} for
     * {@code p = 0 … k-1}), so the same result to the bit; arguments already checked.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
              float[] b, int bOff, float beta, float[] c, int cOff, int i0, int i1, int j0, int j1);

    // END generated float32 kernels

    /** The implementation in use, or {@code null} for the default scalar kernels. */
    static FastKernels active() {
        return Holder.ACTIVE;
    }

    /** Loads the Vector API implementation only when asked for and available. */
    final class Holder {
        static final String PROPERTY = "deltastn.vector";
        static final FastKernels ACTIVE = load();

        private Holder() {}

        static FastKernels load() {
            if (!Boolean.getBoolean(PROPERTY)) {
                return null;
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                System.err.println("deltastn: -D" + PROPERTY + "=true ignored: start the JVM with "
                        + "--add-modules jdk.incubator.vector to use the Vector API kernels");
                return null;
            }
            try {
                return (FastKernels) Class.forName("io.github.deltastn.core.VectorKernels")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                System.err.println("deltastn: Vector API kernels unavailable (" + e + "); using the scalar kernels");
                return null;
            }
        }
    }
}
