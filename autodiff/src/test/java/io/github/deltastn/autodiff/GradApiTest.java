package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The overloads of {@link Grad}: {@code of} and {@code values} take the same arguments and agree. */
class GradApiTest {

    static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void allowUnusedBehavesTheSameInOfAndValues() {
        Var x = Var.param(Tensor.of(new double[] {1, 2}));
        Var unused = Var.param(Tensor.ones(3));
        Var cut = Var.param(Tensor.ones(2));
        Var loss = x.square().sum().add(cut.stopGradient().sum());
        for (Var w : new Var[] {unused, cut}) {
            // without allowUnused: the same error, naming the input and the reason
            String a = message(() -> Grad.of(loss, x, w));
            assertEquals(a, message(() -> Grad.values(loss, x, w)));
            assertEquals(a, message(() -> Grad.of(loss, List.of(x, w), false)));
            assertEquals(a, message(() -> Grad.values(loss, List.of(x, w), false)));
            BadInputTest.assertMentions(a, "wrt[1]", "allowUnused");
            // with it: zeros for the unused input, the same gradient for the used one
            Var[] g = Grad.of(loss, List.of(x, w), true);
            Tensor[] v = Grad.values(loss, List.of(x, w), true);
            assertEquals(g[0].value(), v[0]);
            assertEquals(g[1].value(), v[1]);
            assertEquals(Tensor.zeros(w.shape()), v[1]);
            assertEquals(Tensor.of(new double[] {2, 4}), v[0]);
        }
        BadInputTest.assertMentions(message(() -> Grad.values(loss, x, unused)), "does not depend");
        BadInputTest.assertMentions(message(() -> Grad.values(loss, x, cut)), "stopGradient");
    }

    @Test
    void namedGradientsFollowTheMapOrderAndNameTheEntryInErrors() {
        Rng r = new Rng(7);
        Var a = Var.param(Tensor.normal(r, 0, 1, 2, 3));
        Var b = Var.param(Tensor.normal(r, 0, 1, 3));
        Var loss = a.tanh().mul(b).sum();
        Map<String, Var> wrt = new LinkedHashMap<>();
        wrt.put("b", b);
        wrt.put("a", a);
        Map<String, Tensor> named = Grad.values(loss, wrt, false);
        assertEquals(List.of("b", "a"), List.copyOf(named.keySet()));
        Tensor[] positional = Grad.values(loss, b, a);
        assertEquals(positional[0], named.get("b"));
        assertEquals(positional[1], named.get("a"));
        // the Var form is differentiable again: d/da Σ (∂loss/∂b) = Σ_rows (1 − tanh²(a))
        Var gb = Grad.of(loss, wrt, false).get("b");
        Tensor second = Grad.values(gb.sum(), a)[0];
        assertTrue(second.allClose(Var.constant(Tensor.ones(2, 3)).sub(a.tanh().square()).value(), 1e-14, 0));
        wrt.put("unused", Var.param(Tensor.ones(1)));
        BadInputTest.assertMentions(message(() -> Grad.values(loss, wrt, false)), "wrt['unused']", "[1]");
        assertEquals(Tensor.zeros(1), Grad.values(loss, wrt, true).get("unused"));
        wrt.put("constant", Var.constant(Tensor.ones(1)));
        BadInputTest.assertMentions(message(() -> Grad.values(loss, wrt, true)), "wrt['constant']", "Var.param");
    }
}
