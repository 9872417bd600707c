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

    @Override
    protected void update(double[] p, double[] g, double[][] prev, double[][] next, double[] out, long t) {
        double stepSize = lr() / (1.0 - Math.pow(beta1, t));
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, t));
        double[] m = next[0];
        double[] v = next[1];
        double[] m0 = prev[0];
        double[] v0 = prev[1];
        for (int i = 0; i < p.length; i++) {
            double mo = m0 == null ? 0.0 : m0[i];
            double vo = v0 == null ? 0.0 : v0[i];
            m[i] = beta1 * mo + (1.0 - beta1) * g[i];
            v[i] = beta2 * vo + (1.0 - beta2) * g[i] * g[i];
            out[i] = p[i] - stepSize * m[i] / (Math.sqrt(v[i]) / bc2Sqrt + eps);
        }
    }
}
