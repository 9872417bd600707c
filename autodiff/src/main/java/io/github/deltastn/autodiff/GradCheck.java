package io.github.deltastn.autodiff;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Numerical checks of derivatives, in the spirit of JAX's {@code check_grads}.
 *
 * <ol>
 *   <li>JVP vs central finite differences in a random direction {@code u}:
 *       {@code J u ≈ (f(x + h u) − f(x − h u)) / 2h}, passing when the max-norm error is at most
 *       {@value #FD_ATOL} absolute or {@value #FD_RTOL} relative to {@code ‖J u‖∞}.</li>
 *   <li>VJP vs JVP: {@code ⟨u, Jᵀw⟩ = ⟨J u, w⟩} for random {@code u, w}, to {@value #ADJOINT_RTOL} relative.</li>
 *   <li>With {@code order = 2}, the same on {@code (x, w) ↦ J(x)ᵀw} (forward-over-reverse and
 *       reverse-over-reverse), and on {@code (x, v) ↦ J(x)v}: its VJP (reverse-over-forward, the mode
 *       Δ-STN relies on) is checked against finite differences, because forward-over-forward would need
 *       nested {@link Jvp#of}, which v1 does not support.</li>
 * </ol>
 *
 * Inputs are passed to {@code f} as {@link Var#param}s. Choose points away from kinks and poles.
 *
 * <p>Float64 only: finite differences with step {@code 1e-5} and the tolerances above are meaningless at
 * float32 precision, so a float32 input is rejected. To check a float32 computation, check it in float64 and
 * compare the float32 results with the float64 ones on the same (rounded) inputs.
 */
public final class GradCheck {
    /** Relative tolerance of the finite-difference comparison. */
    public static final double FD_RTOL = 1e-5;
    /** Absolute tolerance of the finite-difference comparison. */
    public static final double FD_ATOL = 1e-6;
    /** Relative tolerance of the VJP–JVP duality check. */
    public static final double ADJOINT_RTOL = 1e-9;
    private static final double STEP = 1e-5;

    private GradCheck() {}

    /** A failed check; the message says which check, the values and the tolerance. */
    public static final class Failure extends AssertionError {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /**
     * Runs the checks of order 1 (and 2) on {@code f} at {@code xs}.
     *
     * @throws Failure when a derivative disagrees
     */
    public static void check(Function<Var[], Var> f, Tensor[] xs, int order, Rng rng) {
        if (order < 1 || order > 2) {
            throw new IllegalArgumentException("GradCheck.check: order must be 1 or 2, got " + order);
        }
        requireFloat64("GradCheck.check", xs);
        checkJvp("f", f, xs, rng);
        checkVjp("f", f, xs, rng, true);
        if (order == 2) {
            int n = xs.length;
            Tensor y = f.apply(params(xs)).value();
            // (x, w) ↦ J(x)ᵀ w, flattened and concatenated over the inputs
            Function<Var[], Var> vjpFn = in -> {
                Var[] x = Arrays.copyOf(in, n);
                Var w = in[n];
                Var[] g = Grad.of(f.apply(x).mul(w).sum(), Arrays.asList(x), true);
                return flatConcat(g);
            };
            Tensor[] xw = Arrays.copyOf(xs, n + 1);
            xw[n] = Tensor.normal(rng, 0, 1, y.shape());
            checkJvp("(x, w) -> J(x)^T w", vjpFn, xw, rng);
            checkVjp("(x, w) -> J(x)^T w", vjpFn, xw, rng, true);
            // (x, v) ↦ J(x) v
            Function<Var[], Var> jvpFn = in -> Jvp.of(f, Arrays.copyOf(in, n), Arrays.copyOfRange(in, n, 2 * n)).tangent();
            Tensor[] xv = Arrays.copyOf(xs, 2 * n);
            for (int i = 0; i < n; i++) {
                xv[n + i] = Tensor.normal(rng, 0, 1, xs[i].shape());
            }
            checkVjp("(x, v) -> J(x) v", jvpFn, xv, rng, false);
        }
    }

    /** Checks the JVP of {@code f} against central differences in a random direction. */
    public static void checkJvp(String what, Function<Var[], Var> f, Tensor[] xs, Rng rng) {
        requireFloat64("GradCheck.checkJvp", xs);
        Tensor[] u = randomLike(xs, rng);
        Tensor jvp = Jvp.of(f, params(xs), constants(u)).tangent().value();
        Tensor fd = finiteDifference(f, xs, u);
        compareFd(what + ": JVP vs finite differences", jvp, fd);
    }

    /**
     * Checks the VJP of {@code f}: against its JVP by duality when {@code againstJvp}, otherwise against
     * finite differences ({@code ⟨u, Jᵀw⟩ ≈ ⟨FD_u f, w⟩}).
     */
    public static void checkVjp(String what, Function<Var[], Var> f, Tensor[] xs, Rng rng, boolean againstJvp) {
        requireFloat64("GradCheck.checkVjp", xs);
        Tensor[] u = randomLike(xs, rng);
        Var[] p = params(xs);
        Var y = f.apply(p);
        Tensor w = Tensor.normal(rng, 0, 1, y.shape());
        Var[] g = Grad.of(y.mul(Var.constant(w)).sum(), Arrays.asList(p), true);
        double lhs = 0;
        double scale = 0;
        for (int i = 0; i < xs.length; i++) {
            lhs += dot(u[i], g[i].value());
            scale += absDot(u[i], g[i].value());
        }
        if (againstJvp) {
            Tensor jvp = Jvp.of(f, params(xs), constants(u)).tangent().value();
            double rhs = dot(jvp, w);
            scale += absDot(jvp, w);
            if (!(Math.abs(lhs - rhs) <= ADJOINT_RTOL * scale + 1e-12)) {
                throw new Failure(what + ": VJP vs JVP: <u, J^T w> = " + lhs + " but <J u, w> = " + rhs
                        + " (difference " + Math.abs(lhs - rhs) + ", allowed " + (ADJOINT_RTOL * scale + 1e-12) + ")");
            }
        } else {
            double rhs = dot(finiteDifference(f, xs, u), w);
            double err = Math.abs(lhs - rhs);
            if (!(err <= FD_ATOL || err <= FD_RTOL * Math.abs(lhs))) {
                throw new Failure(what + ": VJP vs finite differences: <u, J^T w> = " + lhs + " but <FD_u, w> = " + rhs
                        + " (difference " + err + ", allowed abs " + FD_ATOL + " or rel " + FD_RTOL + ")");
            }
        }
    }

    private static void requireFloat64(String where, Tensor[] xs) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException(where + ": input " + i + " is " + xs[i].dtype()
                        + "; GradCheck works in float64 only (finite differences need the precision): pass "
                        + "x.to(DType.FLOAT64) and compare float32 results against float64 ones separately");
            }
        }
    }

    private static void compareFd(String what, Tensor analytic, Tensor fd) {
        if (!analytic.hasShape(fd.shape())) {
            throw new Failure(what + ": shapes differ: " + Shape.str(analytic.shape()) + " vs " + Shape.str(fd.shape()));
        }
        double err = 0;
        double scale = 0;
        int worst = -1;
        double[] a = analytic.data();
        double[] b = fd.data();
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs(a[i] - b[i]);
            if (!(e <= err)) {
                err = e;
                worst = i;
            }
            scale = Math.max(scale, Math.abs(a[i]));
        }
        if (!(err <= FD_ATOL || err <= FD_RTOL * scale)) {
            throw new Failure(what + ": max error " + err + " at flat index " + worst + " (analytic " + a[worst]
                    + ", finite difference " + b[worst] + "); allowed abs " + FD_ATOL + " or rel " + FD_RTOL
                    + " of " + scale);
        }
    }

    private static Tensor finiteDifference(Function<Var[], Var> f, Tensor[] xs, Tensor[] u) {
        Tensor plus = f.apply(params(shifted(xs, u, STEP))).value();
        Tensor minus = f.apply(params(shifted(xs, u, -STEP))).value();
        double[] out = new double[plus.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (plus.data()[i] - minus.data()[i]) / (2 * STEP);
        }
        return Tensor.wrap(out, plus.shape());
    }

    private static Tensor[] shifted(Tensor[] xs, Tensor[] u, double h) {
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double[] d = xs[i].data().clone();
            double[] ud = u[i].data();
            for (int j = 0; j < d.length; j++) {
                d[j] += h * ud[j];
            }
            out[i] = Tensor.wrap(d, xs[i].shape());
        }
        return out;
    }

    private static Var flatConcat(Var[] parts) {
        Var[] flat = new Var[parts.length];
        for (int i = 0; i < parts.length; i++) {
            flat[i] = parts[i].reshape(-1);
        }
        return Var.concat(0, flat);
    }

    private static Tensor[] randomLike(Tensor[] xs, Rng rng) {
        Tensor[] u = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            u[i] = Tensor.normal(rng, 0, 1, xs[i].shape());
        }
        return u;
    }

    private static Var[] params(Tensor[] xs) {
        Var[] v = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            v[i] = Var.param(xs[i]);
        }
        return v;
    }

    private static Var[] constants(Tensor[] xs) {
        Var[] v = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            v[i] = Var.constant(xs[i]);
        }
        return v;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s;
    }

    private static double absDot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += Math.abs(a.data()[i] * b.data()[i]);
        }
        return s;
    }
}
