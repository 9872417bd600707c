package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Var#to(DType)}, dtypes of gradients and tangents, and the mixed-dtype errors. */
class DTypeTest {
    static final DType F64 = DType.FLOAT64;
    static final DType F32 = DType.FLOAT32;

    private static Tensor x64() {
        return Tensor.normal(new Rng(7), 0, 1, 2, 3);
    }

    @Test
    void castRoundTripIsRoundingThenExact() {
        Tensor x = x64();
        Var v = Var.param(x);
        Var y = v.to(F32).to(F64);
        assertEquals(F64, y.dtype());
        assertEquals(x.to(F32).to(F64), y.value());
        assertSame(v, v.to(F64), "a cast to the own dtype is the identity");
        Tensor x32 = x.to(F32);
        assertEquals(x32, Var.constant(x32).to(F64).to(F32).value(), "float32 -> float64 -> float32 is exact");
    }

    @Test
    void gradientThroughCastsIsCastBack() {
        // f(x) = sum(round32(x)^2 computed in float32), as float64: df/dx = 2·round32(x), computed in float32
        Tensor x = x64();
        Var v = Var.param(x);
        Var loss = v.to(F32).square().sum().to(F64);
        Tensor g = Grad.of(loss, v)[0].value();
        assertEquals(F64, g.dtype());
        Tensor x32 = x.to(F32);
        Tensor expect = x32.to(F64).copy();
        float[] xf = x32.floatData();
        double[] e = expect.data();
        for (int i = 0; i < e.length; i++) {
            e[i] = 2f * xf[i];
        }
        assertEquals(expect, g);
        // and the float32 leaf of a float64 computation gets a float32 gradient
        Var p = Var.param(x32);
        Tensor g32 = Grad.of(p.to(F64).mul(3.0).sum(), p)[0].value();
        assertEquals(Tensor.full(F32, 3.0, 2, 3), g32);
    }

    @Test
    void tangentThroughCastIsCast() {
        Tensor x = x64();
        Tensor t = Tensor.normal(new Rng(8), 0, 1, 2, 3);
        Dual d = Jvp.of(v -> v.to(F32).mul(2.0), Var.param(x), Var.constant(t));
        assertEquals(F32, d.tangent().dtype());
        assertEquals(Elementwise2.times2(t.to(F32)), d.tangent().value());
        // order 2 through a cast: Hvp of sum(x^3) in float32 is 6·x·v
        Tensor x32 = x.to(F32);
        Tensor v32 = t.to(F32);
        Var h = Hvp.of(v -> v.mul(v).mul(v).sum(), Var.param(x32), Var.constant(v32));
        assertEquals(F32, h.dtype());
        Tensor want = Hvp.of(v -> v.mul(v).mul(v).sum(), Var.param(x32.to(F64)), Var.constant(v32.to(F64))).value();
        assertTrue(h.value().to(F64).allClose(want, 1e-6, 1e-6));
    }

    /** Tiny helper: 2·t in t's dtype, computed element-wise as the kernel does. */
    private static final class Elementwise2 {
        static Tensor times2(Tensor t) {
            return io.github.deltastn.core.Elementwise.mulScalar(t, 2.0);
        }
    }

    @Test
    void float32EndToEndStaysFloat32() {
        Rng r = new Rng(3);
        Var w = Var.param(Tensor.normal(r, F32, 0, 1, 4, 3));
        Var x = Var.constant(Tensor.normal(r, F32, 0, 1, 5, 4));
        Var loss = x.matmul(w).tanh().logSoftmax(1).mean().neg().add(Var.param(Tensor.scalar(F32, 0.5)).square());
        assertEquals(F32, loss.dtype());
        Tensor[] g = Grad.values(loss, w);
        assertEquals(F32, g[0].dtype());
        Var[] unused = Grad.of(loss, List.of(w, Var.param(Tensor.zeros(F32, 2))), true);
        assertEquals(F32, unused[1].dtype(), "the zero gradient of an unused input has its dtype");
        try (NoGrad s = NoGrad.enter()) {
            assertEquals(F32, x.matmul(w).sum().dtype());
        }
    }

    @Test
    void mixedDtypesThrowNamingTheOpAndBothDtypes() {
        Var a = Var.param(Tensor.ones(F64, 2, 3));
        Var b = Var.param(Tensor.ones(F32, 2, 3));
        assertMixed("add", () -> a.add(b));
        assertMixed("mul", () -> a.mul(b.slice(0, 0, 1)));
        assertMixed("matmul", () -> a.matmul(b, false, true));
        assertMixed("concat", () -> Var.concat(0, a, b));
        assertMixed("where", () -> Var.where(Tensor.ones(2, 3), a, b));
    }

    private static void assertMixed(String op, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(op) && e.getMessage().contains("float64")
                && e.getMessage().contains("float32") && e.getMessage().contains("Var.to"), e.getMessage());
    }

    @Test
    void whereAcceptsAMaskOfEitherDtype() {
        Tensor mask = Tensor.of(new double[] {1e-60, 0, -2}, 3);
        Var a = Var.constant(Tensor.full(F32, 1, 3));
        Var b = Var.constant(Tensor.full(F32, 2, 3));
        assertEquals(Tensor.of(new float[] {1, 2, 1}, 3), Var.where(mask, a, b).value(),
                "a tiny float64 mask value stays true");
    }

    @Test
    void tangentAndCotangentDtypesMustMatchThePrimal() {
        Var x = Var.param(Tensor.ones(F32, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jvp.of(v -> v.square(), x, Var.constant(Tensor.ones(F64, 3))));
        assertTrue(e.getMessage().contains("Jvp.of: tangent 0 is float64 but its primal is float32"), e.getMessage());
        Vjp vjp = Vjp.of(v -> v[0].square(), x);
        e = assertThrows(IllegalArgumentException.class, () -> vjp.pullback(Var.constant(Tensor.ones(F64, 3))));
        assertTrue(e.getMessage().contains("Vjp.pullback: cotangent is float64 but the output is float32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Hvp.of(v -> v.square().sum(), x, Var.constant(Tensor.ones(F64, 3))));
        assertTrue(e.getMessage().contains("Hvp.of: direction 0 is float64 but its primal is float32"), e.getMessage());
        assertEquals(F32, vjp.pullback(Var.constant(Tensor.ones(F32, 3)))[0].dtype());
    }

    @Test
    void gradCheckRejectsFloat32() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(v -> v[0].square(), new Tensor[] {Tensor.ones(F32, 2)}, 1, new Rng(1)));
        assertTrue(e.getMessage().contains("float64 only"), e.getMessage());
    }
}
