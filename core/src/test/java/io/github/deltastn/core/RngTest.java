package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RngTest {
    private static final int N = 200_000;

    @Property(tries = 20)
    void sameSeedSameStream(@ForAll long seed) {
        Rng a = new Rng(seed);
        Rng b = new Rng(seed);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertEquals(a.uniform(), b.uniform());
        assertEquals(a.normal(), b.normal());
        assertEquals(a.nextInt(17), b.nextInt(17));
    }

    @Property(tries = 20)
    void stateRoundTrip(@ForAll long seed) {
        Rng a = new Rng(seed);
        a.nextLong();
        a.normal();
        Rng b = Rng.fromState(a.state());
        double[] x = new double[9];
        double[] y = new double[9];
        a.fillNormal(x, 0, 1);
        b.fillNormal(y, 0, 1);
        assertArrayEquals(x, y);
        assertEquals(a.state(), b.state());
    }

    @Property(tries = 20)
    void splitGivesDifferentStreams(@ForAll long seed) {
        Rng parent = new Rng(seed);
        Rng twin = new Rng(seed);
        Rng child = parent.split();
        Rng child2 = parent.split();
        twin.nextLong();
        long[] p = longs(parent, 64);
        long[] c = longs(child, 64);
        long[] c2 = longs(child2, 64);
        assertNotEquals(Arrays.toString(p), Arrays.toString(c));
        assertNotEquals(Arrays.toString(c), Arrays.toString(c2));
        // no value of one stream shows up in the other (SplitMix outputs are a bijection of the state)
        long[] sorted = c.clone();
        Arrays.sort(sorted);
        for (long v : p) {
            assertTrue(Arrays.binarySearch(sorted, v) < 0);
        }
        // split is deterministic
        Rng again = new Rng(seed);
        assertArrayEquals(c, longs(again.split(), 64));
    }

    @Test
    void splitStreamsAreUncorrelated() {
        Rng parent = new Rng(42);
        Rng child = parent.split();
        double sxy = 0;
        for (int i = 0; i < N; i++) {
            sxy += (parent.uniform() - 0.5) * (child.uniform() - 0.5);
        }
        // correlation of two independent U[0,1) has sd 1/sqrt(N); allow 5 sd
        double corr = sxy / N * 12;
        assertEquals(0, corr, 5 / Math.sqrt(N));
    }

    private static long[] longs(Rng r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    @Test
    void uniformMeanAndVariance() {
        Rng rng = new Rng(1);
        double s = 0;
        double ss = 0;
        double lo = 1;
        double hi = 0;
        for (int i = 0; i < N; i++) {
            double u = rng.uniform();
            s += u;
            ss += u * u;
            lo = Math.min(lo, u);
            hi = Math.max(hi, u);
        }
        double mean = s / N;
        double var = ss / N - mean * mean;
        assertEquals(0.5, mean, 5 * Math.sqrt(1.0 / 12 / N));
        assertEquals(1.0 / 12, var, 0.002);
        assertTrue(lo >= 0 && hi < 1 && lo < 1e-3 && hi > 1 - 1e-3);
        double[] w = new double[N];
        rng.fillUniform(w, -3, 5);
        double m = Arrays.stream(w).average().orElseThrow();
        assertEquals(1.0, m, 5 * 8 / Math.sqrt(12.0 * N));
        assertTrue(Arrays.stream(w).allMatch(v -> v >= -3 && v < 5));
        double v = rng.uniform(2, 2.5);
        assertTrue(v >= 2 && v < 2.5);
    }

    @Test
    void normalMeanAndVariance() {
        Rng rng = new Rng(2);
        double s = 0;
        double ss = 0;
        for (int i = 0; i < N; i++) {
            double z = rng.normal();
            s += z;
            ss += z * z;
        }
        assertEquals(0, s / N, 5 / Math.sqrt(N));
        assertEquals(1, ss / N, 0.02);
        double[] w = new double[N + 1]; // odd length exercises the unpaired tail
        rng.fillNormal(w, 3, 2);
        double mean = Arrays.stream(w).average().orElseThrow();
        double var = Arrays.stream(w).map(x -> (x - mean) * (x - mean)).sum() / w.length;
        assertEquals(3, mean, 5 * 2 / Math.sqrt(N));
        assertEquals(4, var, 0.08);
        assertTrue(Arrays.stream(w).allMatch(Double::isFinite));
    }

    @Property(tries = 30)
    void permutationIsAPermutation(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int n = rng.nextInt(50);
        int[] p = rng.permutation(n);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void permutationIsRoughlyUniform() {
        Rng rng = new Rng(3);
        int[] counts = new int[6]; // the 6 permutations of 3 elements, keyed by p[0]*2 + (p[1] > p[2] ? 1 : 0)
        int trials = 60_000;
        for (int t = 0; t < trials; t++) {
            int[] p = rng.permutation(3);
            counts[p[0] * 2 + (p[1] > p[2] ? 1 : 0)]++;
        }
        for (int c : counts) {
            assertEquals(trials / 6.0, c, 5 * Math.sqrt(trials / 6.0));
        }
    }

    @Test
    void nextIntIsInBoundAndUniform() {
        Rng rng = new Rng(4);
        int bound = 7;
        int[] counts = new int[bound];
        for (int i = 0; i < 70_000; i++) {
            int k = rng.nextInt(bound);
            assertTrue(k >= 0 && k < bound);
            counts[k]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 500);
        }
        assertEquals(0, rng.nextInt(1));
        for (int i = 0; i < 1000; i++) {
            int k = rng.nextInt(Integer.MAX_VALUE);
            assertTrue(k >= 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
        assertTrue(e.getMessage().contains("nextInt") && e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void bernoulliRate() {
        Rng rng = new Rng(5);
        int hits = 0;
        for (int i = 0; i < N; i++) {
            hits += rng.bernoulli(0.3) ? 1 : 0;
        }
        assertEquals(0.3, hits / (double) N, 5 * Math.sqrt(0.3 * 0.7 / N));
        for (int i = 0; i < 100; i++) {
            assertTrue(!rng.bernoulli(0.0) && rng.bernoulli(1.0));
        }
        assertThrows(IllegalArgumentException.class, () -> rng.bernoulli(1.5));
        assertThrows(IllegalArgumentException.class, () -> rng.bernoulli(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> rng.uniform(1, 0));
        assertThrows(IllegalArgumentException.class, () -> rng.fillNormal(new double[1], 0, -1));
        assertThrows(IllegalArgumentException.class, () -> rng.permutation(-1));
    }
}
