package io.github.deltastn.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#stepInPlace} against {@link Optimizer#step}: the same bits, the ownership rules, and the
 * reuse of the state and parameter arrays.
 */
class InPlaceStepTest {
    private static final int STEPS = 6;

    /** The optimizers checked, each with a fresh instance per call. */
    private static List<Supplier<Optimizer>> optimizers() {
        return List.of(
                () -> new Sgd(0.05),
                () -> new Sgd(0.05, 0.9),
                () -> new Sgd(0.05, 0.9).setWeightDecay(5e-4, Optimizer.namesEndingWith("bias")),
                () -> new Adam(1e-3),
                () -> new Adam(1e-2, 0.8, 0.99, 1e-6).setWeightDecay(1e-2, n -> false),
                () -> new RmsProp(1e-2),
                () -> new RmsProp(1e-3, 0.9, 1e-6).setWeightDecay(1e-3, Optimizer.namesEndingWith("bias")));
    }

    private static Map<String, Tensor> params(Rng r) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.normal(r, 0, 1, 7, 5));
        m.put("fc.bias", Tensor.normal(r, 0, 1, 7));
        m.put("scale", Tensor.normal(r, 0, 1));
        return m;
    }

    private static Map<String, Tensor> grads(Rng r, Map<String, Tensor> like) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        like.forEach((k, v) -> m.put(k, Tensor.normal(r, 0, 1, v.shape())));
        return m;
    }

    private static Map<String, Tensor> deepCopy(Map<String, Tensor> m) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.copy()));
        return c;
    }

    /** Exact equality of names, shapes and every bit. */
    private static void assertBitIdentical(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what);
        expected.forEach((k, v) -> {
            Tensor a = actual.get(k);
            assertArrayEquals(v.shape(), a.shape(), what + " " + k);
            for (int i = 0; i < v.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(v.data()[i]), Double.doubleToRawLongBits(a.data()[i]),
                        what + " " + k + "[" + i + "]");
            }
        });
    }

    @Test
    void inPlaceGivesTheBitsOfTheFunctionalStepForEveryOptimizer() {
        for (Supplier<Optimizer> make : optimizers()) {
            Optimizer functional = make.get();
            Optimizer inPlace = make.get();
            Rng r = new Rng(42);
            Map<String, Tensor> p = params(r);
            Map<String, Tensor> q = deepCopy(p);
            for (int s = 0; s < STEPS; s++) {
                Map<String, Tensor> g = grads(r, p);
                if (s == 3) {
                    functional.setLr(functional.lr() * 0.5);
                    inPlace.setLr(inPlace.lr() * 0.5);
                }
                p = functional.step(p, g);
                inPlace.stepInPlace(q, g);
                String what = functional + " step " + (s + 1);
                assertBitIdentical(p, q, what + " params");
                assertBitIdentical(functional.state().tensors(), inPlace.state().tensors(), what + " state");
                assertEquals(functional.steps(), inPlace.steps(), what);
            }
        }
    }

    @Test
    void mixingBothPathsAndRestoringStateStaysBitIdentical() {
        for (Supplier<Optimizer> make : optimizers()) {
            Optimizer reference = make.get();
            Optimizer mixed = make.get();
            Rng r = new Rng(7);
            Map<String, Tensor> p = params(r);
            Map<String, Tensor> q = deepCopy(p);
            for (int s = 0; s < STEPS; s++) {
                Map<String, Tensor> g = grads(r, p);
                p = reference.step(p, g);
                if (s % 2 == 0) {
                    q = mixed.step(q, g);
                } else {
                    mixed.stepInPlace(q, g);
                }
                if (s == 2) {
                    // a checkpoint round trip in the middle, into a fresh optimizer
                    Optimizer restored = make.get();
                    restored.loadState(mixed.state());
                    mixed = restored;
                }
            }
            assertBitIdentical(p, q, reference + " params");
            assertBitIdentical(reference.state().tensors(), mixed.state().tensors(), reference + " state");
        }
    }

    @Test
    void theFunctionalStepNeverModifiesItsInputsOrExportedState() {
        for (Supplier<Optimizer> make : optimizers()) {
            Optimizer opt = make.get();
            Rng r = new Rng(3);
            Map<String, Tensor> p = params(r);
            OptimizerState loaded = null;
            for (int s = 0; s < STEPS; s++) {
                Map<String, Tensor> g = grads(r, p);
                Map<String, Tensor> pBefore = deepCopy(p);
                Map<String, Tensor> gBefore = deepCopy(g);
                OptimizerState exported = opt.state();
                Map<String, Tensor> stateBefore = deepCopy(exported.tensors());
                if (s == 2) {
                    loaded = exported;
                    opt.loadState(loaded);
                }
                Map<String, Tensor> next = opt.step(p, g);
                assertBitIdentical(pBefore, p, opt + " params");
                assertBitIdentical(gBefore, g, opt + " grads");
                assertBitIdentical(stateBefore, exported.tensors(), opt + " exported or loaded state");
                for (String k : p.keySet()) {
                    assertNotSame(p.get(k).data(), next.get(k).data(), k);
                }
                p = next;
            }
        }
    }

    @Test
    void inPlaceReusesTheParameterAndStateArraysAndLeavesTheGradientsAlone() {
        for (Supplier<Optimizer> make : optimizers()) {
            Optimizer opt = make.get();
            Rng r = new Rng(5);
            Map<String, Tensor> p = params(r);
            Map<String, double[]> arrays = new LinkedHashMap<>();
            p.forEach((k, v) -> arrays.put(k, v.data()));
            opt.stepInPlace(p, grads(r, p));
            Map<String, double[]> slots = new LinkedHashMap<>();
            opt.slotArrays().forEach(slots::put);
            for (int s = 1; s < STEPS; s++) {
                Map<String, Tensor> g = grads(r, p);
                Map<String, Tensor> gBefore = deepCopy(g);
                if (s % 2 == 0) {
                    p = opt.step(p, g); // the functional step also updates the state in place
                    arrays.clear();
                    p.forEach((k, v) -> arrays.put(k, v.data()));
                } else {
                    opt.stepInPlace(p, g);
                }
                assertBitIdentical(gBefore, g, opt + " grads");
                p.forEach((k, v) -> assertSame(arrays.get(k), v.data(), k));
                Map<String, double[]> now = opt.slotArrays();
                assertEquals(slots.keySet(), now.keySet());
                slots.forEach((k, v) -> assertSame(v, now.get(k), opt + " slot " + k));
                // exported state is a copy of the live arrays
                opt.state().tensors().forEach((k, v) -> assertNotSame(now.get(k), v.data(), k));
            }
        }
    }

    @Test
    void aliasedArraysAreRejectedBeforeAnythingChanges() {
        Sgd opt = new Sgd(0.1, 0.9);
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Map<String, Tensor> shared = new LinkedHashMap<>();
        shared.put("a", w);
        shared.put("b", w.reshape(4));
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("a", Tensor.ones(2, 2));
        g.put("b", Tensor.ones(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.stepInPlace(shared, g));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'b'"), e.getMessage());

        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("a", w);
        Map<String, Tensor> self = new LinkedHashMap<>();
        self.put("a", w);
        e = assertThrows(IllegalArgumentException.class, () -> opt.stepInPlace(p, self));
        assertTrue(e.getMessage().contains("gradient"), e.getMessage());
        assertArrayEquals(new double[] {1, 2, 3, 4}, w.data());
        assertEquals(0, opt.steps());
        assertTrue(opt.state().tensors().isEmpty());
    }

    /**
     * The heap bytes this thread allocates over steps in steady state, against the parameter size: no array
     * the size of a parameter in place, exactly one (the result) per functional step. Bookkeeping (maps, shape
     * copies) is a few hundred bytes a step, far below the 1/8 of the parameter bytes allowed.
     */
    @Test
    void steadyStateAllocationIsBoundedByTheParameterSize() {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) std;
        assumeTrue(bean.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        bean.setThreadAllocatedMemoryEnabled(true);
        long tid = Thread.currentThread().getId();
        Rng r = new Rng(11);
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("w", Tensor.normal(r, 0, 1, 500, 400));
        p.put("bias", Tensor.normal(r, 0, 1, 400));
        long paramBytes = 8L * (500 * 400 + 400);
        Map<String, Tensor> g = grads(r, p);
        int n = 10;
        for (Supplier<Optimizer> make : optimizers()) {
            Optimizer opt = make.get();
            for (int s = 0; s < 3; s++) { // state and weight-decay scratch allocated here
                opt.stepInPlace(p, g);
            }
            long before = bean.getThreadAllocatedBytes(tid);
            for (int s = 0; s < n; s++) {
                opt.stepInPlace(p, g);
            }
            long inPlace = bean.getThreadAllocatedBytes(tid) - before;
            assertTrue(inPlace < paramBytes / 8, opt + ": " + inPlace + " bytes over " + n + " in-place steps");

            before = bean.getThreadAllocatedBytes(tid);
            for (int s = 0; s < n; s++) {
                p = opt.step(p, g);
            }
            long functional = bean.getThreadAllocatedBytes(tid) - before;
            assertTrue(functional < n * paramBytes + paramBytes / 8,
                    opt + ": " + functional + " bytes over " + n + " functional steps, parameters " + paramBytes);
        }
    }
}
