package io.github.deltastn.nn.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CutoutTest {
    /** Values 1, 2, 3, ... so that no pixel is 0 before cutout. */
    private static Tensor counting(int... shape) {
        Tensor t = Tensor.zeros(shape);
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i + 1;
        }
        return Tensor.wrap(d, shape);
    }

    @Test
    void spanMatchesTheReferenceArithmetic() {
        // L = 3 (L/2 = 1.5), size 8
        assertArrayEquals(new int[] {0, 1}, Cutout.span(0, 3, 8)); // clip(-1.5) = 0, trunc(1.5) = 1
        assertArrayEquals(new int[] {3, 6}, Cutout.span(5, 3, 8)); // trunc(3.5) = 3, trunc(6.5) = 6
        // L = 4, clipped at the far border: [5, clip(9) = 8)
        assertArrayEquals(new int[] {5, 8}, Cutout.span(7, 4, 8));
        // L = 1: [trunc(1.5), trunc(2.5)) = [1, 2), one row *before* the centre, as in the reference
        assertArrayEquals(new int[] {1, 2}, Cutout.span(2, 1, 8));
        assertArrayEquals(new int[] {0, 0}, Cutout.span(0, 1, 8));
        // a hole larger than the image covers all of it
        assertArrayEquals(new int[] {0, 8}, Cutout.span(4, 30, 8));
    }

    @Test
    void nonPositiveLengthOrHolesLeaveTheImageAndTheRngAlone() {
        Tensor x = counting(3, 2, 5, 5);
        Rng rng = new Rng(3);
        long before = rng.state();
        Tensor y = Cutout.apply(x, new int[] {0, -2, 4}, new int[] {2, 1, 0}, rng);
        assertEquals(x, y);
        assertNotSame(x, y);
        assertEquals(before, rng.state());
    }

    /**
     * Replays the documented draw order (per example in order, per hole: row then column) from a
     * copy of the rng and checks that exactly the union of the holes is zero, in every channel.
     */
    @Property(tries = 40)
    void zeroesExactlyTheDrawnHolesInEveryChannel(@ForAll @IntRange(min = 1, max = 6) int h,
                                                  @ForAll @IntRange(min = 1, max = 6) int w,
                                                  @ForAll @IntRange(min = -1, max = 7) int len0,
                                                  @ForAll @IntRange(min = 0, max = 3) int holes0,
                                                  @ForAll long seed) {
        int b = 2;
        int c = 2;
        int[] length = {len0, 3};
        int[] holes = {holes0, 2};
        Tensor x = counting(b, c, h, w);
        Tensor copy = x.copy();
        Rng rng = new Rng(seed);
        Rng replay = Rng.fromState(rng.state());
        Tensor y = Cutout.apply(x, length, holes, rng);
        assertEquals(copy, x);
        boolean[][][] hole = new boolean[b][h][w];
        for (int e = 0; e < b; e++) {
            if (length[e] <= 0 || holes[e] <= 0) {
                continue;
            }
            for (int k = 0; k < holes[e]; k++) {
                int cy = replay.nextInt(h);
                int cx = replay.nextInt(w);
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < w; q++) {
                        double top = Math.max(0, cy - length[e] / 2.0);
                        double bottom = Math.min(h, cy + length[e] / 2.0);
                        double left = Math.max(0, cx - length[e] / 2.0);
                        double right = Math.min(w, cx + length[e] / 2.0);
                        if (r >= Math.floor(top) && r < Math.floor(bottom) && q >= Math.floor(left) && q < Math.floor(right)) {
                            hole[e][r][q] = true;
                        }
                    }
                }
            }
        }
        assertEquals(replay.state(), rng.state());
        for (int e = 0; e < b; e++) {
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < w; q++) {
                        double expected = hole[e][r][q] ? 0.0 : x.get(e, ch, r, q);
                        assertEquals(expected, y.get(e, ch, r, q));
                    }
                }
            }
        }
    }

    @Test
    void sharedParametersAndShapeChecks() {
        Tensor x = counting(2, 1, 4, 4);
        assertEquals(Cutout.apply(x, new int[] {2, 2}, new int[] {1, 1}, new Rng(5)), Cutout.apply(x, 2, 1, new Rng(5)));
        assertThrows(IllegalArgumentException.class, () -> Cutout.apply(x, new int[] {2}, new int[] {1, 1}, new Rng(5)));
        assertThrows(IllegalArgumentException.class, () -> Cutout.apply(Tensor.zeros(4, 4), 2, 1, new Rng(5)));
    }

    @Test
    void holesTakeTheFillValueOfTheirChannel() {
        Tensor x = Tensor.full(0.5, 1, 2, 4, 4);
        Tensor zeroFilled = Cutout.apply(x, new int[] {2}, new int[] {1}, new Rng(5));
        Tensor filled = Cutout.apply(x, new int[] {2}, new int[] {1}, new double[] {0.25, -1.0}, new Rng(5));
        int cut = 0;
        for (int i = 0; i < 32; i++) {
            boolean hole = zeroFilled.data()[i] == 0.0;
            cut += hole ? 1 : 0;
            assertEquals(hole ? (i < 16 ? 0.25 : -1.0) : 0.5, filled.data()[i], 0.0, "element " + i);
        }
        assertTrue(cut > 0, "the same draws cut a hole");
        assertThrows(IllegalArgumentException.class,
                () -> Cutout.apply(x, new int[] {2}, new int[] {1}, new double[] {0.25}, new Rng(5)));
    }
}
