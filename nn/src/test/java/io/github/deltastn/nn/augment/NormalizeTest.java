package io.github.deltastn.nn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

class NormalizeTest {
    @Test
    void normalisesEachChannel() {
        // [B=2, C=2, 2]: channel 0 holds 1, 3 / 5, 7 and channel 1 holds 10, 10 / 10, 10
        Tensor x = Tensor.wrap(new double[] {1, 3, 10, 10, 5, 7, 10, 10}, 2, 2, 2);
        Tensor y = Normalize.perChannel(x, new double[] {4, 10}, new double[] {2, 0.5});
        // channel 0: (v - 4)/2; channel 1: (10 - 10)/0.5 = 0
        assertArrayEquals(new double[] {-1.5, -0.5, 0, 0, 0.5, 1.5, 0, 0}, y.data(), 1e-15);
        assertArrayEquals(new double[] {1, 3, 10, 10, 5, 7, 10, 10}, x.data());
    }

    @Test
    void meanStdIsPerChannelPopulationStdWithConstantChannelsLeftAtOne() {
        Tensor x = Tensor.wrap(new double[] {1, 3, 10, 10, 5, 7, 10, 10}, 2, 2, 2);
        double[][] ms = Normalize.meanStd(x);
        // channel 0: mean (1+3+5+7)/4 = 4, variance (9+1+1+9)/4 = 5; channel 1: constant 10
        assertArrayEquals(new double[] {4, 10}, ms[0], 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(5), 1}, ms[1], 1e-15);
        // a table [N, d]: columns are channels
        Tensor table = Tensor.wrap(new double[] {1, 100, 3, 300}, 2, 2);
        double[][] t = Normalize.meanStd(table);
        assertArrayEquals(new double[] {-1, -1, 1, 1}, Normalize.perChannel(table, t[0], t[1]).data(), 1e-12);
    }

    @Test
    void shapeAndStdChecks() {
        assertThrows(IllegalArgumentException.class, () -> Normalize.perChannel(Tensor.zeros(3), new double[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> Normalize.perChannel(Tensor.zeros(1, 2, 2), new double[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> Normalize.perChannel(Tensor.zeros(1, 1, 2), new double[] {0}, new double[] {0}));
    }
}
