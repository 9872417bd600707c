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

    @Override
    protected void update(double[] p, double[] g, double[][] prev, double[][] next, double[] out, long t) {
        double lr = lr();
        double[] v = next[0];
        double[] v0 = prev[0];
        for (int i = 0; i < p.length; i++) {
            double old = v0 == null ? 0.0 : v0[i];
            v[i] = alpha * old + (1.0 - alpha) * g[i] * g[i];
            out[i] = p[i] - lr * g[i] / (Math.sqrt(v[i]) + eps);
        }
    }
}
