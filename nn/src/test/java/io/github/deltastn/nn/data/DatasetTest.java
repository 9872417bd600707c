package io.github.deltastn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** n examples of shape [2]: example i is (i, -i); label i mod 3. */
    static Dataset toy(int n) {
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return Dataset.classification(Tensor.wrap(x, n, 2), y, 3);
    }

    @Test
    void sliceLimitAndSelectCopyTheRightExamples() {
        Dataset d = toy(10);
        assertArrayEquals(new int[] {2}, d.exampleShape());
        Dataset s = d.slice(3, 6);
        assertArrayEquals(new double[] {3, -3, 4, -4, 5, -5}, s.features().data());
        assertArrayEquals(new int[] {0, 1, 2}, s.labels());
        assertEquals(4, d.limit(4).size());
        assertEquals(10, d.limit(99).size());
        Dataset sel = d.select(new int[] {9, 0, 9});
        assertArrayEquals(new double[] {9, -9, 0, 0, 9, -9}, sel.features().data());
        assertArrayEquals(new int[] {0, 0, 0}, sel.labels());
    }

    @Test
    void splitLastTakesTheTailWithoutShuffling() {
        Dataset.Split s = toy(20).splitLast(0.15);
        assertEquals(17, s.train().size());
        assertEquals(3, s.valid().size());
        assertEquals(17.0, s.valid().features().get(0, 0));
        // the reference's floor((1 - f) * N) on the real sizes
        Dataset mnistSized = Dataset.classification(Tensor.zeros(60000, 1), new int[60000], 10);
        assertEquals(51000, mnistSized.splitLast(0.15).train().size());
        assertEquals(9000, mnistSized.splitLast(0.15).valid().size());
        Dataset cifarSized = Dataset.classification(Tensor.zeros(50000, 1), new int[50000], 10);
        assertEquals(40000, cifarSized.splitLast(0.2).train().size());
    }

    @Test
    void regressionDataset() {
        Dataset d = Dataset.regression(Tensor.wrap(new double[] {1, 2, 3}, 3, 1), Tensor.wrap(new double[] {10, 20, 30}, 3));
        assertArrayEquals(new double[] {30, 10}, d.select(new int[] {2, 0}).targets().data());
        assertThrows(IllegalStateException.class, d::labels);
    }

    @Test
    void invalidInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Dataset.classification(Tensor.zeros(2, 1), new int[] {0}, 2));
        assertThrows(IllegalArgumentException.class, () -> Dataset.classification(Tensor.zeros(1, 1), new int[] {2}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression(Tensor.zeros(2, 1), Tensor.zeros(3)));
        assertThrows(IllegalArgumentException.class, () -> toy(3).splitLast(1.5));
    }
}
