package io.github.deltastn.autodiff;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Reverse mode for non-scalar outputs: {@code y = f(x)} and a pullback {@code gy ↦ J_f(x)ᵀ gy}
 * (computed as the gradient of {@code ⟨f(x), gy⟩}).
 */
public final class Vjp {
    private final Var output;
    private final Var[] primals;

    private Vjp(Var output, Var[] primals) {
        this.output = output;
        this.primals = primals;
    }

    /** Runs {@code f} on the primals (which must be {@link Var#param}s) and keeps the graph. */
    public static Vjp of(Function<Var[], Var> f, Var... primals) {
        return new Vjp(f.apply(primals), primals.clone());
    }

    /** {@code y = f(x)}, with its graph. */
    public Var output() {
        return output;
    }

    /** {@code J_f(x)ᵀ gy} for each primal; {@code gy} must have the output's shape and dtype. */
    public Var[] pullback(Var gy) {
        if (!gy.value().hasShape(output.shape())) {
            throw new IllegalArgumentException("Vjp.pullback: cotangent shape " + Arrays.toString(gy.shape())
                    + " differs from the output shape " + Arrays.toString(output.shape()));
        }
        if (gy.dtype() != output.dtype()) {
            throw new IllegalArgumentException("Vjp.pullback: cotangent is " + gy.dtype() + " but the output is "
                    + output.dtype() + "; a cotangent has its output's dtype (convert with Var.to(DType))");
        }
        return Grad.of(output.mul(gy).sum(), Arrays.asList(primals), true);
    }
}
