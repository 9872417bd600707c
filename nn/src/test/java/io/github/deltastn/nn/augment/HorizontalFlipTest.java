package io.github.deltastn.nn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

class HorizontalFlipTest {
    @Test
    void flipsOnlySelectedExamplesAlongWidth() {
        // 2 examples, 1 channel, 2 rows, 3 columns
        Tensor x = Tensor.wrap(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 1, 2, 3);
        Tensor y = HorizontalFlip.apply(x, new boolean[] {true, false});
        assertArrayEquals(new double[] {3, 2, 1, 6, 5, 4, 7, 8, 9, 10, 11, 12}, y.data());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, x.data());
        assertEquals(x, HorizontalFlip.apply(y, new boolean[] {true, false}));
    }

    @Test
    void randomFlipUsesOneDrawPerExampleWithProbabilityOneHalf() {
        boolean[] expected = new boolean[3];
        Rng replay = new Rng(11);
        for (int i = 0; i < 3; i++) {
            expected[i] = replay.uniform() < 0.5;
        }
        assertArrayEquals(expected, HorizontalFlip.draw(3, new Rng(11)));

        Tensor x = Tensor.arange(2 * 3 * 2 * 2).reshape(2, 3, 2, 2);
        Rng a = new Rng(11);
        assertEquals(HorizontalFlip.apply(x, HorizontalFlip.draw(2, new Rng(11))), HorizontalFlip.random(x, a));

        boolean[] many = HorizontalFlip.draw(10000, new Rng(1));
        int n = 0;
        for (boolean f : many) {
            n += f ? 1 : 0;
        }
        assertTrue(Math.abs(n - 5000) < 200, "flips: " + n); // ~4 standard deviations
    }

    @Test
    void shapeChecks() {
        assertThrows(IllegalArgumentException.class, () -> HorizontalFlip.apply(Tensor.zeros(2, 3), new boolean[2]));
        assertThrows(IllegalArgumentException.class, () -> HorizontalFlip.apply(Tensor.zeros(2, 1, 1, 3), new boolean[1]));
    }
}
