package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of {@link PrimitiveTableTest} run in float32: forward, VJP, JVP and the two order-2 maps
 * (reverse-over-forward {@code ∇_x ⟨J(x)u, w⟩} and forward-over-reverse {@code d/dε J(x+εu)ᵀw}) computed in
 * float32 must be float32 and agree with the same computation in float64 on the same inputs (rounded to
 * float32 first, so both see identical numbers) to {@value #RTOL} of the float64 result's max norm.
 * {@link GradCheck} stays float64; this is how float32 derivatives are checked.
 */
class PrimitiveTableFloat32Test {
    static final double RTOL = 1e-4;

    static Stream<PrimitiveTableTest.Entry> entries() {
        return PrimitiveTableTest.entries();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void float32AgreesWithFloat64(PrimitiveTableTest.Entry e) {
        Rng rng = new Rng(e.label().hashCode());
        Tensor[] x32 = to(e.inputs().apply(rng), DType.FLOAT32);
        Tensor[] u32 = new Tensor[x32.length];
        for (int i = 0; i < u32.length; i++) {
            u32[i] = Tensor.normal(rng, DType.FLOAT32, 0, 1, x32[i].shape());
        }
        int[] ys = e.f().apply(params(x32)).shape();
        Tensor w32 = Tensor.normal(rng, DType.FLOAT32, 0, 1, ys);
        List<Tensor> r64 = results(e.f(), to(x32, DType.FLOAT64), to(u32, DType.FLOAT64), w32.to(DType.FLOAT64));
        List<Tensor> r32 = results(e.f(), x32, u32, w32);
        String[] what = names(x32.length);
        for (int k = 0; k < r64.size(); k++) {
            Tensor a = r32.get(k);
            Tensor b = r64.get(k);
            assertEquals(DType.FLOAT32, a.dtype(), e + ": " + what[k] + " is not float32");
            assertEquals(DType.FLOAT64, b.dtype(), e + ": " + what[k] + " (float64 run) is not float64");
            double scale = b.maxAbsDiff(Tensor.zeros(b.shape()));
            double err = a.to(DType.FLOAT64).maxAbsDiff(b);
            assertTrue(err <= RTOL * scale + 1e-6, e + ": " + what[k] + " float32 vs float64: max error " + err
                    + ", allowed " + (RTOL * scale + 1e-6) + " (max norm " + scale + ")");
        }
    }

    private static String[] names(int n) {
        List<String> s = new ArrayList<>();
        s.add("forward");
        for (int i = 0; i < n; i++) {
            s.add("VJP[" + i + "]");
        }
        s.add("JVP");
        for (int i = 0; i < n; i++) {
            s.add("reverse-over-forward[" + i + "]");
        }
        s.add("forward-over-reverse");
        return s.toArray(new String[0]);
    }

    /** forward, VJP per input, JVP, reverse-over-forward per input, forward-over-reverse. */
    static List<Tensor> results(Function<Var[], Var> f, Tensor[] x, Tensor[] u, Tensor w) {
        List<Tensor> out = new ArrayList<>();
        Var[] p = params(x);
        Var y = f.apply(p);
        out.add(y.value());
        for (Var g : Grad.of(y.mul(Var.constant(w)).sum(), Arrays.asList(p), true)) {
            out.add(g.value());
        }
        out.add(Jvp.of(f, params(x), constants(u)).tangent().value());
        Var[] q = params(x);
        Var t = Jvp.of(f, q, constants(u)).tangent();
        for (Var g : Grad.of(t.mul(Var.constant(w)).sum(), Arrays.asList(q), true)) {
            out.add(g.value());
        }
        Function<Var[], Var> vjpFn = xs -> {
            Var[] g = Grad.of(f.apply(xs).mul(Var.constant(w)).sum(), Arrays.asList(xs), true);
            Var[] flat = new Var[g.length];
            for (int i = 0; i < g.length; i++) {
                flat[i] = g[i].reshape(-1);
            }
            return Var.concat(0, flat);
        };
        out.add(Jvp.of(vjpFn, params(x), constants(u)).tangent().value());
        return out;
    }

    static Tensor[] to(Tensor[] xs, DType d) {
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i].to(d);
        }
        return out;
    }

    static Var[] params(Tensor[] xs) {
        Var[] v = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            v[i] = Var.param(xs[i]);
        }
        return v;
    }

    static Var[] constants(Tensor[] xs) {
        Var[] v = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            v[i] = Var.constant(xs[i]);
        }
        return v;
    }
}
