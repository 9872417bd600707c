package io.github.deltastn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    @Test
    void epochsCoverEveryExampleOnceAndKeepTheLastPartialBatch() {
        DataLoader l = new DataLoader(DatasetTest.toy(10), 4, true, new Rng(7));
        assertEquals(3, l.batchesPerEpoch());
        for (int e = 0; e < 3; e++) {
            List<Integer> seen = new ArrayList<>();
            int[] sizes = new int[3];
            int k = 0;
            for (DataLoader.Batch b : l.epochBatches()) {
                assertEquals(e, b.epoch());
                assertEquals(k, b.index());
                sizes[k++] = b.size();
                for (int i = 0; i < b.size(); i++) {
                    int idx = b.indices()[i];
                    seen.add(idx);
                    assertEquals(idx, b.x().get(i, 0));
                    assertEquals(idx % 3, b.labels()[i]);
                }
            }
            assertArrayEquals(new int[] {4, 4, 2}, sizes);
            seen.sort(null);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
            assertTrue(l.endOfEpoch());
        }
    }

    @Test
    void orderRuleIsSplitThenPermutation() {
        Rng reference = new Rng(42);
        int[] epoch0 = reference.split().permutation(10);
        int[] epoch1 = reference.split().permutation(10);
        DataLoader l = new DataLoader(DatasetTest.toy(10), 10, true, new Rng(42));
        assertArrayEquals(epoch0, l.next().indices());
        assertArrayEquals(epoch1, l.next().indices());
        assertNotEquals(Arrays.toString(epoch0), Arrays.toString(epoch1));
    }

    @Test
    void withoutShuffleTheOrderIsSequential() {
        DataLoader l = new DataLoader(DatasetTest.toy(5), 2, false, null);
        assertArrayEquals(new int[] {0, 1}, l.next().indices());
        assertArrayEquals(new int[] {2, 3}, l.next().indices());
        assertArrayEquals(new int[] {4}, l.next().indices());
        DataLoader.Batch b = l.next();
        assertArrayEquals(new int[] {0, 1}, b.indices());
        assertEquals(1, b.epoch());
    }

    @Test
    void regressionBatchesCarryTargets() {
        Dataset d = Dataset.regression(DatasetTest.toy(3).features(),
                io.github.deltastn.core.Tensor.wrap(new double[] {5, 6, 7}, 3));
        DataLoader.Batch b = new DataLoader(d, 3, false, null).next();
        assertArrayEquals(new double[] {5, 6, 7}, b.targets().data());
        assertEquals(null, b.labels());
    }

    /** The stream after restoring a saved state equals the stream of the loader that saved it. */
    @Property(tries = 60)
    void restoreContinuesTheSameStream(@ForAll @IntRange(min = 1, max = 23) int n,
                                       @ForAll @IntRange(min = 1, max = 7) int batch,
                                       @ForAll @IntRange(min = 0, max = 30) int before,
                                       @ForAll long seed) {
        Dataset d = DatasetTest.toy(n);
        DataLoader a = new DataLoader(d, batch, true, new Rng(seed));
        for (int i = 0; i < before; i++) {
            a.next();
        }
        DataLoader.State s = a.state();
        DataLoader b = new DataLoader(d, batch, true, new Rng(seed ^ 0x5555L));
        b.restore(s);
        assertEquals(a.endOfEpoch(), b.endOfEpoch());
        for (int i = 0; i < 2 * a.batchesPerEpoch() + 1; i++) {
            DataLoader.Batch x = a.next();
            DataLoader.Batch y = b.next();
            assertArrayEquals(x.indices(), y.indices());
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.index(), y.index());
            assertEquals(x.x(), y.x());
        }
    }

    @Property(tries = 30)
    void sameSeedSameStreamAndEveryEpochIsAPermutation(@ForAll @IntRange(min = 1, max = 30) int n,
                                                       @ForAll @IntRange(min = 1, max = 8) int batch,
                                                       @ForAll long seed) {
        DataLoader a = new DataLoader(DatasetTest.toy(n), batch, true, new Rng(seed));
        DataLoader b = new DataLoader(DatasetTest.toy(n), batch, true, new Rng(seed));
        for (int e = 0; e < 3; e++) {
            boolean[] seen = new boolean[n];
            for (DataLoader.Batch x : a.epochBatches()) {
                assertArrayEquals(x.indices(), b.next().indices());
                for (int i : x.indices()) {
                    assertFalse(seen[i]);
                    seen[i] = true;
                }
            }
            for (boolean s : seen) {
                assertTrue(s);
            }
        }
    }
}
