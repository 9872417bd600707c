package io.github.deltastn.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Optimizers on float32 parameters: state in float32, close to the float64 steps, in-place bit-identical. */
class OptimizerDTypeTest {
    private static final DType F32 = DType.FLOAT32;

    private static Map<String, Tensor> params(DType d) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("w", Tensor.normal(new Rng(1), d, 0, 1, 7, 5));
        p.put("b", Tensor.normal(new Rng(2), d, 0, 1, 5));
        return p;
    }

    private static Map<String, Tensor> grads(DType d, int step) {
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("w", Tensor.normal(new Rng(10 + step), d, 0, 1, 7, 5));
        g.put("b", Tensor.normal(new Rng(20 + step), d, 0, 1, 5));
        return g;
    }

    private static List<Supplier<Optimizer>> optimizers() {
        return List.of(() -> new Sgd(0.1), () -> new Sgd(0.1, 0.9).setWeightDecay(1e-3, Optimizer.namesEndingWith("b")),
                () -> new Adam(0.01), () -> new Adam(0.01).setWeightDecay(5e-4, n -> false), () -> new RmsProp(0.01));
    }

    @Test
    void float32StepsFollowTheFloat64StepsAndKeepFloat32State() {
        for (Supplier<Optimizer> make : optimizers()) {
            Optimizer o64 = make.get();
            Optimizer o32 = make.get();
            Map<String, Tensor> p64 = params(DType.FLOAT64);
            Map<String, Tensor> p32 = params(F32);
            for (int step = 0; step < 20; step++) {
                p64 = o64.step(p64, grads(DType.FLOAT64, step));
                p32 = o32.step(p32, grads(F32, step));
            }
            for (String n : p64.keySet()) {
                assertEquals(F32, p32.get(n).dtype());
                double diff = p32.get(n).to(DType.FLOAT64).maxAbsDiff(p64.get(n));
                assertTrue(diff < 2e-5, o32 + " " + n + ": |float32 − float64| = " + diff);
            }
            for (Tensor s : o32.state().tensors().values()) {
                assertEquals(F32, s.dtype(), o32.toString());
            }
        }
    }

    @Test
    void float32InPlaceStepEqualsTheFunctionalStepBitForBit() {
        for (Supplier<Optimizer> make : optimizers()) {
            Optimizer a = make.get();
            Optimizer b = make.get();
            Map<String, Tensor> pa = params(F32);
            Map<String, Tensor> pb = new LinkedHashMap<>();
            params(F32).forEach((k, v) -> pb.put(k, v.copy()));
            for (int step = 0; step < 5; step++) {
                pa = a.step(pa, grads(F32, step));
                b.stepInPlace(pb, grads(F32, step));
            }
            assertEquals(pa, pb, a.toString());
        }
    }

    @Test
    void mismatchedDtypesAreClearErrors() {
        Adam a = new Adam(0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.step(params(F32), grads(DType.FLOAT64, 0)));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("float32") && e.getMessage().contains("float64"),
                e.getMessage());
        Adam f64 = new Adam(0.01);
        f64.step(params(DType.FLOAT64), grads(DType.FLOAT64, 0));
        Adam restored = new Adam(0.01);
        restored.loadState(f64.state());
        e = assertThrows(IllegalArgumentException.class, () -> restored.step(params(F32), grads(F32, 1)));
        assertTrue(e.getMessage().contains("exp_avg") && e.getMessage().contains("another dtype"), e.getMessage());
    }
}
