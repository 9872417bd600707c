package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link Var#mean} and {@link Var#maxKeepDims} against the {@link Reduce} kernels. */
class ReductionsTest {

    @Test
    void meanAgreesWithReduceMeanIncludingEmptyTensors() {
        Rng r = new Rng(4);
        Tensor x = Tensor.normal(r, 0, 1, 2, 3, 4);
        assertEquals(Reduce.mean(x, false).item(), Var.constant(x).mean().item(), 1e-15);
        assertTrue(Var.constant(x).mean(0, 2).value().allClose(Reduce.mean(x, false, 0, 2), 1e-15, 0));
        assertTrue(Var.constant(x).meanKeepDims(1).value().allClose(Reduce.mean(x, true, 1), 1e-15, 0));
        // empty results are fine and empty on both sides
        Tensor e = Tensor.zeros(0, 3);
        assertArrayEquals(Reduce.mean(e, false, 1).shape(), Var.constant(e).mean(1).shape());
        Tensor z = Tensor.zeros(0, 0);
        assertArrayEquals(Reduce.mean(z, false, 0).shape(), Var.constant(z).mean(0).shape());
        // averaging over zero elements: the same error from both
        sameError(() -> Reduce.mean(e, false), () -> Var.constant(e).mean());
        sameError(() -> Reduce.mean(e, false, 0), () -> Var.constant(e).mean(0));
        sameError(() -> Reduce.mean(Tensor.zeros(3, 0), true, -1), () -> Var.param(Tensor.zeros(3, 0)).meanKeepDims(-1));
    }

    static void sameError(Executable reduce, Executable var) {
        String a = assertThrows(IllegalArgumentException.class, reduce).getMessage();
        String b = assertThrows(IllegalArgumentException.class, var).getMessage();
        assertEquals(a, b);
        assertTrue(a.contains("mean") && a.contains("zero elements"), a);
    }

    @Test
    void maxKeepDimsKeepsTheAxisAndRoutesTheGradientLikeMax() {
        Tensor x0 = Tensor.of(new double[] {1, 5, 3, 7, 2, 4, 0, 6, 8, -1, 9, 2}, 2, 3, 2);
        for (int axis : new int[] {0, 1, -1}) {
            Var x = Var.param(x0);
            Var k = x.maxKeepDims(axis);
            Var m = x.max(axis);
            assertTrue(k.value().allClose(Reduce.max(x0, axis, true), 0, 0), "axis " + axis);
            assertEquals(k.value().reshape(-1), m.value().reshape(-1));
            // broadcasting back: x − max ≤ 0, with equality at the argmax
            Tensor d = x.sub(k).value();
            for (double v : d.data()) {
                assertTrue(v <= 0);
            }
            Tensor w = Tensor.normal(new Rng(axis + 10), 0, 1, k.shape());
            Tensor gk = Grad.values(k.mul(Var.constant(w)).sum(), x)[0];
            Tensor gm = Grad.values(m.mul(Var.constant(w.reshape(m.shape()))).sum(), x)[0];
            assertEquals(gm, gk);
        }
        assertThrows(IllegalArgumentException.class, () -> Var.param(x0).maxKeepDims(3));
    }
}
