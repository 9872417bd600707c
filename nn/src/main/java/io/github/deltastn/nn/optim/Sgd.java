package io.github.deltastn.nn.optim;

/**
 * Stochastic gradient descent with heavy-ball momentum, PyTorch semantics (no dampening, not
 * Nesterov):
 * <pre>
 *   buf ← g                 at a parameter's first step
 *   buf ← μ·buf + g         afterwards
 *   p   ← p − lr·buf
 * </pre>
 * With {@code μ = 0} there is no buffer and {@code p ← p − lr·g}. Slot: {@code momentum_buffer}.
 */
public final class Sgd extends Optimizer {
    private final double momentum;

    /** SGD with momentum {@code μ ∈ [0, 1)}. */
    public Sgd(double lr, double momentum) {
        super("SGD", lr, momentum == 0.0 ? new String[0] : new String[] {"momentum_buffer"});
        if (!(momentum >= 0.0 && momentum < 1.0)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
    }

    /** Plain SGD, {@code p ← p − lr·g}. */
    public Sgd(double lr) {
        this(lr, 0.0);
    }

    /** The momentum {@code μ}. */
    public double momentum() {
        return momentum;
    }

    @Override
    protected void update(double[] p, double[] g, double[][] prev, double[][] next, double[] out, long t) {
        double lr = lr();
        if (momentum == 0.0) {
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] - lr * g[i];
            }
            return;
        }
        double[] buf = next[0];
        if (prev[0] == null) {
            System.arraycopy(g, 0, buf, 0, g.length);
        } else {
            double[] b = prev[0];
            for (int i = 0; i < p.length; i++) {
                buf[i] = momentum * b[i] + g[i];
            }
        }
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] - lr * buf[i];
        }
    }
}
