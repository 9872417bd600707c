package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HvpTest {

    @Test
    void quadraticHvpEqualsExplicitHessianTimesV() {
        // f(x) = ½ xᵀ A x + bᵀ x with symmetric A: H = A exactly
        Rng r = new Rng(1);
        int n = 5;
        Tensor m = Tensor.normal(r, 0, 1, n, n);
        Tensor a = Var.constant(m).add(Var.constant(m.transpose())).value();
        Tensor b = Tensor.normal(r, 0, 1, n, 1);
        Function<Var, Var> f = x -> x.matmul(Var.constant(a), true, false).matmul(x).mul(0.5)
                .add(Var.constant(b).mul(x).sum()).sum();
        Tensor x0 = Tensor.normal(r, 0, 1, n, 1);
        Tensor v = Tensor.normal(r, 0, 1, n, 1);
        Tensor hv = Hvp.of(f, Var.param(x0), Var.constant(v)).value();
        Tensor expected = Var.constant(a).matmul(Var.constant(v)).value();
        assertTrue(hv.allClose(expected, 1e-12, 1e-12), hv + " vs " + expected);
    }

    @Test
    void hvpMatchesFiniteDifferencesOfGradients() {
        Rng r = new Rng(2);
        Tensor w = Tensor.normal(r, 0, 1, 3, 4);
        Function<Var, Var> f = x -> x.matmul(Var.constant(w)).tanh().square().sum().add(x.exp().sum());
        Tensor x0 = Tensor.normal(r, 0, 0.5, 2, 3);
        Tensor v = Tensor.normal(r, 0, 1, 2, 3);
        Tensor hv = Hvp.of(f, Var.param(x0), Var.constant(v)).value();
        double h = 1e-5;
        Tensor gp = grad(f, shift(x0, v, h));
        Tensor gm = grad(f, shift(x0, v, -h));
        double[] fd = new double[hv.size()];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (gp.data()[i] - gm.data()[i]) / (2 * h);
        }
        assertTrue(hv.allClose(Tensor.wrap(fd, 2, 3), 1e-6, 1e-7), hv + " vs " + Tensor.wrap(fd, 2, 3));
    }

    @Test
    void hvpOfGradAgreesWithNestedReverseMode() {
        // reverse-over-forward vs reverse-over-reverse: ∇(∇f · v)
        Rng r = new Rng(3);
        Function<Var, Var> f = x -> x.sigmoid().mul(x.square()).sum();
        Tensor x0 = Tensor.normal(r, 0, 1, 4);
        Tensor v = Tensor.normal(r, 0, 1, 4);
        Var x = Var.param(x0);
        Var g = Grad.of(f.apply(x), x)[0];
        Tensor rr = Grad.of(g.mul(Var.constant(v)).sum(), x)[0].value();
        Tensor rf = Hvp.of(f, Var.param(x0), Var.constant(v)).value();
        assertTrue(rf.allClose(rr, 1e-12, 1e-13), rf + " vs " + rr);
    }

    /** f(a, b) = Σ tanh(a·b)² + Σ exp(a)·‖b‖² with a [2,3], b [3,2]: both blocks and the cross terms non-zero. */
    static Var twoInputs(Var[] in) {
        Var a = in[0];
        Var b = in[1];
        return a.matmul(b).tanh().square().sum().add(a.exp().sum().mul(b.square().sum()));
    }

    @Test
    void multiInputHvpMatchesFiniteDifferencesOfGradients() {
        Rng r = new Rng(4);
        Tensor a0 = Tensor.normal(r, 0, 0.5, 2, 3);
        Tensor b0 = Tensor.normal(r, 0, 0.5, 3, 2);
        Tensor va = Tensor.normal(r, 0, 1, 2, 3);
        Tensor vb = Tensor.normal(r, 0, 1, 3, 2);
        Var[] hv = Hvp.of(HvpTest::twoInputs, new Var[] {Var.param(a0), Var.param(b0)},
                new Var[] {Var.constant(va), Var.constant(vb)});
        double h = 1e-5;
        Tensor[] gp = grads(shift(a0, va, h), shift(b0, vb, h));
        Tensor[] gm = grads(shift(a0, va, -h), shift(b0, vb, -h));
        for (int i = 0; i < 2; i++) {
            Tensor fd = Var.constant(gp[i]).sub(Var.constant(gm[i])).div(2 * h).value();
            assertTrue(hv[i].value().allClose(fd, 1e-6, 1e-7), "block " + i + ": " + hv[i] + " vs " + fd);
        }
    }

    @Test
    void multiInputHvpEqualsTheSingleInputHvpOfTheConcatenatedInputs() {
        Rng r = new Rng(5);
        Tensor a0 = Tensor.normal(r, 0, 0.5, 2, 3);
        Tensor b0 = Tensor.normal(r, 0, 0.5, 3, 2);
        Tensor va = Tensor.normal(r, 0, 1, 2, 3);
        Tensor vb = Tensor.normal(r, 0, 1, 3, 2);
        Var[] blocks = Hvp.of(HvpTest::twoInputs, new Var[] {Var.param(a0), Var.param(b0)},
                new Var[] {Var.constant(va), Var.constant(vb)});
        // g(z) = f(z[0:6] as a, z[6:12] as b)
        Function<Var, Var> g = z -> twoInputs(new Var[] {z.slice(0, 0, 6).reshape(2, 3), z.slice(0, 6, 12).reshape(3, 2)});
        Tensor z0 = Tensor.concat(0, a0.reshape(-1), b0.reshape(-1));
        Tensor v = Tensor.concat(0, va.reshape(-1), vb.reshape(-1));
        Tensor single = Hvp.of(g, Var.param(z0), Var.constant(v)).value();
        Tensor multi = Tensor.concat(0, blocks[0].value().reshape(-1), blocks[1].value().reshape(-1));
        assertTrue(multi.allClose(single, 1e-12, 1e-13), multi + " vs " + single);
    }

    @Test
    void multiInputHvpGivesZeroForAnUnusedInputAndRejectsConstants() {
        Var x = Var.param(Tensor.of(new double[] {0.5, -1}));
        Var unused = Var.param(Tensor.ones(3));
        Var[] hv = Hvp.of(in -> in[0].exp().sum(), new Var[] {x, unused},
                new Var[] {Var.constant(Tensor.ones(2)), Var.constant(Tensor.ones(3))});
        assertTrue(hv[0].value().allClose(x.exp().value(), 1e-15, 0));
        assertTrue(hv[1].value().allClose(Tensor.zeros(3), 0, 0));
        Var c = Var.constant(Tensor.ones(2));
        BadInputTest.assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Hvp.of(v -> v.exp().sum(), c, c)), "Hvp.of", "primal 0", "constant");
        BadInputTest.assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Hvp.of(v -> v.exp(), x, c)), "Hvp.of", "scalar", "[2]");
    }

    static Tensor[] grads(Tensor a, Tensor b) {
        Var[] p = {Var.param(a), Var.param(b)};
        return Grad.values(twoInputs(p), p);
    }

    static Tensor grad(Function<Var, Var> f, Tensor x) {
        Var p = Var.param(x);
        return Grad.of(f.apply(p), p)[0].value();
    }

    static Tensor shift(Tensor x, Tensor v, double h) {
        double[] d = x.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += h * v.data()[i];
        }
        return Tensor.wrap(d, x.shape());
    }
}
