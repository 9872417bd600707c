package io.github.deltastn.structured;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FullResponseLinearTest {
    static final int B = 4;

    /** Parameters with a random (non-zero) response. */
    static Map<String, Tensor> active(FullResponseLinear l, Rng r) {
        Map<String, Tensor> m = new LinkedHashMap<>(l.init(r));
        m.put(l.name() + ".W_r", Tensor.normal(r, 0, 0.5, m.get(l.name() + ".W_r").shape()));
        m.put(l.name() + ".b_r", Tensor.normal(r, 0, 0.5, m.get(l.name() + ".b_r").shape()));
        return m;
    }

    @Test
    void atInitialisationTheLayerIsThePlainLayerForAnyZ() {
        Rng r = new Rng(1);
        FullResponseLinear l = new FullResponseLinear("f", 5, 3, 2);
        Params p = Params.constants(l.init(r));
        Var x = Var.constant(Tensor.normal(r, 0, 1, B, 5));
        Tensor plain = x.matmul(p.get("f.W_g"), false, true).add(p.get("f.b_g")).value();
        Tensor yz = l.apply(p, x, Var.constant(Tensor.normal(r, 0, 3, B, 2))).value();
        assertTrue(yz.allClose(plain, 0, 0));
    }

    @Test
    void everyExampleSeesItsOwnEffectiveWeights() {
        // row b equals x_b·W(z_b)ᵀ + b_g + b_r z_b with W(z) = W_g + Σ_k z_k W_r[o·h + k, ·], built entry by entry
        for (int h : new int[] {1, 3}) {
            Rng r = new Rng(2 + h);
            int in = 4;
            int out = 3;
            FullResponseLinear l = new FullResponseLinear("f", in, out, h);
            Map<String, Tensor> m = active(l, r);
            Params p = Params.constants(m);
            Tensor x = Tensor.normal(r, 0, 1, B, in);
            Tensor z = Tensor.normal(r, 0, 1, B, h);
            double[] y = l.apply(p, Var.constant(x), Var.constant(z)).value().data();
            double[] w = l.weights(p, Var.constant(z)).value().data();
            double[] wg = m.get("f.W_g").data();
            double[] wr = m.get("f.W_r").data();
            double[] bg = m.get("f.b_g").data();
            double[] br = m.get("f.b_r").data();
            for (int b = 0; b < B; b++) {
                for (int o = 0; o < out; o++) {
                    double expected = bg[o];
                    for (int k = 0; k < h; k++) {
                        expected += br[o * h + k] * z.data()[b * h + k];
                    }
                    for (int i = 0; i < in; i++) {
                        double wEff = wg[o * in + i];
                        for (int k = 0; k < h; k++) {
                            wEff += z.data()[b * h + k] * wr[(o * h + k) * in + i];
                        }
                        assertTrue(Math.abs(w[(b * out + o) * in + i] - wEff) < 1e-14, "weights(), h = " + h);
                        expected += wEff * x.data()[b * in + i];
                    }
                    assertTrue(Math.abs(y[b * out + o] - expected) < 1e-13, "h = " + h + ": row " + b + " output " + o);
                }
            }
        }
    }

    @Test
    void tangentAtZeroIsTheResponseAndMatchesCentralDifferences() {
        Rng r = new Rng(7);
        FullResponseLinear l = new FullResponseLinear("f", 4, 2, 2);
        Params p = Params.constants(active(l, r));
        Var x = Var.constant(Tensor.normal(r, 0, 1, B, 4));
        Tensor eps = Tensor.normal(r, 0, 1, B, 2);
        Tensor t = Jvp.of(z -> l.apply(p, x, z).tanh(), Var.constant(Tensor.zeros(B, 2)), Var.constant(eps))
                .tangent().value();
        double step = 1e-6;
        Tensor plus = l.apply(p, x, Var.constant(eps).mul(step)).tanh().value();
        Tensor minus = l.apply(p, x, Var.constant(eps).mul(-step)).tanh().value();
        Tensor fd = Var.constant(plus).sub(Var.constant(minus)).mul(1 / (2 * step)).value();
        assertTrue(t.allClose(fd, 1e-6, 1e-8), "max diff " + t.maxAbsDiff(fd));
    }

    @Test
    void passesOrderTwoGradientChecksInAllInputs() {
        Rng r = new Rng(8);
        FullResponseLinear l = new FullResponseLinear("f", 3, 2, 2);
        Map<String, Tensor> init = active(l, r);
        List<String> names = List.copyOf(init.keySet());
        Tensor[] xs = new Tensor[names.size() + 2];
        for (int i = 0; i < names.size(); i++) {
            xs[i] = init.get(names.get(i));
        }
        xs[names.size()] = Tensor.normal(r, 0, 1, B, 3);
        xs[names.size() + 1] = Tensor.normal(r, 0, 1, B, 2);
        GradCheck.check(v -> {
            Params p = Params.constants(Map.of());
            for (int i = 0; i < names.size(); i++) {
                p = p.with(names.get(i), v[i]);
            }
            return l.apply(p, v[names.size()], v[names.size() + 1]).tanh();
        }, xs, 2, r);
    }

    @Test
    void responseParametersAreNamedAsSuch() {
        FullResponseLinear l = new FullResponseLinear("f", 3, 2, 1);
        for (String n : l.init(new Rng(1)).keySet()) {
            assertTrue(l.responseNames().contains(n) == (n.endsWith(".W_r") || n.endsWith(".b_r")), n);
        }
    }

    @Test
    void badShapesAreRejected() {
        FullResponseLinear l = new FullResponseLinear("f", 4, 3, 2);
        Params p = Params.constants(l.init(new Rng(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.apply(p, Var.constant(Tensor.ones(2, 4)), Var.constant(Tensor.ones(2, 5))));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("[2, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> l.apply(p, Var.constant(Tensor.ones(2, 5)), Var.constant(Tensor.ones(2, 2))));
        assertTrue(e.getMessage().contains("[B, 4]") && e.getMessage().contains("[2, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FullResponseLinear("f", 0, 3, 1));
    }
}
