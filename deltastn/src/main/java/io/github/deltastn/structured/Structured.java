package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import java.util.Arrays;

/** Helpers shared by the structured layers. */
public final class Structured {
    private Structured() {}

    /**
     * True for the response parameters Θ of structured layers — names ending in {@code .W_r}, {@code .b_r},
     * {@code .E_r}, {@code .U} or {@code .V}; everything else (the general weights {@code W_g, b_g, E_g} and
     * every ordinary layer's parameters) belongs to w0 (algorithm.md §4.3).
     */
    public static boolean isResponse(String name) {
        return name.endsWith(".W_r") || name.endsWith(".b_r") || name.endsWith(".E_r") || name.endsWith(".U")
                || name.endsWith(".V");
    }

    /**
     * True when {@code z} is zero everywhere and outside the graph (it may carry a tangent): the Δ-STN
     * linearization point. There the response branch {@code r(z)} is zero, and so are its derivatives with
     * respect to Θ and to the layer input; only its tangent {@code r(ż)} is not, so the layers build just that
     * (see {@link io.github.deltastn.autodiff.Jvp#withTangent}) and the primal stays free of Θ — the backward
     * pass of the Θ step then never walks the primal network.
     */
    static boolean isZeroConstant(Var z) {
        if (z.requiresGrad()) {
            return false;
        }
        for (double v : z.value().data()) {
            if (v != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** {@code y} with {@code t} added to its tangent. */
    static Var addTangent(Var y, Var t) {
        return io.github.deltastn.autodiff.Jvp.withTangent(y, y.tangent() == null ? t : y.tangent().add(t));
    }

    static void checkHyperInput(String layer, Var z, int batch, int h) {
        int[] s = z.shape();
        if (s.length != 2 || s[0] != batch || s[1] != h) {
            throw new IllegalArgumentException(layer + ": hyper input z must be [" + batch + ", " + h + "], got "
                    + Arrays.toString(s));
        }
    }
}
