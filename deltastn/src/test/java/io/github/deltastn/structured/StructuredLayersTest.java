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

class StructuredLayersTest {

    @Test
    void squaredWeightNormIsThatOfEachExamplesEffectiveWeight() {
        Rng r = new Rng(41);
        StructuredLinear l = new StructuredLinear("l", 4, 3, 2);
        Map<String, Tensor> m = new LinkedHashMap<>(l.init(r));
        m.put("l.U", Tensor.normal(r, 0, 1, 3, 2));
        Params p = Params.constants(m);
        Tensor z = Tensor.normal(r, 0, 1, 5, 2);
        Tensor n = l.squaredWeightNorm(p, Var.constant(z)).value();
        assertTrue(n.hasShape(5));
        for (int b = 0; b < 5; b++) {
            Var zb = Var.constant(z.slice(0, b, b + 1).reshape(2));
            double expected = l.effectiveWeight(p, zb).square().sum().item();
            assertTrue(Math.abs(expected - n.data()[b]) <= 1e-12 * expected, "example " + b);
        }
    }
    static final int B = 3;
    static final int H = 2;

    /** Parameters with random (non-zero) U and V so the response branch is active. */
    static Map<String, Tensor> active(Map<String, Tensor> p, Rng r) {
        Map<String, Tensor> m = new LinkedHashMap<>(p);
        for (String k : p.keySet()) {
            if (k.endsWith(".U") || k.endsWith(".V")) {
                m.put(k, Tensor.normal(r, 0, 0.5, p.get(k).shape()));
            }
        }
        return m;
    }

    @Test
    void atInitialisationTheLayerIgnoresZ() {
        Rng r = new Rng(1);
        StructuredLinear l = new StructuredLinear("s", 4, 3, H);
        Params p = Params.constants(l.init(r));
        Var x = Var.constant(Tensor.normal(r, 0, 1, B, 4));
        Tensor y0 = l.apply(p, x, Var.constant(Tensor.zeros(B, H))).value();
        Tensor yz = l.apply(p, x, Var.constant(Tensor.normal(r, 0, 3, B, H))).value();
        assertTrue(y0.allClose(yz, 0, 0));
        Tensor plain = x.matmul(p.get("s.W_g"), false, true).add(p.get("s.b_g")).value();
        assertTrue(y0.allClose(plain, 0, 0));
    }

    @Test
    void linearTangentInZIsTheResponseBranch() {
        // J_z out · ε = (U ε_b) ⊙ (W_r x_b) + (V ε_b) ⊙ b_r (algorithm.md §5.2)
        Rng r = new Rng(2);
        StructuredLinear l = new StructuredLinear("s", 4, 3, H);
        Params p = Params.constants(active(l.init(r), r));
        Var x = Var.constant(Tensor.normal(r, 0, 1, B, 4));
        Tensor eps = Tensor.normal(r, 0, 1, B, H);
        Tensor t = Jvp.of(z -> l.apply(p, x, z), Var.constant(Tensor.zeros(B, H)), Var.constant(eps)).tangent().value();
        Var e = Var.constant(eps);
        Tensor expected = e.matmul(p.get("s.U"), false, true).mul(x.matmul(p.get("s.W_r"), false, true))
                .add(e.matmul(p.get("s.V"), false, true).mul(p.get("s.b_r"))).value();
        assertTrue(t.allClose(expected, 1e-14, 1e-14));
    }

    @Test
    void convTangentMatchesCentralDifferenceAlongZ() {
        Rng r = new Rng(3);
        StructuredConv2d c = new StructuredConv2d("c", 2, 3, 3, 1, 1, H);
        Params p = Params.constants(active(c.init(r), r));
        Var x = Var.constant(Tensor.normal(r, 0, 1, B, 2, 5, 5));
        Tensor z0 = Tensor.normal(r, 0, 1, B, H);
        Tensor eps = Tensor.normal(r, 0, 1, B, H);
        Tensor t = Jvp.of(z -> c.apply(p, x, z).relu(), Var.constant(z0), Var.constant(eps)).tangent().value();
        double h = 1e-6;
        Tensor plus = c.apply(p, x, Var.constant(shift(z0, eps, h))).relu().value();
        Tensor minus = c.apply(p, x, Var.constant(shift(z0, eps, -h))).relu().value();
        Tensor fd = Var.constant(plus).sub(Var.constant(minus)).mul(1 / (2 * h)).value();
        assertTrue(t.allClose(fd, 1e-5, 1e-6), "max diff " + t.maxAbsDiff(fd));
    }

    @Test
    void tangentsAtTheLinearizationPointMatchCentralDifferences() {
        // z = 0 takes the layers' shortcut (only the response tangent is built): check it against the exact
        // network along z = ±h·ε, through conv, ReLU, max-pool and linear layers
        Rng r = new Rng(6);
        StructuredConv2d c = new StructuredConv2d("c", 2, 3, 3, 1, 1, H);
        StructuredLinear l = new StructuredLinear("l", 3 * 2 * 2, 4, H);
        Map<String, Tensor> init = new LinkedHashMap<>(active(c.init(r), r));
        init.putAll(active(l.init(r), r));
        Params p = Params.constants(init);
        Var x = Var.constant(Tensor.normal(r, 0, 1, B, 2, 4, 4));
        java.util.function.Function<Var, Var> net = z -> l.apply(p, c.apply(p, x, z).relu().maxPool2d(2, 2).reshape(B, -1), z).tanh();
        Tensor eps = Tensor.normal(r, 0, 1, B, H);
        Tensor t = Jvp.of(net, Var.constant(Tensor.zeros(B, H)), Var.constant(eps)).tangent().value();
        double h = 1e-6;
        Tensor plus = net.apply(Var.constant(shift(Tensor.zeros(B, H), eps, h))).value();
        Tensor minus = net.apply(Var.constant(shift(Tensor.zeros(B, H), eps, -h))).value();
        Tensor fd = Var.constant(plus).sub(Var.constant(minus)).mul(1 / (2 * h)).value();
        assertTrue(t.allClose(fd, 1e-5, 1e-7), "max diff " + t.maxAbsDiff(fd));
        // and the linearized loss is differentiable in Θ and the input at that point (reverse-over-forward)
        GradCheck.checkVjp("linearized structured layer",
                v -> Jvp.of(z -> l.apply(Params.constants(init).with("l.U", v[0]).with("l.W_r", v[1]), v[2], z),
                        Var.constant(Tensor.zeros(B, H)), Var.constant(eps)).tangent(),
                new Tensor[] {init.get("l.U"), init.get("l.W_r"), Tensor.normal(r, 0, 1, B, 12)}, r, false);
    }

    @Test
    void layersPassOrderTwoGradientChecksInAllInputs() {
        Rng r = new Rng(4);
        StructuredLinear l = new StructuredLinear("s", 3, 2, H);
        Map<String, Tensor> init = active(l.init(r), r);
        List<String> names = List.copyOf(init.keySet());
        Tensor[] xs = new Tensor[names.size() + 2];
        for (int i = 0; i < names.size(); i++) {
            xs[i] = init.get(names.get(i));
        }
        xs[names.size()] = Tensor.normal(r, 0, 1, B, 3);
        xs[names.size() + 1] = Tensor.normal(r, 0, 1, B, H);
        GradCheck.check(v -> {
            Params p = Params.constants(Map.of());
            for (int i = 0; i < names.size(); i++) {
                p = p.with(names.get(i), v[i]);
            }
            return l.apply(p, v[names.size()], v[names.size() + 1]).tanh();
        }, xs, 2, r);

        StructuredConv2d c = new StructuredConv2d("c", 2, 2, 2, 1, 0, H);
        Map<String, Tensor> cinit = active(c.init(r), r);
        List<String> cn = List.copyOf(cinit.keySet());
        Tensor[] cs = new Tensor[cn.size() + 2];
        for (int i = 0; i < cn.size(); i++) {
            cs[i] = cinit.get(cn.get(i));
        }
        cs[cn.size()] = Tensor.normal(r, 0, 1, 2, 2, 3, 3);
        cs[cn.size() + 1] = Tensor.normal(r, 0, 1, 2, H);
        GradCheck.check(v -> {
            Params p = Params.constants(Map.of());
            for (int i = 0; i < cn.size(); i++) {
                p = p.with(cn.get(i), v[i]);
            }
            return c.apply(p, v[cn.size()], v[cn.size() + 1]).tanh();
        }, cs, 2, r);
    }

    @Test
    void effectiveWeightMatchesTheLayer() {
        // with z the same for every example, the layer equals x·(W_g + diag(Uz)W_r)ᵀ + b_g + (Vz)⊙b_r
        Rng r = new Rng(5);
        StructuredLinear l = new StructuredLinear("s", 4, 3, H);
        Params p = Params.constants(active(l.init(r), r));
        Tensor z1 = Tensor.normal(r, 0, 1, H);
        Tensor zb = Var.constant(z1).reshape(1, H).broadcastTo(B, H).value();
        Var x = Var.constant(Tensor.normal(r, 0, 1, B, 4));
        Tensor y = l.apply(p, x, Var.constant(zb)).value();
        Var w = l.effectiveWeight(p, Var.constant(z1));
        Var bias = p.get("s.b_g").add(p.get("s.V").matmul(Var.constant(z1).reshape(H, 1)).reshape(3).mul(p.get("s.b_r")));
        assertTrue(y.allClose(x.matmul(w, false, true).add(bias).value(), 1e-13, 1e-13));
    }

    @Test
    void badShapesAreRejected() {
        StructuredLinear l = new StructuredLinear("s", 4, 3, H);
        Params p = Params.constants(l.init(new Rng(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.apply(p, Var.constant(Tensor.ones(2, 4)), Var.constant(Tensor.ones(2, 5))));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("[2, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StructuredLinear("s", 0, 3, H));
    }

    static Tensor shift(Tensor x, Tensor d, double h) {
        return Var.constant(x).add(Var.constant(d).mul(h)).value();
    }
}
