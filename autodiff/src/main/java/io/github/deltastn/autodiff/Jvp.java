package io.github.deltastn.autodiff;

import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.function.Function;

/**
 * Forward mode with dual numbers: {@code (f(x), J_f(x)·t)} in one pass.
 *
 * <p>The primals are given tangents, {@code f} runs as usual and every primitive's JVP rule propagates
 * the tangent alongside the value; every other {@code Var} that {@code f} touches (parameters, captured
 * constants) has a zero tangent. JVP rules see primals that keep their graph nodes, so both parts of
 * the returned {@link Dual} are reverse-differentiable with respect to anything that has a node —
 * parameters inside {@code f}, the primals and the tangents. Nesting {@code Jvp.of} is not supported
 * (one tangent level per thread).
 */
public final class Jvp {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Jvp() {}

    /** True while the current thread is inside {@code Jvp.of}. */
    static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    /**
     * {@code (f(x), Σ_i ∂f/∂x_i · t_i)}.
     *
     * @throws IllegalArgumentException on a count, shape or dtype mismatch between primals and tangents, if a
     *     primal already carries a tangent, or when called inside another {@code Jvp.of}
     */
    public static Dual of(Function<Var[], Var> f, Var[] primals, Var[] tangents) {
        if (active()) {
            throw new IllegalArgumentException("Jvp.of: nested forward mode (Jvp.of inside Jvp.of) is not supported;"
                    + " compose the tangents by hand or use reverse mode (Grad.of) for the outer derivative");
        }
        if (primals.length != tangents.length) {
            throw new IllegalArgumentException("Jvp.of: " + primals.length + " primals but " + tangents.length
                    + " tangents; expected one tangent per primal");
        }
        Var[] xs = new Var[primals.length];
        for (int i = 0; i < xs.length; i++) {
            if (primals[i].tangent() != null) {
                throw new IllegalArgumentException("Jvp.of: primal " + i + " already carries a tangent");
            }
            if (!tangents[i].value().hasShape(primals[i].shape())) {
                throw new IllegalArgumentException("Jvp.of: tangent " + i + " has shape " + Shape.str(tangents[i].shape())
                        + ", expected the primal's shape " + Shape.str(primals[i].shape()));
            }
            if (tangents[i].dtype() != primals[i].dtype()) {
                throw new IllegalArgumentException("Jvp.of: tangent " + i + " is " + tangents[i].dtype()
                        + " but its primal is " + primals[i].dtype() + "; a tangent has its primal's dtype"
                        + " (convert with Var.to(DType))");
            }
            xs[i] = new Var(primals[i].value(), primals[i].node, tangents[i].primal());
        }
        Var y;
        DEPTH.get()[0]++;
        try {
            y = f.apply(xs);
        } finally {
            DEPTH.get()[0]--;
        }
        Var t = y.tangent() != null ? y.tangent() : Var.constant(Tensor.zeros(y.dtype(), y.shape()));
        return new Dual(y.primal(), t);
    }

    /**
     * A custom JVP rule: {@code primal}'s value and graph node with {@code tangent} as its tangent (like
     * {@code jax.custom_jvp}). The caller guarantees that {@code tangent} is the derivative of the value it
     * stands for; use it where the generic rules would do needless work, e.g. a term whose value and whose
     * derivative with respect to the parameters vanish at the point of linearization, so only its tangent
     * needs to be built.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static Var withTangent(Var primal, Var tangent) {
        if (!tangent.value().hasShape(primal.shape())) {
            throw new IllegalArgumentException("Jvp.withTangent: tangent of shape " + Shape.str(tangent.shape())
                    + " for a value of shape " + Shape.str(primal.shape()));
        }
        return new Var(primal.value(), primal.node, tangent.primal());
    }

    /** Single-input form of {@link #of(Function, Var[], Var[])}. */
    public static Dual of(Function<Var, Var> f, Var primal, Var tangent) {
        return of(xs -> f.apply(xs[0]), new Var[] {primal}, new Var[] {tangent});
    }

    /** What a function hands to {@link #withAux}: its output, and an auxiliary value that is not linearized. */
    public record HasAux(Var out, Var aux) {}

    /** The result of {@link #withAux}: {@code (f(x).out, J·t)} and {@code f(x).aux}. */
    public record DualAux(Dual dual, Var aux) {}

    /**
     * {@code jax.jvp} with {@code has_aux}: {@code (f(x).out, J_out(x)·t)} as in {@link #of(Function, Var, Var)},
     * and {@code f(x).aux} as {@code f} computed it, without a tangent (its reverse-mode graph kept). The
     * auxiliary value may be {@code null}. Typical use: a penalty computed inside {@code f} from
     * {@link #linearizedValue}s, which must be added to a loss but not linearized again.
     */
    public static DualAux withAux(Function<Var, HasAux> f, Var primal, Var tangent) {
        Var[] aux = new Var[1];
        Dual d = of(x -> {
            HasAux r = f.apply(x);
            aux[0] = r.aux();
            return r.out();
        }, primal, tangent);
        return new DualAux(d, aux[0] == null ? null : aux[0].primal());
    }

    /**
     * Inside {@code Jvp.of}: {@code v + v̇}, the value of the linearized function at the tangent, as a value
     * without a tangent (reverse-differentiable); outside, or when {@code v} has no tangent: {@code v} itself.
     * With the primal at 0 and tangent ε, this is what a first-order Taylor model of {@code v} predicts at ε.
     */
    public static Var linearizedValue(Var v) {
        return v.tangent() == null ? v : v.primal().add(v.tangent());
    }
}
