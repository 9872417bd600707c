package io.github.deltastn.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

class PerturbationTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Four hyperparameters with different transforms and σ0; column 2 is shared per batch, column 1 discrete. */
    private static Hyperparameters four() {
        Hyperparameters hp = new Hyperparameters();
        hp.register(Hyperparameter.of("dropout", 0, 0.95, 0.05).withInitialScale(0.5));
        hp.register(Hyperparameter.of("cutout_length", 2, 24, 4).withDiscrete(true));
        hp.register(Hyperparameter.of("alpha", 0, INF, 0.05).withSamePerturbationPerBatch(true).withInitialScale(2.0));
        hp.register(Hyperparameter.of("wd", 0, INF, 1e-2).withTransform(Transform.EXP).withInitialScale(0.1));
        return hp.freeze();
    }

    @Test
    void shapesAndDeterminism() {
        Hyperparameters hp = four();
        Perturbation a = hp.sample(16, new Rng(42));
        Perturbation b = hp.sample(16, new Rng(42));
        Perturbation c = hp.sample(16, new Rng(43));
        assertEquals(16, a.batchSize());
        assertTrue(a.noise().hasShape(16, 4));
        assertEquals(a.noise(), b.noise());
        assertEquals(a.values(), b.values());
        assertFalse(a.noise().equals(c.noise()));
        assertTrue(a.values().hasShape(16, 4));
        assertTrue(a.current().hasShape(4));
        assertSame(hp, a.hyperparameters());
        Var lam0 = Var.constant(hp.lam0());
        Var s = Var.constant(hp.rawScale());
        assertTrue(a.perturbed(lam0, s).value().hasShape(16, 4));
        assertTrue(a.epsilon(lam0, s).value().hasShape(16, 4));
    }

    @Test
    void perturbedValuesHaveMeanLam0AndStdSigma() {
        Hyperparameters hp = four();
        int n = 20000;
        Perturbation p = hp.sample(n, new Rng(5));
        Tensor lam = p.perturbed(Var.constant(hp.lam0()), Var.constant(hp.rawScale())).value();
        double[] sigma = hp.sigma().data();
        for (int i : new int[] {0, 1, 3}) {
            double mean = 0;
            double sq = 0;
            for (int b = 0; b < n; b++) {
                mean += lam.get(b, i);
            }
            mean /= n;
            for (int b = 0; b < n; b++) {
                double d = lam.get(b, i) - mean;
                sq += d * d;
            }
            double std = Math.sqrt(sq / (n - 1));
            assertEquals(hp.lam0().data()[i], mean, 0.05 * sigma[i], hp.get(i).name() + " mean");
            assertEquals(sigma[i], std, 0.05 * sigma[i], hp.get(i).name() + " std");
        }
        double corr = 0;
        for (int b = 0; b < n; b++) {
            corr += p.noise().get(b, 0) * p.noise().get(b, 1);
        }
        assertEquals(0.0, corr / n, 0.05, "independent columns");
    }

    @Test
    void sharedColumnsAreConstantOverTheBatch() {
        Hyperparameters hp = four();
        Perturbation p = hp.sample(32, new Rng(9));
        Tensor values = p.values();
        Tensor eps = p.epsilon(Var.constant(hp.lam0()), Var.constant(hp.rawScale())).value();
        boolean othersVary = false;
        for (int b = 1; b < 32; b++) {
            assertEquals(p.noise().get(0, 2), p.noise().get(b, 2));
            assertEquals(values.get(0, 2), values.get(b, 2));
            assertEquals(eps.get(0, 2), eps.get(b, 2));
            othersVary |= p.noise().get(b, 0) != p.noise().get(0, 0);
        }
        assertTrue(othersVary);
        Perturbation head = p.firstRows(5);
        assertTrue(head.noise().hasShape(5, 4));
        assertEquals(p.noise().slice(0, 0, 5), head.noise());
        assertSame(p, p.firstRows(32));
    }

    @Test
    void valuesAreTheTransformedPerturbationFlooredWhenDiscrete() {
        Hyperparameters hp = four();
        Perturbation p = hp.sample(64, new Rng(17));
        Tensor lam = p.perturbed(Var.constant(hp.lam0()), Var.constant(hp.rawScale())).value();
        Tensor continuous = hp.constrain(Var.constant(lam)).value();
        Tensor values = p.values();
        boolean sawFraction = false;
        for (int b = 0; b < 64; b++) {
            for (int i = 0; i < 4; i++) {
                double expected = hp.get(i).transform().forward(lam.get(b, i));
                assertEquals(expected, continuous.get(b, i), 1e-14);
                if (i == 1) {
                    assertEquals(Math.floor(expected + 1e-12), values.get(b, i));
                    assertTrue(values.get(b, i) >= 2 && values.get(b, i) <= 23);
                    sawFraction |= expected != Math.floor(expected);
                } else {
                    assertEquals(expected, values.get(b, i), 1e-14);
                }
            }
        }
        assertTrue(sawFraction);
        assertEquals(hp.currentValues(), p.current());
    }

    @Test
    void tinyScaleKeepsDiscreteInitialValues() {
        Hyperparameters hp = new Hyperparameters();
        hp.register(Hyperparameter.of("cutout_length", 2, 24, 4).withDiscrete(true));
        hp.register(Hyperparameter.of("cutout_holes", 0, 5, 1).withDiscrete(true));
        hp.freeze();
        Hyperparameters still = hp.withValues(hp.lam0(), Tensor.full(-50, 2));
        Tensor v = still.sample(100, new Rng(1)).values();
        for (int b = 0; b < 100; b++) {
            assertEquals(4.0, v.get(b, 0));
            assertEquals(1.0, v.get(b, 1));
        }
    }

    @Test
    void perturbedIsDifferentiableInLam0AndS() {
        Hyperparameters hp = four();
        Rng rng = new Rng(23);
        Perturbation p = hp.sample(6, rng);
        Tensor lam0 = hp.lam0();
        Tensor s = Tensor.uniform(rng, -1, 1, 4);
        GradCheck.check(x -> p.perturbed(x[0], x[1]), new Tensor[] {lam0, s}, 2, rng);
        GradCheck.check(x -> hp.constrain(p.perturbed(x[0], x[1])), new Tensor[] {lam0, s}, 2, rng);
    }

    @Test
    void epsilonValueAndGradients() {
        Hyperparameters hp = four();
        Rng rng = new Rng(29);
        int n = 7;
        Perturbation p = hp.sample(n, rng);
        Tensor sT = Tensor.uniform(rng, -1, 1, 4);
        Var lam0 = Var.param(hp.lam0());
        Var s = Var.param(sT);
        Var eps = p.epsilon(lam0, s);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(Transform.softplus(sT.data()[i]) * p.noise().get(b, i), eps.value().get(b, i), 1e-14);
            }
        }
        Tensor w = Tensor.normal(rng, 0, 1, n, 4);
        Tensor[] g = Grad.values(eps.mul(w).sum(), lam0, s);
        Tensor[] gPerturbed = Grad.values(p.perturbed(lam0, s).mul(w).sum(), lam0, s);
        for (int i = 0; i < 4; i++) {
            double sumW = 0;
            double expectS = 0;
            for (int b = 0; b < n; b++) {
                sumW += w.get(b, i);
                expectS += w.get(b, i) * p.noise().get(b, i) * Transform.sigmoid(sT.data()[i]);
            }
            // ∂ε/∂λ0 is the identity per row (the hypergradient path of algorithm.md §7): the same as through λ0 + σn
            assertEquals(sumW, g[0].data()[i], 1e-12);
            assertEquals(gPerturbed[0].data()[i], g[0].data()[i], 1e-12);
            assertEquals(expectS, g[1].data()[i], 1e-12);
        }
    }

    @Test
    void withoutTheStopGradientTheLam0GradientWouldVanish() {
        Hyperparameters hp = four();
        Perturbation p = hp.sample(3, new Rng(31));
        Var lam0 = Var.param(hp.lam0());
        Var s = Var.param(hp.rawScale());
        Var naive = p.perturbed(lam0, s).sub(lam0);
        Tensor g = Grad.values(naive.sum(), lam0)[0];
        assertEquals(0.0, g.maxAbsDiff(Tensor.zeros(4)), 1e-15);
        Tensor gEps = Grad.values(p.epsilon(lam0, s).sum(), lam0)[0];
        assertEquals(0.0, gEps.maxAbsDiff(Tensor.full(3.0, 4)), 1e-15);
    }

    @Test
    void zeroEpsilonIsZeroButCarriesTheLam0Gradient() {
        Hyperparameters hp = four();
        Var lam0 = Var.param(hp.lam0());
        Var z = Perturbation.zeroEpsilon(lam0, 5);
        assertEquals(Tensor.zeros(5, 4), z.value());
        Tensor w = Tensor.normal(new Rng(2), 0, 1, 5, 4);
        Tensor g = Grad.values(z.mul(w).sum(), lam0)[0];
        for (int i = 0; i < 4; i++) {
            double sumW = 0;
            for (int b = 0; b < 5; b++) {
                sumW += w.get(b, i);
            }
            assertEquals(sumW, g.data()[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> Perturbation.zeroEpsilon(lam0, 0));
        assertThrows(IllegalArgumentException.class, () -> Perturbation.zeroEpsilon(Var.constant(Tensor.zeros(2, 2)), 3));
    }

    @Test
    void badArguments() {
        Hyperparameters hp = four();
        Perturbation p = hp.sample(4, new Rng(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.perturbed(Var.constant(Tensor.zeros(3)), Var.constant(hp.rawScale())));
        assertTrue(e.getMessage().contains("lam0") && e.getMessage().contains("[4]") && e.getMessage().contains("[3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> p.epsilon(Var.constant(hp.lam0()), Var.constant(Tensor.zeros(4, 1))));
        assertTrue(e.getMessage().contains("rawScale") && e.getMessage().contains("[4, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.firstRows(5));
        assertTrue(e.getMessage().contains("[1, 4]") && e.getMessage().contains("got 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.firstRows(0));
    }

    @Test
    void logitOutsideItsDomainNamesTheHyperparameter() {
        Hyperparameters hp = new Hyperparameters();
        hp.register(Hyperparameter.of("odd", -INF, INF, 0.0).withTransform(Transform.LOGIT));
        hp.freeze();
        assertEquals(0.5, hp.lam0().data()[0]);
        Perturbation p = hp.sample(50, new Rng(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::values);
        assertTrue(e.getMessage().contains("'odd'") && e.getMessage().contains("(0, 1)"), e.getMessage());
    }
}
