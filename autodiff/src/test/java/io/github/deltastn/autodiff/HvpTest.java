package io.github.deltastn.autodiff;

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
