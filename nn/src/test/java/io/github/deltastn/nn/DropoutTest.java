package io.github.deltastn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
