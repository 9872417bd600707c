package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import java.util.Arrays;

/** Helpers shared by the structured layers. */
public final class Structured {
    private Structured() {}

    /**
     * True for the response parameters Θ of structured layers — names ending in {@code .W_r}, {@code .b_r},
     * {@code .E_r}, {@code .U} or {@code .V}; everything else (the general weights {@code W_g, b_g, E_g} and
     * every ordinary layer's parameters) belongs to w0 (ALGORITHM.md §4.3).
     */
    public static boolean isResponse(String name) {
        return name.endsWith(".W_r") || name.endsWith(".b_r") || name.endsWith(".E_r") || name.endsWith(".U")
                || name.endsWith(".V");
    }

    /**
     * True when {@code z} is a constant (no graph, no tangent) equal to zero everywhere: then the response
     * branch contributes nothing to the value, gradient or tangent, and the layer skips it (the w0 step
     * and evaluation of centered STN / Δ-STN).
     */
    static boolean isInertZero(Var z) {
        if (z.requiresGrad() || z.tangent() != null) {
            return false;
        }
        for (double v : z.value().data()) {
            if (v != 0.0) {
                return false;
            }
        }
        return true;
    }

    static void checkHyperInput(String layer, Var z, int batch, int h) {
        int[] s = z.shape();
        if (s.length != 2 || s[0] != batch || s[1] != h) {
            throw new IllegalArgumentException(layer + ": hyper input z must be [" + batch + ", " + h + "], got "
                    + Arrays.toString(s));
        }
    }
}
