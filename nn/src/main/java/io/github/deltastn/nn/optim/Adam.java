package io.github.deltastn.nn.optim;

/**
 * Adam (Kingma and Ba 2015), PyTorch semantics (weight decay, if any, is the coupled L2 form of
 * {@link Optimizer}, not AdamW):
 * <pre>
 *   m ← β₁·m + (1 − β₁)·g                       (m, v start at 0)
 *   v ← β₂·v + (1 − β₂)·g²
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Defaults {@code β = (0.9, 0.999)}, {@code ε = 1e-8}. Slots: {@code exp_avg}, {@code exp_avg_sq}.
 * {@code t} is the optimizer's step count; every step updates every parameter, so it equals PyTorch's
 * per-parameter count (a parameter first seen at a later step would start from zero moments but the
 * global {@code t}).
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;

    /** Adam with the given learning rate, {@code β₁, β₂ ∈ [0, 1)} and {@code ε ≥ 0}. */
    public Adam(double lr, double beta1, double beta2, double eps) {
        super("Adam", lr, "exp_avg", "exp_avg_sq");
        if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        if (!(eps >= 0.0)) {
            throw new IllegalArgumentException("Adam: eps must be >= 0, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** {@code β = (0.9, 0.999), ε = 1e-8}. */
    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8);
    }

    /** {@code lr / (1 − β₁ᵗ)}. */
    private double stepSize(long t) {
        return lr() / (1.0 - Math.pow(beta1, t));
    }

    /** {@code √(1 − β₂ᵗ)}. */
    private double biasCorrection2Sqrt(long t) {
        return Math.sqrt(1.0 - Math.pow(beta2, t));
    }

    // BEGIN float64 kernels
    @Override
    protected void update(double[] p, double[] g, double[][] prev, double[][] next, double[] out, long t) {
        double stepSize = /*(float)*/stepSize(t);
        double bc2Sqrt = /*(float)*/biasCorrection2Sqrt(t);
        double b1 = /*(float)*/beta1;
        double b2 = /*(float)*/beta2;
        double c1 = /*(float)*/(1 - beta1);
        double c2 = /*(float)*/(1 - beta2);
        double e = /*(float)*/eps;
        double[] m = next[0];
        double[] v = next[1];
        double[] m0 = prev[0];
        double[] v0 = prev[1];
        for (int i = 0; i < p.length; i++) {
            double mo = m0 == null ? 0 : m0[i];
            double vo = v0 == null ? 0 : v0[i];
            m[i] = b1 * mo + c1 * g[i];
            v[i] = b2 * vo + c2 * g[i] * g[i];
            out[i] = p[i] - stepSize * m[i] / (Math.sqrt(v[i]) / bc2Sqrt + e);
        }
    }
    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java
    @Override
    protected void update(float[] p, float[] g, float[][] prev, float[][] next, float[] out, long t) {
        float stepSize = (float) stepSize(t);
        float bc2Sqrt = (float) biasCorrection2Sqrt(t);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float e = (float) eps;
        float[] m = next[0];
        float[] v = next[1];
        float[] m0 = prev[0];
        float[] v0 = prev[1];
        for (int i = 0; i < p.length; i++) {
            float mo = m0 == null ? 0 : m0[i];
            float vo = v0 == null ? 0 : v0[i];
            m[i] = b1 * mo + c1 * g[i];
            v[i] = b2 * vo + c2 * g[i] * g[i];
            out[i] = p[i] - stepSize * m[i] / ((float) Math.sqrt(v[i]) / bc2Sqrt + e);
        }
    }
    // END generated float32 kernels
}
