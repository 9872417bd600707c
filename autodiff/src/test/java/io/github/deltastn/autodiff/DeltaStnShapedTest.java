package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The reverse-over-forward pattern of the Δ-STN Θ step on a tiny network: a structured first layer
 * {@code W_g + diag(U z) W_r} (per example, as output scaling), ReLU or tanh, a second plain layer,
 * the linearized prediction {@code y' = f(x, z=0) + J_z f · ε} from {@link Jvp#of}, cross-entropy on
 * {@code y'}, and gradients with respect to U, W_r, W_g and x checked against finite differences of the
 * very same composite. A JVP rule fed with detached primals gives wrong ∂/∂W_g and ∂/∂x here.
 */
class DeltaStnShapedTest {
    static final int B = 3;
    static final int IN = 4;
    static final int HID = 5;
    static final int OUT = 3;
    static final int H = 2;
    static final int[] LABELS = {0, 2, 1};

    /** Inputs: U [HID,H], W_r [HID,IN], W_g [HID,IN], x [B,IN]; constants: b, W2, ε. */
    static Function<Var[], Var> composite(boolean relu, Tensor b, Tensor w2, Tensor eps) {
        return p -> {
            Var u = p[0];
            Var wr = p[1];
            Var wg = p[2];
            Var x = p[3];
            Function<Var, Var> net = z -> {
                Var pre = x.matmul(wg, false, true).add(Var.constant(b))
                        .add(z.matmul(u, false, true).mul(x.matmul(wr, false, true)));
                Var h = relu ? pre.relu() : pre.tanh();
                return h.matmul(Var.constant(w2), false, true);
            };
            Dual d = Jvp.of(net, Var.constant(Tensor.zeros(B, H)), Var.constant(eps));
            Var y = d.primal().add(d.tangent());
            return crossEntropy(y, LABELS);
        };
    }

    static Var crossEntropy(Var logits, int[] labels) {
        int n = labels.length;
        int c = logits.shape()[1];
        double[] onehot = new double[n * c];
        for (int i = 0; i < n; i++) {
            onehot[i * c + labels[i]] = 1.0;
        }
        return logits.logSoftmax(1).mul(Tensor.wrap(onehot, n, c)).sum().mul(-1.0 / n);
    }

    static Tensor[] inputs(Rng r, boolean relu) {
        Tensor u = Tensor.normal(r, 0, 0.5, HID, H);
        Tensor wr = Tensor.normal(r, 0, 0.5, HID, IN);
        Tensor wg = Tensor.normal(r, 0, 0.5, HID, IN);
        Tensor x = Tensor.normal(r, 0, 1, B, IN);
        return new Tensor[] {u, wr, wg, x};
    }

    void check(boolean relu, long seed) {
        Rng r = new Rng(seed);
        Tensor b = Tensor.normal(r, 0, 0.5, HID);
        Tensor w2 = Tensor.normal(r, 0, 0.5, OUT, HID);
        Tensor eps = Tensor.normal(r, 0, 1, B, H);
        Tensor[] xs = inputs(r, relu);
        if (relu) {
            // keep every pre-activation away from the ReLU kink so finite differences are valid
            for (double v : preActivations(xs, b).data()) {
                if (Math.abs(v) < 0.05) {
                    check(relu, seed + 1000);
                    return;
                }
            }
        }
        Function<Var[], Var> f = composite(relu, b, w2, eps);
        Var[] p = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            p[i] = Var.param(xs[i]);
        }
        Var[] g = Grad.of(f.apply(p), p);
        String[] names = {"U", "W_r", "W_g", "x"};
        double h = 1e-6;
        for (int i = 0; i < xs.length; i++) {
            double[] analytic = g[i].value().data();
            for (int j = 0; j < analytic.length; j++) {
                Tensor[] plus = xs.clone();
                Tensor[] minus = xs.clone();
                plus[i] = xs[i].with(xs[i].data()[j] + h, unflat(xs[i].shape(), j));
                minus[i] = xs[i].with(xs[i].data()[j] - h, unflat(xs[i].shape(), j));
                double fd = (value(f, plus) - value(f, minus)) / (2 * h);
                double err = Math.abs(fd - analytic[j]);
                assertTrue(err <= 1e-7 + 1e-5 * Math.abs(fd), "dL/d" + names[i] + "[" + j + "]: reverse-over-forward "
                        + analytic[j] + " vs finite difference " + fd);
            }
        }
    }

    static Tensor preActivations(Tensor[] xs, Tensor b) {
        // at z = 0 the pre-activation is x·W_gᵀ + b
        Var x = Var.constant(xs[3]);
        return x.matmul(Var.constant(xs[2]), false, true).add(Var.constant(b)).value();
    }

    static double value(Function<Var[], Var> f, Tensor[] xs) {
        Var[] p = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            p[i] = Var.constant(xs[i]);
        }
        return f.apply(p).item();
    }

    static int[] unflat(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return idx;
    }

    @Test
    void tanhNetworkGradientsMatchFiniteDifferences() {
        check(false, 11);
    }

    @Test
    void reluNetworkGradientsMatchFiniteDifferences() {
        check(true, 12);
    }

    @Test
    void thetaGradientMatchesExplicitFormula() {
        // algorithm.md §5.2: ∂ℓ/∂U = Σ_b [δ_b ⊙ (W_r a_b)] ε_bᵀ, with δ the backprop delta at the structured
        // layer's output through the primal network (tanh gates from the primal)
        Rng r = new Rng(5);
        Tensor b = Tensor.normal(r, 0, 0.5, HID);
        Tensor w2 = Tensor.normal(r, 0, 0.5, OUT, HID);
        Tensor eps = Tensor.normal(r, 0, 1, B, H);
        Tensor[] xs = inputs(r, false);
        Var[] p = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            p[i] = Var.param(xs[i]);
        }
        Var loss = composite(false, b, w2, eps).apply(p);
        Tensor gU = Grad.of(loss, p[0])[0].value();

        // explicit: y' = y0 + W2 (1 − h0²) ⊙ [(εUᵀ) ⊙ (x W_rᵀ)], g = (softmax(y') − onehot)/B
        Var x = Var.constant(xs[3]);
        Tensor pre = x.matmul(Var.constant(xs[2]), false, true).add(Var.constant(b)).value();
        Tensor h0 = Var.constant(pre).tanh().value();
        Tensor wrx = x.matmul(Var.constant(xs[1]), false, true).value();
        Tensor ue = Var.constant(eps).matmul(Var.constant(xs[0]), false, true).value();
        double[] yPrime = new double[B * OUT];
        double[] gate = new double[B * HID];
        for (int i = 0; i < B * HID; i++) {
            gate[i] = 1 - h0.data()[i] * h0.data()[i];
        }
        for (int bi = 0; bi < B; bi++) {
            for (int o = 0; o < OUT; o++) {
                double s = 0;
                for (int k = 0; k < HID; k++) {
                    double hk = h0.data()[bi * HID + k] + gate[bi * HID + k] * ue.data()[bi * HID + k] * wrx.data()[bi * HID + k];
                    s += w2.data()[o * HID + k] * hk;
                }
                yPrime[bi * OUT + o] = s;
            }
        }
        double[] expected = new double[HID * H];
        for (int bi = 0; bi < B; bi++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < OUT; o++) {
                m = Math.max(m, yPrime[bi * OUT + o]);
            }
            double z = 0;
            for (int o = 0; o < OUT; o++) {
                z += Math.exp(yPrime[bi * OUT + o] - m);
            }
            for (int k = 0; k < HID; k++) {
                double delta = 0;
                for (int o = 0; o < OUT; o++) {
                    double go = (Math.exp(yPrime[bi * OUT + o] - m) / z - (o == LABELS[bi] ? 1 : 0)) / B;
                    delta += go * w2.data()[o * HID + k];
                }
                delta *= gate[bi * HID + k];
                for (int j = 0; j < H; j++) {
                    expected[k * H + j] += delta * wrx.data()[bi * HID + k] * eps.data()[bi * H + j];
                }
            }
        }
        assertTrue(gU.allClose(Tensor.wrap(expected, HID, H), 1e-10, 1e-12), "dL/dU " + gU + " vs explicit "
                + Tensor.wrap(expected, HID, H));
    }
}
