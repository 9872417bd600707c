package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    @SuppressWarnings("try") // the NoGrad scope is used for its effect only
    void noGradScopeBuildsNoGraph() {
        Var x = Var.param(Tensor.ones(2));
        try (NoGrad scope = NoGrad.enter()) {
            assertFalse(x.exp().requiresGrad());
        }
        assertTrue(x.exp().requiresGrad());
    }

    @Test
    void secondDerivativeByNestedGrad() {
        // f = x³ → f'' = 6x
        Var x = Var.param(Tensor.of(new double[] {0.5, -2.0}));
        Var g = Grad.of(x.square().mul(x).sum(), x)[0];
        Var h = Grad.of(g.sum(), x)[0];
        assertTrue(h.value().allClose(Tensor.of(new double[] {3.0, -12.0}), 1e-14, 0));
    }

    @Test
    void gradientValuesOnlyBuildNoSecondGraph() {
        Var x = Var.param(Tensor.of(new double[] {1.0, 2.0}));
        Tensor[] g = Grad.values(x.square().sum(), x);
        assertTrue(g[0].allClose(Tensor.of(new double[] {2.0, 4.0}), 0, 0));
    }

    @Test
    void sharedSubexpressionsAccumulate() {
        Var x = Var.param(Tensor.of(new double[] {3.0}));
        Var y = x.mul(x).add(x); // dy/dx = 2x + 1
        assertEquals(7.0, Grad.of(y.sum(), x)[0].item(), 0);
    }

    @Test
    void vjpPullbackEqualsTransposedJacobian() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Vjp v = Vjp.of(x -> Var.constant(a).matmul(x[0]), Var.param(Tensor.ones(3, 1)));
        Var[] g = v.pullback(Var.constant(Tensor.of(new double[] {1, -1}, 2, 1)));
        assertTrue(g[0].value().allClose(Tensor.of(new double[] {-3, -3, -3}, 3, 1), 0, 0));
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Var x = Var.param(Tensor.of(new double[] {0.1}));
        Var y = x;
        for (int i = 0; i < 20000; i++) {
            y = y.mul(1.0);
        }
        assertEquals(1.0, Grad.of(y.sum(), x)[0].item(), 0);
    }

    @Test
    void gradientsAreIndependentAcrossThreads() throws Exception {
        Rng r = new Rng(9);
        Tensor w = Tensor.normal(r, 0, 1, 8, 8);
        Function<Tensor, Tensor> grad = x0 -> {
            Var x = Var.param(x0);
            return Grad.of(x.matmul(Var.constant(w)).tanh().sum(), x)[0].value();
        };
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(Tensor.normal(r, 0, 1, 4, 8));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Tensor>> fs = new ArrayList<>();
            for (Tensor in : inputs) {
                fs.add(pool.submit(() -> grad.apply(in)));
            }
            for (int i = 0; i < inputs.size(); i++) {
                assertEquals(grad.apply(inputs.get(i)), fs.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void conv2dGradientsAreBitIdenticalForAnyThreadCount() {
        Rng r = new Rng(21);
        Tensor x = Tensor.normal(r, 0, 1, 19, 3, 9, 9);
        Tensor w = Tensor.normal(r, 0, 1, 4, 3, 3, 3);
        int saved = io.github.deltastn.core.Parallel.threads();
        List<Tensor> results = new ArrayList<>();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                io.github.deltastn.core.Parallel.setThreads(threads);
                Var xv = Var.param(x);
                Var wv = Var.param(w);
                Var y = xv.conv2d(wv, 2, 1, 1);
                Tensor[] g = Grad.values(y.tanh().sum(), xv, wv);
                results.add(Tensor.concat(0, y.value().reshape(-1), g[0].reshape(-1), g[1].reshape(-1)));
            }
        } finally {
            io.github.deltastn.core.Parallel.setThreads(saved);
        }
        assertEquals(results.get(0), results.get(1));
        assertEquals(results.get(0), results.get(2));
    }

    @Test
    void jvpWithAuxLinearizesTheOutputAndPassesTheAuxThrough() {
        Rng r = new Rng(3);
        Var w = Var.param(Tensor.normal(r, 0, 1, 3, 2));
        Var x = Var.constant(Tensor.normal(r, 0, 1, 3));
        Var t = Var.constant(Tensor.normal(r, 0, 1, 3));
        // out = tanh(x·W); aux = the sum of squares of the linearized activations, ‖a(x) + J_a t‖²
        Function<Var, Var> out = v -> v.reshape(1, 3).matmul(w).tanh();
        Jvp.DualAux d = Jvp.withAux(v -> {
            Var a = out.apply(v);
            return new Jvp.HasAux(a, Jvp.linearizedValue(a).square().sum());
        }, x, t);
        Dual plain = Jvp.of(out, x, t);
        assertEquals(0, d.dual().primal().value().maxAbsDiff(plain.primal().value()));
        assertEquals(0, d.dual().tangent().value().maxAbsDiff(plain.tangent().value()));
        assertEquals(null, d.aux().tangent());
        Tensor lin = plain.primal().add(plain.tangent()).value();
        double expected = 0;
        for (double v : lin.data()) {
            expected += v * v;
        }
        assertEquals(expected, d.aux().item(), 1e-12);
        // the aux keeps its graph: its gradient in W matches central differences
        Tensor g = Grad.values(d.aux(), w)[0];
        double h = 1e-6;
        for (int i = 0; i < 6; i++) {
            double[] plus = w.value().data().clone();
            double[] minus = plus.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (auxAt(Tensor.wrap(plus, 3, 2), x, t) - auxAt(Tensor.wrap(minus, 3, 2), x, t)) / (2 * h);
            assertEquals(fd, g.data()[i], 1e-7, "dAux/dW[" + i + "]");
        }
        Var y = Var.constant(Tensor.ones(2));
        assertTrue(Jvp.linearizedValue(y) == y, "outside a JVP a value is its own linearization");
    }

    private static double auxAt(Tensor w, Var x, Var t) {
        Dual d = Jvp.of(v -> v.reshape(1, 3).matmul(Var.constant(w)).tanh(), x, t);
        return d.primal().add(d.tangent()).square().sum().item();
    }

    @Property(tries = 30)
    void jvpIsLinearInTheTangent(@ForAll @IntRange(min = 1, max = 4) int rows,
                                 @ForAll @IntRange(min = 1, max = 4) int cols,
                                 @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        Rng r = new Rng(seed);
        Tensor w = Tensor.normal(r, 0, 1, cols, 3);
        Function<Var, Var> f = x -> x.matmul(Var.constant(w)).sigmoid().mul(x.sum(1).reshape(rows, 1)).logSoftmax(1);
        Var x = Var.param(Tensor.normal(r, 0, 1, rows, cols));
        Tensor u = Tensor.normal(r, 0, 1, rows, cols);
        Tensor v = Tensor.normal(r, 0, 1, rows, cols);
        double a = r.uniform(-2, 2);
        double b = r.uniform(-2, 2);
        Tensor combo = Var.constant(u).mul(a).add(Var.constant(v).mul(b)).value();
        Tensor lhs = Jvp.of(f, x, Var.constant(combo)).tangent().value();
        Tensor ju = Jvp.of(f, x, Var.constant(u)).tangent().value();
        Tensor jv = Jvp.of(f, x, Var.constant(v)).tangent().value();
        Tensor rhs = Var.constant(ju).mul(a).add(Var.constant(jv).mul(b)).value();
        assertTrue(lhs.allClose(rhs, 1e-10, 1e-12));
    }

    @Property(tries = 30)
    void broadcastingBinaryOpsPassGradCheck(@ForAll @IntRange(min = 0, max = 10_000) int seed) {
        Rng r = new Rng(seed);
        int rank = 1 + r.nextInt(3);
        int[] full = new int[rank];
        for (int i = 0; i < rank; i++) {
            full[i] = 1 + r.nextInt(3);
        }
        int[] a = squeezeSome(full, r);
        int[] b = squeezeSome(full, r);
        Tensor ta = Tensor.normal(r, 0, 1, a);
        Tensor tb = Tensor.uniform(r, 0.5, 1.5, b);
        GradCheck.check(x -> x[0].mul(x[1]).add(x[0]).div(x[1]).sub(x[1]), new Tensor[] {ta, tb}, 1, r);
    }

    /** A shape that broadcasts to {@code full}: drop some leading axes, set some sizes to 1. */
    static int[] squeezeSome(int[] full, Rng r) {
        int drop = r.nextInt(full.length + 1);
        int[] s = java.util.Arrays.copyOfRange(full, drop, full.length);
        for (int i = 0; i < s.length; i++) {
            if (r.bernoulli(0.4)) {
                s[i] = 1;
            }
        }
        return s;
    }
}
