package io.github.deltastn.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Update rules against values computed by hand (the arithmetic is written out next to each number). */
class OptimizerTest {
    private static final double TOL = 1e-12;

    private static Map<String, Tensor> map(Object... kv) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], Tensor.of((double[]) kv[i + 1]));
        }
        return m;
    }

    private static double[] v(double... x) {
        return x;
    }

    private static void assertValues(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.data(), TOL);
    }

    @Test
    void sgdMomentumFollowsPyTorch() {
        Sgd opt = new Sgd(0.1, 0.9);
        Map<String, Tensor> p = map("w", v(1.0, -2.0), "b", v(3.0));
        // step 1: buf = g = (0.5, 1.0) and 1;  w = (1 - 0.1*0.5, -2 - 0.1*1) = (0.95, -2.1);  b = 3 - 0.1 = 2.9
        p = opt.step(p, map("w", v(0.5, 1.0), "b", v(1.0)));
        assertValues(v(0.95, -2.1), p.get("w"));
        assertValues(v(2.9), p.get("b"));
        // step 2: buf = 0.9*(0.5, 1.0) + (0.25, 0) = (0.7, 0.9), w = (0.95 - 0.07, -2.1 - 0.09) = (0.88, -2.19)
        //         buf_b = 0.9*1 + 1 = 1.9, b = 2.9 - 0.19 = 2.71
        p = opt.step(p, map("w", v(0.25, 0.0), "b", v(1.0)));
        assertValues(v(0.88, -2.19), p.get("w"));
        assertValues(v(2.71), p.get("b"));
        // step 3: buf = 0.9*(0.7, 0.9) + (-1, 2) = (-0.37, 2.81), w = (0.88 + 0.037, -2.19 - 0.281) = (0.917, -2.471)
        //         buf_b = 0.9*1.9 + 1 = 2.71, b = 2.71 - 0.271 = 2.439
        p = opt.step(p, map("w", v(-1.0, 2.0), "b", v(1.0)));
        assertValues(v(0.917, -2.471), p.get("w"));
        assertValues(v(2.439), p.get("b"));
        assertEquals(3, opt.steps());
        assertValues(v(-0.37, 2.81), opt.state().tensors().get("momentum_buffer/w"));
    }

    @Test
    void plainSgdHasNoState() {
        Sgd opt = new Sgd(0.5);
        // w = 2 - 0.5*1 = 1.5
        assertValues(v(1.5), opt.step(map("w", v(2.0)), map("w", v(1.0))).get("w"));
        assertTrue(opt.state().tensors().isEmpty());
    }

    @Test
    void weightDecayIsCoupledAndCanExcludeNames() {
        Optimizer opt = new Sgd(0.5).setWeightDecay(0.1, Optimizer.namesEndingWith("bias"));
        Map<String, Tensor> p = opt.step(map("fc.weight", v(2.0), "fc.bias", v(2.0)),
                map("fc.weight", v(1.0), "fc.bias", v(1.0)));
        // weight: g = 1 + 0.1*2 = 1.2, w = 2 - 0.5*1.2 = 1.4; bias: no decay, b = 2 - 0.5*1 = 1.5
        assertValues(v(1.4), p.get("fc.weight"));
        assertValues(v(1.5), p.get("fc.bias"));
    }

    @Test
    void rmspropFollowsPyTorch() {
        RmsProp opt = new RmsProp(0.01);
        Map<String, Tensor> p = map("w", v(1.0));
        // step 1: v = 0.99*0 + 0.01*2^2 = 0.04; w = 1 - 0.01*2/(sqrt(0.04) + 1e-8) = 1 - 0.02/0.20000001
        p = opt.step(p, map("w", v(2.0)));
        double w1 = 1 - 0.02 / 0.20000001;
        assertValues(v(w1), p.get("w"));
        // step 2: v = 0.99*0.04 + 0.01*1^2 = 0.0496; w = w1 - 0.01*1/(sqrt(0.0496) + 1e-8)
        p = opt.step(p, map("w", v(1.0)));
        double w2 = w1 - 0.01 / (Math.sqrt(0.0496) + 1e-8);
        assertValues(v(w2), p.get("w"));
        // step 3: v = 0.99*0.0496 + 0.01*(-3)^2 = 0.049104 + 0.09 = 0.139104; w = w2 + 0.03/(sqrt(0.139104) + 1e-8)
        p = opt.step(p, map("w", v(-3.0)));
        assertValues(v(w2 + 0.03 / (Math.sqrt(0.139104) + 1e-8)), p.get("w"));
        assertValues(v(0.139104), opt.state().tensors().get("square_avg/w"));
    }

    @Test
    void adamFollowsPyTorchWithBiasCorrection() {
        Adam opt = new Adam(0.1);
        Map<String, Tensor> p = map("w", v(1.0));
        // t=1: m = 0.1*0.5 = 0.05, v = 0.001*0.25 = 0.00025; m_hat = 0.05/(1-0.9) = 0.5,
        //      sqrt(v_hat) = sqrt(0.00025/(1-0.999)) = sqrt(0.25) = 0.5; w = 1 - 0.1*0.5/(0.5 + 1e-8)
        p = opt.step(p, map("w", v(0.5)));
        double w1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
        assertValues(v(w1), p.get("w"));
        // t=2: m = 0.9*0.05 + 0.05 = 0.095, v = 0.999*0.00025 + 0.00025 = 0.00049975;
        //      m_hat = 0.095/(1-0.81) = 0.5, v_hat = 0.00049975/(1-0.998001) = 0.25
        p = opt.step(p, map("w", v(0.5)));
        double w2 = w1 - 0.1 * 0.5 / (0.5 + 1e-8);
        assertValues(v(w2), p.get("w"));
        // t=3: m = 0.9*0.095 - 0.05 = 0.0355, v = 0.999*0.00049975 + 0.00025 = 0.00074925025;
        //      m_hat = 0.0355/(1-0.729) = 0.0355/0.271, v_hat = 0.00074925025/(1-0.997002999) = 0.25
        p = opt.step(p, map("w", v(-0.5)));
        assertValues(v(w2 - 0.1 * (0.0355 / 0.271) / (0.5 + 1e-8)), p.get("w"));
        assertValues(v(0.0355), opt.state().tensors().get("exp_avg/w"));
        assertValues(v(0.00074925025), opt.state().tensors().get("exp_avg_sq/w"));
    }

    @Test
    void adamWeightDecayAddsToTheGradient() {
        Optimizer opt = new Adam(0.1).setWeightDecay(0.5, n -> false);
        // g = 0 + 0.5*1 = 0.5: the same first step as above
        assertValues(v(1 - 0.1 * 0.5 / (0.5 + 1e-8)), opt.step(map("w", v(1.0)), map("w", v(0.0))).get("w"));
    }

    @Test
    void stepReturnsNewTensorsAndNeverMutatesItsInputs() {
        for (Optimizer opt : List.of(new Sgd(0.1, 0.9), new RmsProp(0.1), new Adam(0.1))) {
            Map<String, Tensor> p = map("w", v(1.0, 2.0));
            Map<String, Tensor> g = map("w", v(0.5, -0.5));
            Map<String, Tensor> q = opt.step(p, g);
            assertNotSame(p.get("w"), q.get("w"));
            assertValues(v(1.0, 2.0), p.get("w"));
            assertValues(v(0.5, -0.5), g.get("w"));
            Tensor state = opt.state().tensors().values().iterator().next();
            opt.step(q, g);
            assertNotSame(state, opt.state().tensors().values().iterator().next());
        }
    }

    @Test
    void missingExtraOrMisshapedGradientsNameTheParameter() {
        Sgd opt = new Sgd(0.1, 0.9);
        Map<String, Tensor> p = map("layer1.weight", v(1.0, 2.0), "layer1.bias", v(0.0));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> opt.step(p, map("layer1.weight", v(1.0, 1.0))));
        assertTrue(missing.getMessage().contains("no gradient for parameter 'layer1.bias'"), missing.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> opt.step(p, map("layer1.weight", v(1.0, 1.0, 1.0), "layer1.bias", v(0.0))));
        assertTrue(shape.getMessage().contains("'layer1.weight'") && shape.getMessage().contains("[3]")
                && shape.getMessage().contains("[2]"), shape.getMessage());
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> opt.step(p, map("layer1.weight", v(1.0, 1.0), "layer1.bias", v(0.0), "layer2.bias", v(0.0))));
        assertTrue(extra.getMessage().contains("'layer2.bias'"), extra.getMessage());
        assertEquals(0, opt.steps());
        assertTrue(opt.state().tensors().isEmpty());
    }

    @Test
    void exportedStateContinuesBitExactly() {
        List<Supplier<Optimizer>> kinds = List.of(() -> new Sgd(0.1, 0.9), () -> new RmsProp(0.05), () -> new Adam(0.02));
        for (Supplier<Optimizer> kind : kinds) {
            Optimizer a = kind.get();
            Map<String, Tensor> p = map("w", v(1.0, -1.0), "b", v(0.5));
            p = a.step(p, map("w", v(0.3, -0.7), "b", v(0.1)));
            p = a.step(p, map("w", v(-0.2, 0.4), "b", v(0.9)));
            a.setLr(a.lr() / 2);
            Optimizer b = kind.get();
            b.loadState(a.state());
            assertEquals(a.lr(), b.lr());
            assertEquals(2, b.steps());
            Map<String, Tensor> g = map("w", v(0.6, 0.6), "b", v(-0.3));
            Map<String, Tensor> pa = a.step(p, g);
            Map<String, Tensor> pb = b.step(p, g);
            assertEquals(pa, pb);
        }
    }

    @Test
    void restoredStateOfTheWrongShapeOrKindIsReported() {
        Sgd a = new Sgd(0.1, 0.9);
        a.step(map("w", v(1.0, 2.0)), map("w", v(1.0, 1.0)));
        Sgd b = new Sgd(0.1, 0.9);
        b.loadState(a.state());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.step(map("w", v(1.0, 2.0, 3.0)), map("w", v(1.0, 1.0, 1.0))));
        assertTrue(e.getMessage().contains("momentum_buffer") && e.getMessage().contains("'w'"), e.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).loadState(a.state()));
        assertTrue(kind.getMessage().contains("momentum_buffer/w"), kind.getMessage());
    }

    @Test
    void invalidHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.1, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).setLr(Double.NaN));
    }
}
