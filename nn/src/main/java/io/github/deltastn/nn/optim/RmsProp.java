package io.github.deltastn.nn.optim;

/**
 * RMSprop, PyTorch semantics without momentum and not centered:
 * <pre>
 *   v ← α·v + (1 − α)·g²        (v starts at 0)
 *   p ← p − lr·g / (√v + ε)
 * </pre>
 * Defaults {@code α = 0.99}, {@code ε = 1e-8}. Slot: {@code square_avg}.
 */
public final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;

    /** RMSprop with the given learning rate, {@code α ∈ [0, 1)} and {@code ε ≥ 0}. */
    public RmsProp(double lr, double alpha, double eps) {
        super("RMSprop", lr, "square_avg");
        if (!(alpha >= 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("RMSprop: alpha must be in [0, 1), got " + alpha);
        }
        if (!(eps >= 0.0)) {
            throw new IllegalArgumentException("RMSprop: eps must be >= 0, got " + eps);
        }
        this.alpha = alpha;
        this.eps = eps;
    }

    /** {@code α = 0.99, ε = 1e-8}. */
    public RmsProp(double lr) {
        this(lr, 0.99, 1e-8);
    }

    // BEGIN float64 kernels
    @Override
    protected void update(double[] p, double[] g, double[][] prev, double[][] next, double[] out, long t) {
        double lr = /*(float)*/lr();
        double a = /*(float)*/alpha;
        double c = /*(float)*/(1 - alpha);
        double e = /*(float)*/eps;
        double[] v = next[0];
        double[] v0 = prev[0];
        for (int i = 0; i < p.length; i++) {
            double old = v0 == null ? 0 : v0[i];
            v[i] = a * old + c * g[i] * g[i];
            out[i] = p[i] - lr * g[i] / (Math.sqrt(v[i]) + e);
        }
    }
    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java
    @Override
    protected void update(float[] p, float[] g, float[][] prev, float[][] next, float[] out, long t) {
        float lr = (float) lr();
        float a = (float) alpha;
        float c = (float) (1 - alpha);
        float e = (float) eps;
        float[] v = next[0];
        float[] v0 = prev[0];
        for (int i = 0; i < p.length; i++) {
            float old = v0 == null ? 0 : v0[i];
            v[i] = a * old + c * g[i] * g[i];
            out[i] = p[i] - lr * g[i] / ((float) Math.sqrt(v[i]) + e);
        }
    }
    // END generated float32 kernels
}
