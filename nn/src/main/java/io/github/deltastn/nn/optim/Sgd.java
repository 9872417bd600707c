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

    // BEGIN float64 kernels
    @Override
    protected void update(double[] p, double[] g, double[][] prev, double[][] next, double[] out, long t) {
        double lr = /*(float)*/lr();
        if (momentum == 0.0) {
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] - lr * g[i];
            }
            return;
        }
        double mu = /*(float)*/momentum;
        double[] buf = next[0];
        if (prev[0] == null) {
            System.arraycopy(g, 0, buf, 0, g.length);
        } else {
            double[] b = prev[0];
            for (int i = 0; i < p.length; i++) {
                buf[i] = mu * b[i] + g[i];
            }
        }
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] - lr * buf[i];
        }
    }
    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java
    @Override
    protected void update(float[] p, float[] g, float[][] prev, float[][] next, float[] out, long t) {
        float lr = (float) lr();
        if (momentum == 0.0f) {
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] - lr * g[i];
            }
            return;
        }
        float mu = (float) momentum;
        float[] buf = next[0];
        if (prev[0] == null) {
            System.arraycopy(g, 0, buf, 0, g.length);
        } else {
            float[] b = prev[0];
            for (int i = 0; i < p.length; i++) {
                buf[i] = mu * b[i] + g[i];
            }
        }
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] - lr * buf[i];
        }
    }
    // END generated float32 kernels
}
