package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.ElementwiseTest.Gen;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BroadcastTest {

    @Property(tries = 100)
    void broadcastToMatchesNaive(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] to = Gen.shape(rng, 4, 4, true);
        int[] from = Gen.broadcastableTo(rng, to);
        Tensor xd = Gen.tensor(rng, from).to(dtype);
        Tensor y = Broadcast.broadcastTo(xd, to);
        assertEquals(dtype, y.dtype());
        y = y.to(DType.FLOAT64);
        Tensor x = xd.to(DType.FLOAT64);
        assertArrayEquals(to, y.shape());
        for (int i = 0; i < y.size(); i++) {
            assertEquals(x.data()[Gen.broadcastSource(Gen.unravel(i, to), from)], y.data()[i],
                    Arrays.toString(from) + " -> " + Arrays.toString(to));
        }
    }

    @Property(tries = 100)
    void sumToMatchesNaive(@ForAll long seed, @ForAll DType dtype) {
        Rng rng = new Rng(seed);
        int[] from = Gen.shape(rng, 4, 4, true);
        int[] to = Gen.broadcastableTo(rng, from);
        Tensor xd = Gen.tensor(rng, from).to(dtype);
        Tensor y = Broadcast.sumTo(xd, to);
        assertEquals(dtype, y.dtype());
        y = y.to(DType.FLOAT64);
        Tensor x = xd.to(DType.FLOAT64);
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertArrayEquals(to, y.shape());
        double[] expected = new double[Shape.size(to)];
        for (int i = 0; i < x.size(); i++) {
            expected[Gen.broadcastSource(Gen.unravel(i, from), to)] += x.data()[i];
        }
        Gen.assertClose(expected, y.data(), tol, tol, Arrays.toString(from) + " -> " + Arrays.toString(to));
    }

    /** ⟨broadcastTo(a, s), b⟩ = ⟨a, sumTo(b, a.shape)⟩. */
    @Property(tries = 100)
    void broadcastToAndSumToAreAdjoint(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] big = Gen.shape(rng, 4, 5, true);
        int[] small = Gen.broadcastableTo(rng, big);
        Tensor a = Gen.tensor(rng, small);
        Tensor b = Gen.tensor(rng, big);
        double lhs = Gen.inner(Broadcast.broadcastTo(a, big), b);
        double rhs = Gen.inner(a, Broadcast.sumTo(b, small));
        assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)));
    }

    @Test
    void edgeCases() {
        Tensor s = Tensor.scalar(2.5);
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5, 2.5, 2.5}, Broadcast.broadcastTo(s, 2, 3).data());
        assertArrayEquals(new int[0], Broadcast.broadcastTo(s).shape());
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(21.0, Broadcast.sumTo(x).item());
        assertArrayEquals(new double[] {5, 7, 9}, Broadcast.sumTo(x, 3).data());
        assertArrayEquals(new double[] {5, 7, 9}, Broadcast.sumTo(x, 1, 3).data());
        assertArrayEquals(new double[] {6, 15}, Broadcast.sumTo(x, 2, 1).data());
        assertArrayEquals(new int[] {0, 3}, Broadcast.broadcastTo(Tensor.zeros(3), 0, 3).shape());
        assertArrayEquals(new double[] {0, 0, 0}, Broadcast.sumTo(Tensor.zeros(0, 3), 3).data());
        Tensor same = Broadcast.broadcastTo(x, 2, 3);
        assertEquals(x, same);
        assertNotSame(x.data(), same.data());
        assertNotSame(x.data(), Broadcast.sumTo(x, 2, 3).data());
    }

    @Test
    void errorsNameOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.broadcastTo(Tensor.zeros(2, 3), 3, 3));
        assertTrue(e.getMessage().contains("broadcastTo") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Broadcast.broadcastTo(Tensor.zeros(2, 3), 3));
        assertTrue(e.getMessage().contains("broadcastTo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Broadcast.sumTo(Tensor.zeros(3), 2, 3));
        assertTrue(e.getMessage().contains("sumTo") && e.getMessage().contains("[3]")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
