package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Init;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Helpers shared by the structured layers. Every structured layer names its response parameters Θ itself
 * ({@code responseNames()}); a model collects those names (algorithm.md §4.3), so no parameter becomes Θ by the
 * way it is spelt.
 */
public final class Structured {
    private Structured() {}

    /**
     * {@code general + r(x, z)} for a response branch {@code r} that is linear in {@code z}: the one place where a
     * structured layer combines its two branches. At z = 0 outside the graph (the Δ-STN linearization point)
     * {@code r} and its derivatives with respect to Θ and x vanish; only its tangent {@code r(x, ż)} remains, so
     * just that is built — from the same function — and the primal stays {@code general}, free of Θ.
     */
    static Var withResponse(Var general, Var x, Var z, BinaryOperator<Var> response) {
        if (isZeroConstant(z)) {
            return z.tangent() == null ? general : addTangent(general, response.apply(x.primal(), z.tangent()));
        }
        return general.add(response.apply(x, z));
    }

    /**
     * True when {@code z} is zero everywhere and outside the graph (it may carry a tangent): the Δ-STN
     * linearization point. There the response branch {@code r(z)} is zero, and so are its derivatives with
     * respect to Θ and to the layer input; only its tangent {@code r(ż)} is not, so the layers build just that
     * (see {@link io.github.deltastn.autodiff.Jvp#withTangent}) and the primal stays free of Θ — the backward
     * pass of the Θ step then never walks the primal network.
     */
    private static boolean isZeroConstant(Var z) {
        if (z.requiresGrad()) {
            return false;
        }
        for (double v : z.value().to(DType.FLOAT64).data()) {
            if (v != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** {@code y} with {@code t} added to its tangent. */
    private static Var addTangent(Var y, Var t) {
        return io.github.deltastn.autodiff.Jvp.withTangent(y, y.tangent() == null ? t : y.tangent().add(t));
    }

    /** The response parameters of a layer with per-unit scaling: {@code <name>.W_r, .b_r, .U, .V}. */
    static Set<String> scalingResponseNames(String name) {
        return Set.of(name + ".W_r", name + ".b_r", name + ".U", name + ".V");
    }

    /**
     * The parameters of a layer with per-unit scaling, in this order: {@code W_g, b_g, W_r, b_r} drawn from
     * {@code U(±1/√fanIn)} (PyTorch's default), weights of shape {@code weightShape} and biases {@code [out]},
     * then {@code U = V = 0} of shape {@code [out, h]}, so the layer starts out ignoring z.
     */
    static Map<String, Tensor> scalingInit(String name, Rng rng, int fanIn, int out, int h, int... weightShape) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(name + ".W_g", Init.pytorchDefault(rng, fanIn, weightShape));
        m.put(name + ".b_g", Init.pytorchDefault(rng, fanIn, out));
        m.put(name + ".W_r", Init.pytorchDefault(rng, fanIn, weightShape));
        m.put(name + ".b_r", Init.pytorchDefault(rng, fanIn, out));
        m.put(name + ".U", Tensor.zeros(out, h));
        m.put(name + ".V", Tensor.zeros(out, h));
        return m;
    }

    /**
     * The hyper input {@code z [batch, h]} in the dtype of the layer's weight {@code like}: the design rule of
     * design.md §2 — hyperparameters and their perturbations are float64, the model runs in its own dtype, and
     * the cast is the differentiable {@link Var#to}, so gradients reach λ0 and s in float64 (and a tangent of z
     * is cast along). The identity for a float64 model.
     *
     * @throws IllegalArgumentException when {@code z} is not {@code [batch, h]}
     */
    static Var hyperInput(String layer, Var z, int batch, int h, Var like) {
        checkHyperInput(layer, z, batch, h);
        return z.to(like.value().dtype());
    }

    static void checkHyperInput(String layer, Var z, int batch, int h) {
        int[] s = z.shape();
        if (s.length != 2 || s[0] != batch || s[1] != h) {
            throw new IllegalArgumentException(layer + ": hyper input z must be [" + batch + ", " + h + "], got "
                    + Arrays.toString(s));
        }
    }
}
