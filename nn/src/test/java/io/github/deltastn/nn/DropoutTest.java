package io.github.deltastn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {

    @Test
    void perExampleRatesAreRespected() {
        Tensor rates = Tensor.of(new double[] {0.0, 0.2, 0.7});
        int n = 20000;
        Tensor m = Dropout.mask(new Rng(1), rates, 3, n);
        for (int b = 0; b < 3; b++) {
            double p = rates.get(b);
            int zeros = 0;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double v = m.get(b, j);
                assertTrue(v == 0.0 || Math.abs(v - 1 / (1 - p)) < 1e-15, "entries are 0 or 1/(1-p)");
                zeros += v == 0.0 ? 1 : 0;
                sum += v;
            }
            double sd = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, zeros / (double) n, 5 * sd + 1e-12, "drop fraction of example " + b);
            assertEquals(1.0, sum / n, 5 * sd / (1 - p) + 1e-12, "inverted scaling keeps the mean");
        }
    }

    @Test
    void channelMaskIsSharedOverSpace() {
        Tensor m = Dropout.channelMask(new Rng(2), Tensor.of(new double[] {0.5, 0.5}), 2, 8);
        assertTrue(m.hasShape(2, 8, 1, 1));
    }

    @Test
    void sameSeedSameMask() {
        Tensor r = Tensor.of(new double[] {0.3, 0.4});
        assertEquals(Dropout.mask(new Rng(7), r, 2, 50), Dropout.mask(new Rng(7), r, 2, 50));
    }

    @Test
    void badRatesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dropout.mask(new Rng(1), Tensor.of(new double[] {0.1, 1.0}), 2, 3));
        assertTrue(e.getMessage().contains("example 1") && e.getMessage().contains("1.0"));
        assertThrows(IllegalArgumentException.class, () -> Dropout.mask(new Rng(1), Tensor.of(new double[] {0.1}), 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Dropout.weightMask(new Rng(1), -0.1, 2, 2));
    }

    @Test
    void concreteApproachesTheBernoulliMaskOfTheSameDrawsAsTheTemperatureFalls() {
        double p = 0.3;
        Tensor x = Tensor.normal(new Rng(3), 0, 1, 4, 50);
        Tensor u = Tensor.uniform(new Rng(4), 0, 1, 4, 50);
        Tensor hard = Dropout.mask(new Rng(4), Tensor.full(p, 4), 4, 50);   // the same draws: keep iff u < 1 − p
        Tensor soft = Dropout.concrete(Var.constant(x), Var.constant(Tensor.of(new double[] {p})), u, 1e-6).value();
        int far = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 50; j++) {
                double expected = x.get(i, j) * hard.get(i, j);
                // only draws within ~1e-5 of the threshold 1 − p may differ
                far += Math.abs(soft.get(i, j) - expected) > 1e-9 ? 1 : 0;
            }
        }
        assertEquals(0, far, "entries away from the hard mask of the same draws");
    }

    @Test
    void concreteIsDifferentiableInItsRateAndInput() {
        Rng r = new Rng(5);
        Tensor u = Tensor.uniform(new Rng(6), 0, 1, 3, 4, 1, 1);                        // channel noise, broadcast
        GradCheck.check(v -> Dropout.concrete(v[0], v[1], u, 0.1).square().sum(),
                new Tensor[] {Tensor.normal(r, 0, 1, 3, 4, 2, 2), Tensor.of(new double[] {0.2})}, 1, r);
    }

    @Test
    void concreteRejectsBadArguments() {
        Var x = Var.constant(Tensor.ones(2, 2));
        Tensor u = Tensor.full(0.5, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dropout.concrete(x, Var.constant(Tensor.of(new double[] {0.0})), u, 0.1));
        assertTrue(e.getMessage().contains("Dropout.concrete") && e.getMessage().contains("(0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dropout.concrete(x, Var.constant(Tensor.of(new double[] {0.1, 0.2})), u, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> Dropout.concrete(x, Var.constant(Tensor.of(new double[] {0.1})), u, 0.0));
        assertThrows(IllegalArgumentException.class,
                () -> Dropout.concrete(x, Var.constant(Tensor.of(new double[] {0.1})), Tensor.full(1.0, 2, 2), 0.1));
    }
}
