package io.github.deltastn.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void stepLr() {
        StepLr s = new StepLr(1.0, 2, 0.5);
        double[] expected = {1.0, 1.0, 0.5, 0.5, 0.25, 0.25};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.lr(e), 1e-15);
        }
    }

    @Test
    void multiStepLrWithTheCifarSetting() {
        MultiStepLr s = new MultiStepLr(0.03, new int[] {60, 120, 180}, 0.2);
        assertEquals(0.03, s.lr(0), 1e-15);
        assertEquals(0.03, s.lr(59), 1e-15);
        assertEquals(0.006, s.lr(60), 1e-15); // 0.03 * 0.2
        assertEquals(0.006, s.lr(119), 1e-15);
        assertEquals(0.0012, s.lr(120), 1e-15); // 0.03 * 0.04
        assertEquals(0.00024, s.lr(180), 1e-15); // 0.03 * 0.008
        assertEquals(0.00024, s.lr(500), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new MultiStepLr(1, new int[] {5, 3}, 0.1));
    }

    @Test
    void stallDecayDividesWhenWorseThanTheBestFromMoreThanPatienceEpochsAgo() {
        StallDecay s = new StallDecay(30.0, 4.0, 2, 1.0);
        // e0..e2: fewer than patience+1 earlier losses, never divides
        assertEquals(30.0, s.step(5.0));
        assertEquals(30.0, s.step(4.0));
        assertEquals(30.0, s.step(4.5));
        // e3: min(history[0:1]) = 5.0, 4.8 is not worse
        assertEquals(30.0, s.step(4.8));
        // e4: min(history[0:2]) = 4.0 < 4.2 -> 30/4
        assertEquals(7.5, s.step(4.2));
        // e5: min(history[0:3]) = 4.0, 3.9 is better
        assertEquals(7.5, s.step(3.9));
        assertFalse(s.shouldStop());
        // e6: min(history[0:4]) = 4.0 < 4.1 -> 7.5/4
        assertEquals(1.875, s.step(4.1));
        assertEquals(1, s.epochsSinceBest());
        // e7: min(history[0:5]) = 4.0 < 4.05 -> 1.875/4 = 0.46875 < minLr 1.0
        assertEquals(0.46875, s.step(4.05));
        assertTrue(s.shouldStop());
        assertEquals(2, s.epochsSinceBest()); // best 3.9 at e5
    }

    @Test
    void stallDecayRestoresFromLrAndHistory() {
        StallDecay a = new StallDecay(30.0, 4.0, 1, 0.0);
        for (double l : new double[] {3.0, 2.0, 2.5}) {
            a.step(l);
        }
        StallDecay b = new StallDecay(30.0, 4.0, 1, 0.0);
        b.restore(a.lr(), a.history());
        assertArrayEquals(a.history(), b.history());
        assertEquals(a.step(2.9), b.step(2.9));
        assertEquals(a.lr(), b.lr());
    }
}
