package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link Grad#valuesInto}: bit-identical to {@link Grad#values}, into reused caller-owned buffers. */
class GradIntoTest {
    static final int[] LABELS = {0, 2, 1, 1, 2, 0, 0, 1};

    /** A 2-layer MLP as nn.Linear builds it ({@code x·Wᵀ + b}), cross-entropy loss. */
    static Var mlp(Var[] p, Tensor x) {
        Var h = Var.constant(x).matmul(p[0], false, true).add(p[1]).relu();
        Var y = h.matmul(p[2], false, true).add(p[3]);
        int[] index = new int[LABELS.length];
        for (int b = 0; b < index.length; b++) {
            index[b] = b * 3 + LABELS[b];
        }
        return y.logSoftmax(1).gather(index, LABELS.length).sum().neg().mul(1.0 / LABELS.length);
    }

    static Tensor[] mlpParams(Rng r, DType d) {
        return new Tensor[] {Tensor.normal(r, d, 0, 1, 6, 5), Tensor.normal(r, d, 0, 1, 6),
            Tensor.normal(r, d, 0, 1, 3, 6), Tensor.normal(r, d, 0, 1, 3)};
    }

    static Var[] params(Tensor[] t) {
        Var[] v = new Var[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = Var.param(t[i]);
        }
        return v;
    }

    static Tensor[] garbage(Tensor[] like) {
        Tensor[] out = new Tensor[like.length];
        for (int i = 0; i < like.length; i++) {
            out[i] = Tensor.full(like[i].dtype(), Double.NaN, like[i].shape());
        }
        return out;
    }

    static void assertBitsEqual(Tensor want, Tensor got, String what) {
        assertEquals(want.dtype(), got.dtype(), what);
        assertArrayEquals(want.shape(), got.shape(), what);
        if (want.dtype() == DType.FLOAT32) {
            assertArrayEquals(want.floatData(), got.floatData(), what);
        } else {
            assertArrayEquals(want.data(), got.data(), what);
        }
    }

    /** Runs {@code f} on params(ps), values vs valuesInto on the same graph, for several steps reusing buffers. */
    static void checkSteps(Function<Var[], Var> f, Tensor[] ps, int steps) {
        Tensor[] bufs = garbage(ps);
        for (int step = 0; step < steps; step++) {
            Var[] p = params(ps);
            Var loss = f.apply(p);
            Tensor[] want = Grad.values(loss, p);
            Grad.valuesInto(loss, Arrays.asList(p), false, bufs);
            for (int i = 0; i < ps.length; i++) {
                assertBitsEqual(want[i], bufs[i], "step " + step + ", gradient " + i);
            }
            // the buffers' contents must not depend on what they held: a fresh graph into the same buffers
            Var[] q = params(ps);
            Grad.valuesInto(f.apply(q), Arrays.asList(q), false, bufs);
            for (int i = 0; i < ps.length; i++) {
                assertBitsEqual(want[i], bufs[i], "step " + step + " again, gradient " + i);
            }
            for (int i = 0; i < ps.length; i++) {
                ps[i] = io.github.deltastn.core.Elementwise.sub(ps[i],
                        io.github.deltastn.core.Elementwise.mulScalar(want[i], 0.1));
            }
        }
    }

    @Test
    void mlpBitIdenticalAndBuffersReused() {
        for (DType d : DType.values()) {
            Rng r = new Rng(1);
            Tensor x = Tensor.normal(r, d, 0, 1, 8, 5);
            checkSteps(p -> mlp(p, x), mlpParams(r, d), 3);
        }
    }

    @Test
    void everyMatmulLayout() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Rng r = new Rng(2);
                Tensor a = Tensor.normal(r, 0, 1, ta ? new int[] {4, 3} : new int[] {3, 4});
                Tensor b = Tensor.normal(r, 0, 1, tb ? new int[] {5, 4} : new int[] {4, 5});
                checkSteps(p -> p[0].matmul(p[1], ta, tb).tanh().sum(), new Tensor[] {a, b}, 1);
            }
        }
    }

    @Test
    void convNetBitIdentical() {
        for (DType d : DType.values()) {
            Rng r = new Rng(3);
            Tensor x = Tensor.normal(r, d, 0, 1, 3, 2, 8, 8);
            Tensor[] ps = {Tensor.normal(r, d, 0, 1, 4, 2, 3, 3), Tensor.normal(r, d, 0, 1, 4),
                Tensor.normal(r, d, 0, 1, 5, 64), Tensor.normal(r, d, 0, 1, 5)};
            checkSteps(p -> Var.constant(x).conv2d(p[0], p[1], 1, 1, 1).relu().maxPool2d(2, 2).reshape(3, 64)
                    .matmul(p[2], false, true).add(p[3]).square().mean(), ps, 2);
        }
    }

    @Test
    void sharedLeafAndIntermediateFallBackToCopies() {
        Rng r = new Rng(4);
        Tensor w = Tensor.normal(r, 0, 1, 3, 3);
        Tensor v = Tensor.normal(r, 0, 1, 3);
        // w used twice (matmul and square), v used through a broadcast
        checkSteps(p -> p[0].matmul(p[0]).add(p[1]).sum().add(p[0].square().sum()), new Tensor[] {w, v}, 2);
        // a gradient with respect to an intermediate value, and the same leaf listed twice
        Var a = Var.param(w);
        Var h = a.tanh();
        Var loss = h.matmul(a).sum();
        Tensor[] want = Grad.values(loss, a, h, a);
        Tensor[] bufs = garbage(new Tensor[] {w, w, w});
        Grad.valuesInto(loss, List.of(a, h, a), false, bufs);
        for (int i = 0; i < 3; i++) {
            assertBitsEqual(want[i], bufs[i], "wrt " + i);
        }
    }

    @Test
    void unusedInputsGetZerosOrTheError() {
        Var a = Var.param(Tensor.ones(2, 2));
        Var b = Var.param(Tensor.ones(3));
        Var loss = a.matmul(a).sum();
        Tensor[] bufs = garbage(new Tensor[] {a.value(), b.value()});
        Grad.valuesInto(loss, List.of(a, b), true, bufs);
        assertBitsEqual(Tensor.zeros(3), bufs[1], "unused");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grad.valuesInto(loss, List.of(a, b), false, bufs));
        assertTrue(e.getMessage().contains("does not depend on wrt[1]"), e.getMessage());
    }

    @Test
    void namedForm() {
        Rng r = new Rng(5);
        Tensor x = Tensor.normal(r, 0, 1, 8, 5);
        Tensor[] ps = mlpParams(r, DType.FLOAT64);
        Var[] p = params(ps);
        Map<String, Var> named = new LinkedHashMap<>();
        Map<String, Tensor> bufs = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"));
        for (int i = 0; i < 4; i++) {
            named.put(names.get(i), p[i]);
            bufs.put(names.get(i), Tensor.zeros(ps[i].shape()));
        }
        Var loss = mlp(p, x);
        Map<String, Tensor> want = Grad.values(loss, named, false);
        Grad.valuesInto(loss, named, false, bufs);
        for (String n : names) {
            assertBitsEqual(want.get(n), bufs.get(n), n);
        }
        bufs.remove("fc2.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grad.valuesInto(loss, named, false, bufs));
        assertTrue(e.getMessage().contains("no output buffer for wrt['fc2.bias']"), e.getMessage());
    }

    @Test
    void badBuffersAreRejected() {
        Var a = Var.param(Tensor.ones(2, 3));
        Var loss = a.square().sum();
        List<Var> wrt = List.of(a);
        assertMessage("buffer 0 is float64 [3, 2], expected float64 [2, 3]",
                () -> Grad.valuesInto(loss, wrt, false, new Tensor[] {Tensor.zeros(3, 2)}));
        assertMessage("buffer 0 is float32 [2, 3], expected float64 [2, 3]",
                () -> Grad.valuesInto(loss, wrt, false, new Tensor[] {Tensor.zeros(DType.FLOAT32, 2, 3)}));
        assertMessage("1 inputs but 2 output buffers",
                () -> Grad.valuesInto(loss, wrt, false, new Tensor[] {Tensor.zeros(2, 3), Tensor.zeros(2, 3)}));
        assertMessage("own value", () -> Grad.valuesInto(loss, wrt, false, new Tensor[] {a.value()}));
        Tensor buf = Tensor.zeros(2, 3);
        assertMessage("passed twice", () -> Grad.valuesInto(loss, List.of(a, a), false, new Tensor[] {buf, buf}));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith("Grad.valuesInto") && e.getMessage().contains(part), e.getMessage());
    }

    /** y = 2x with a counting vjpInto: the leaf path is taken, and the allocating rule is not run for it. */
    static final class Twice extends LinearPrimitive {
        int intoCalls;
        int ruleCalls;

        @Override
        public String name() {
            return "twice";
        }

        @Override
        public Tensor forward(Tensor... xs) {
            return io.github.deltastn.core.Elementwise.mulScalar(xs[0], 2.0);
        }

        @Override
        protected Var[] transpose(Var gy, Var[] xs) {
            ruleCalls++;
            return new Var[] {gy.mul(2.0)};
        }

        @Override
        protected boolean vjpInto(Tensor gy, Tensor[] xs, Tensor y, int i, Tensor out) {
            intoCalls++;
            io.github.deltastn.core.Elementwise.mulScalar(gy, 2.0).copyTo(out);
            return true;
        }
    }

    @Test
    void leafPathSkipsTheRule() {
        Twice t = new Twice();
        Var a = Var.param(Tensor.arange(4));
        Var loss = Var.apply(t, a).square().sum();
        Tensor buf = Tensor.zeros(4);
        Grad.valuesInto(loss, List.of(a), false, new Tensor[] {buf});
        assertEquals(1, t.intoCalls);
        assertEquals(0, t.ruleCalls);
        assertBitsEqual(Grad.values(loss, a)[0], buf, "twice");
        assertEquals(1, t.ruleCalls);
    }
}
