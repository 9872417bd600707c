package io.github.deltastn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Params#grad} and {@link Params#ofVars}. */
class ParamsTest {

    static final Module NET = Layers.sequential(new Linear("fc1", 3, 4), Layers.tanh(), new Linear("fc2", 4, 2));

    static double loss(Map<String, Tensor> params, Tensor x) {
        return NET.apply(Params.constants(params), Var.constant(x)).square().sum().item();
    }

    @Test
    void gradByNameMatchesGradValuesAndFiniteDifferences() {
        Rng r = new Rng(1);
        Map<String, Tensor> init = NET.init(r);
        Tensor x = Tensor.normal(r, 0, 1, 5, 3);
        Params p = Params.of(init);
        Var loss = NET.apply(p, Var.constant(x)).square().sum();
        Map<String, Tensor> g = p.grad(loss);
        assertEquals(p.names(), List.copyOf(g.keySet()));
        Tensor[] positional = Grad.values(loss, p.vars(p.names()).toArray(new Var[0]));
        for (int i = 0; i < positional.length; i++) {
            assertEquals(positional[i], g.get(p.names().get(i)));
        }
        double h = 1e-6;
        for (String name : p.names()) {
            double[] d = init.get(name).data();
            for (int j = 0; j < d.length; j++) {
                Map<String, Tensor> plus = new LinkedHashMap<>(init);
                Map<String, Tensor> minus = new LinkedHashMap<>(init);
                plus.put(name, init.get(name).with(d[j] + h, unravel(init.get(name).shape(), j)));
                minus.put(name, init.get(name).with(d[j] - h, unravel(init.get(name).shape(), j)));
                double fd = (loss(plus, x) - loss(minus, x)) / (2 * h);
                assertEquals(fd, g.get(name).data()[j], 1e-6 * Math.max(1, Math.abs(fd)), name + "[" + j + "]");
            }
        }
    }

    static int[] unravel(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    @Test
    void gradSkipsConstantsAndNamesUnusedEntries() {
        Rng r = new Rng(2);
        Map<String, Tensor> init = NET.init(r);
        Tensor x = Tensor.normal(r, 0, 1, 2, 3);
        Params p = Params.of(init, n -> n.startsWith("fc2"));
        Var loss = NET.apply(p, Var.constant(x)).sum();
        assertEquals(List.of("fc2.weight", "fc2.bias"), List.copyOf(p.grad(loss).keySet()));
        Params extra = p.with("unused", Var.param(Tensor.ones(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> extra.grad(loss));
        assertTrue(e.getMessage().contains("'unused'") && e.getMessage().contains("allowUnused"), e.getMessage());
        Map<String, Tensor> g = extra.grad(loss, true);
        assertEquals(Tensor.zeros(2), g.get("unused"));
        assertEquals(p.grad(loss).get("fc2.bias"), g.get("fc2.bias"));
    }

    @Test
    void ofVarsUsesTheCallersVarsSoGradientsFlowToThem() {
        Rng r = new Rng(3);
        Map<String, Var> held = new LinkedHashMap<>();
        NET.init(r).forEach((k, v) -> held.put(k, Var.param(v)));
        Params p = Params.ofVars(held);
        assertEquals(List.copyOf(held.keySet()), p.names());
        for (String n : p.names()) {
            assertTrue(p.get(n) == held.get(n), n);
        }
        Tensor x = Tensor.normal(r, 0, 1, 4, 3);
        Var loss = NET.apply(p, Var.constant(x)).square().mean();
        Var w = held.get("fc1.weight");
        Tensor direct = Grad.values(loss, w)[0];
        assertEquals(direct, p.grad(loss).get("fc1.weight"));
        // and the same as a fresh Params over the same values
        Params fresh = Params.of(p.tensors());
        Tensor viaFresh = fresh.grad(NET.apply(fresh, Var.constant(x)).square().mean()).get("fc1.weight");
        assertEquals(viaFresh, direct);
        Map<String, Var> bad = new LinkedHashMap<>();
        bad.put("w", null);
        assertThrows(IllegalArgumentException.class, () -> Params.ofVars(bad));
    }
}
