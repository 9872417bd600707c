package io.github.deltastn.train;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Hvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Tensor;
import java.util.List;
import java.util.function.BiFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The gradient-based hypergradients Δ-STN is compared with, on the same engine.
 *
 * <p><b>Implicit differentiation</b> ({@link #implicit}; Lorraine et al., 2020): at weights {@code w} that minimise
 * the training loss {@code L_T(w, λ)},
 * <pre>
 *   dL_V/dλ = ∂L_V/∂λ − (∂²L_T/∂λ∂w) · H⁻¹ · ∇_w L_V,   H = ∂²L_T/∂w²,
 * </pre>
 * with {@code H⁻¹·g} solved exactly (H formed from {@code n} Hessian-vector products, then an EJML solve: for
 * small {@code n}), by {@code K + 1} terms of the Neumann series {@code α Σ_{k≤K} (I − αH)^k g} (converges when
 * {@code 0 < α < 2/λ_max(H)}), or by {@code K} conjugate-gradient steps on {@code (H + δI) q = g} (δ ≥ 0, the
 * damping). Every product with H is a {@link Hvp} (reverse over forward); the mixed term comes from the same
 * product, whose λ block is {@code ∇_λ(∇_w L_T · q)}. Away from a minimum the formula is the usual
 * approximation, not the exact derivative.
 *
 * <p><b>Truncated unrolling</b> (Shaban et al., 2019): {@code d L_V(w_K(λ), λ)/dλ} through the last K SGD steps
 * {@code w_{t+1} = w_t − η ∇_w L_T(w_t, λ)} from {@code w_0} (held fixed), in either mode:
 * <ul>
 *   <li>{@link #unrolled}, reverse mode through the steps' own gradients (reverse over reverse): time and
 *       memory grow linearly in K, the K backward passes of L_T kept in one graph (about 0.4 GB per step on a
 *       2.4M-weight MLP at batch 128);</li>
 *   <li>{@link #unrolledForward}, forward mode (Franceschi et al., 2017): the tangents {@code Z_t = dw_t/dλ [n, h]}
 *       follow {@code Z_{t+1} = Z_t − η (H_t Z_t + ∂²L_T/∂w∂λ)}, one {@link Hvp} per hyperparameter and step, and
 *       {@code dL_V/dλ = ∂L_V/∂λ + Z_Kᵀ ∇_w L_V}: memory {@code h + 2} weight vectors whatever K, time
 *       {@code K·(h + 1)} gradient-sized passes. What {@link Method#UNROLL} uses.</li>
 * </ul>
 * Both give the same number up to rounding. At a minimum {@code w_0 = w*(λ)} it equals {@link #implicit} with
 * K − 1 Neumann terms and α = η, so it tends to the exact hypergradient as K grows (when {@code η < 2/λ_max(H)}).
 *
 * <p>Shapes: {@code w [n]} (the weights flattened), {@code λ [h]}; the result is {@code [h]}. Float64 only. The
 * tuning methods {@link Method#IFT} and {@link Method#UNROLL} call these at every hyper step
 * ({@link StepContext#hypergradient}).
 */
public final class Hypergradients {
    private Hypergradients() {}

    /** How {@code H⁻¹·g} is approximated. */
    public enum Kind { EXACT, NEUMANN, CG }

    /**
     * An approximation of {@code H⁻¹·g}: {@link #exact()}, {@link #neumann(int, double)} or {@link #cg(int, double)}.
     *
     * @param terms K, the Neumann terms after the first or the CG steps (unused for EXACT)
     * @param scale α for Neumann, the damping δ for CG (unused for EXACT)
     */
    public record Inverse(Kind kind, int terms, double scale) {
        public Inverse {
            if (kind != Kind.EXACT && terms < 0) {
                throw new IllegalArgumentException("Hypergradients.Inverse: terms must be >= 0, got " + terms);
            }
            if (kind == Kind.NEUMANN && !(scale > 0 && Double.isFinite(scale))) {
                throw new IllegalArgumentException("Hypergradients.Inverse: the Neumann step α must be > 0, got " + scale);
            }
            if (kind == Kind.CG && !(scale >= 0 && Double.isFinite(scale))) {
                throw new IllegalArgumentException("Hypergradients.Inverse: the CG damping must be >= 0, got " + scale);
            }
        }

        /** H⁻¹ from the formed Hessian. */
        public static Inverse exact() {
            return new Inverse(Kind.EXACT, 0, 0);
        }

        /** {@code α Σ_{k=0..K} (I − αH)^k}. */
        public static Inverse neumann(int terms, double alpha) {
            return new Inverse(Kind.NEUMANN, terms, alpha);
        }

        /** K conjugate-gradient steps on {@code H + δI}, from 0. */
        public static Inverse cg(int steps, double damping) {
            return new Inverse(Kind.CG, steps, damping);
        }
    }

    /**
     * The hypergradient {@code [h]} at {@code (w, λ)}.
     *
     * @param trainLoss {@code (w [n], λ [h]) ↦ L_T}, a scalar
     * @param validLoss {@code (w [n], λ [h]) ↦ L_V}, a scalar (it may ignore λ)
     * @throws IllegalArgumentException if {@code w} or {@code λ} is not 1-D float64
     */
    public static Tensor implicit(BiFunction<Var, Var, Var> trainLoss, BiFunction<Var, Var, Var> validLoss,
                                  Tensor w, Tensor lambda, Inverse inverse) {
        checkVectors("implicit", w, lambda);
        Var wv = Var.param(w);
        Var lv = Var.param(lambda);
        Var[] gv = Grad.of(validLoss.apply(wv, lv), List.of(wv, lv), true);
        Tensor g = gv[0].value();
        Tensor q = switch (inverse.kind()) {
            case EXACT -> solveExact(trainLoss, w, lambda, g);
            case NEUMANN -> neumann(trainLoss, w, lambda, g, inverse.terms(), inverse.scale());
            case CG -> conjugateGradient(trainLoss, w, lambda, g, inverse.terms(), inverse.scale());
        };
        Tensor mixed = products(trainLoss, w, lambda, q)[1];
        double[] out = gv[1].value().data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= mixed.data()[i];
        }
        return Tensor.wrap(out, lambda.size());
    }

    /**
     * The unrolled hypergradient {@code [h]}: {@code d L_V(w_K, λ)/dλ} with {@code w_K} after {@code steps} SGD steps
     * of rate {@code lr} on {@code trainLoss} from {@code w0}.
     *
     * @throws IllegalArgumentException if {@code steps < 1}, {@code lr} is not positive, or the shapes are wrong
     */
    public static Tensor unrolled(BiFunction<Var, Var, Var> trainLoss, BiFunction<Var, Var, Var> validLoss, Tensor w0,
                                  Tensor lambda, int steps, double lr) {
        checkVectors("unrolled", w0, lambda);
        if (steps < 1 || !(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("Hypergradients.unrolled: need steps >= 1 and lr > 0, got steps=" + steps
                    + ", lr=" + lr);
        }
        Var lam = Var.param(lambda);
        Var w = Var.param(w0);
        for (int t = 0; t < steps; t++) {
            Var g = Grad.of(trainLoss.apply(w, lam), List.of(w), true)[0];
            w = w.sub(g.mul(lr));
        }
        return Grad.of(validLoss.apply(w, lam), List.of(lam), true)[0].value();
    }

    /**
     * {@link #unrolled}'s hypergradient {@code [h]} in forward mode: the tangents {@code dw_t/dλ_j} carried through
     * the {@code steps} SGD steps beside the weights.
     *
     * @throws IllegalArgumentException if {@code steps < 1}, {@code lr} is not positive, or the shapes are wrong
     */
    public static Tensor unrolledForward(BiFunction<Var, Var, Var> trainLoss, BiFunction<Var, Var, Var> validLoss,
                                         Tensor w0, Tensor lambda, int steps, double lr) {
        checkVectors("unrolledForward", w0, lambda);
        if (steps < 1 || !(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("Hypergradients.unrolledForward: need steps >= 1 and lr > 0, got steps="
                    + steps + ", lr=" + lr);
        }
        int n = w0.size();
        int h = lambda.size();
        double[][] z = new double[h][n];
        double[] w = w0.data().clone();
        for (int t = 0; t < steps; t++) {
            Tensor wt = Tensor.wrap(w, n);
            double[][] dz = new double[h][];
            for (int j = 0; j < h; j++) {
                double[] e = new double[h];
                e[j] = 1;
                // d/dε ∇_w L_T(w + ε Z_j, λ + ε e_j) = H Z_j + ∂²L_T/∂w∂λ_j
                dz[j] = Hvp.of(x -> trainLoss.apply(x[0], x[1]), new Var[] {Var.param(wt), Var.param(lambda)},
                        new Var[] {Var.constant(Tensor.wrap(z[j], n)), Var.constant(Tensor.wrap(e, h))})[0].value().data();
            }
            Var wv = Var.param(wt);
            double[] g = Grad.values(trainLoss.apply(wv, Var.constant(lambda)), wv)[0].data();
            // in place: this step's graphs, which read w and z, are done
            for (int i = 0; i < n; i++) {
                w[i] -= lr * g[i];
            }
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < n; i++) {
                    z[j][i] -= lr * dz[j][i];
                }
            }
        }
        Var wv = Var.param(Tensor.wrap(w, n));
        Var lv = Var.param(lambda);
        Tensor[] gv = Grad.values(validLoss.apply(wv, lv), List.of(wv, lv), true);
        double[] out = gv[1].data().clone();
        for (int j = 0; j < h; j++) {
            out[j] += dot(z[j], gv[0].data());
        }
        return Tensor.wrap(out, h);
    }

    private static void checkVectors(String what, Tensor w, Tensor lambda) {
        if (w.ndim() != 1 || lambda.ndim() != 1 || w.dtype() != io.github.deltastn.core.DType.FLOAT64
                || lambda.dtype() != io.github.deltastn.core.DType.FLOAT64) {
            throw new IllegalArgumentException("Hypergradients." + what + ": expected float64 vectors w [n] and λ [h], "
                    + "got w " + io.github.deltastn.core.Shape.str(w.shape()) + " " + w.dtype() + " and λ "
                    + io.github.deltastn.core.Shape.str(lambda.shape()) + " " + lambda.dtype());
        }
    }

    /** {@code [H·v, (∂²L_T/∂λ∂w)·v]}: one Hessian-vector product of L_T in (w, λ) along (v, 0). */
    static Tensor[] products(BiFunction<Var, Var, Var> trainLoss, Tensor w, Tensor lambda, Tensor v) {
        Var[] hv = Hvp.of(x -> trainLoss.apply(x[0], x[1]), new Var[] {Var.param(w), Var.param(lambda)},
                new Var[] {Var.constant(v), Var.constant(Tensor.zeros(lambda.size()))});
        return new Tensor[] {hv[0].value(), hv[1].value()};
    }

    private static Tensor hessianTimes(BiFunction<Var, Var, Var> trainLoss, Tensor w, Tensor lambda, Tensor v) {
        return products(trainLoss, w, lambda, v)[0];
    }

    private static Tensor solveExact(BiFunction<Var, Var, Var> trainLoss, Tensor w, Tensor lambda, Tensor g) {
        int n = w.size();
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            double[] col = hessianTimes(trainLoss, w, lambda, Tensor.wrap(e, n)).data();
            for (int i = 0; i < n; i++) {
                h.set(i, j, col[i]);
            }
        }
        DMatrixRMaj q = new DMatrixRMaj(n, 1);
        if (!CommonOps_DDRM.solve(h, new DMatrixRMaj(n, 1, true, g.data().clone()), q)) {
            throw new IllegalArgumentException("Hypergradients: the training loss's Hessian (" + n + "×" + n
                    + ") is singular at these weights; use a damped CG inverse");
        }
        return Tensor.wrap(q.getData(), n);
    }

    private static Tensor neumann(BiFunction<Var, Var, Var> trainLoss, Tensor w, Tensor lambda, Tensor g, int terms,
                                  double alpha) {
        double[] p = g.data().clone();
        double[] sum = p.clone();
        for (int k = 1; k <= terms; k++) {
            double[] hp = hessianTimes(trainLoss, w, lambda, Tensor.wrap(p.clone(), p.length)).data();
            for (int i = 0; i < p.length; i++) {
                p[i] -= alpha * hp[i];
                sum[i] += p[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= alpha;
        }
        return Tensor.wrap(sum, sum.length);
    }

    private static Tensor conjugateGradient(BiFunction<Var, Var, Var> trainLoss, Tensor w, Tensor lambda, Tensor g,
                                            int steps, double damping) {
        int n = g.size();
        double[] x = new double[n];
        double[] r = g.data().clone();
        double[] p = r.clone();
        double rr = dot(r, r);
        for (int k = 0; k < steps && rr > 0; k++) {
            double[] ap = hessianTimes(trainLoss, w, lambda, Tensor.wrap(p.clone(), n)).data();
            for (int i = 0; i < n; i++) {
                ap[i] += damping * p[i];
            }
            double pap = dot(p, ap);
            if (!(pap > 0)) {
                break; // not positive definite along p: keep the iterate so far
            }
            double a = rr / pap;
            for (int i = 0; i < n; i++) {
                x[i] += a * p[i];
                r[i] -= a * ap[i];
            }
            double rrNext = dot(r, r);
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + rrNext / rr * p[i];
            }
            rr = rrNext;
        }
        return Tensor.wrap(x, n);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
