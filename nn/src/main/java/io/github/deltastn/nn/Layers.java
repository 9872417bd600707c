package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Parameter-free layers and {@link #sequential} composition. */
public final class Layers {
    private Layers() {}

    /** A parameter-free module applying {@code f}. */
    public static Module of(UnaryOperator<Var> f) {
        return new Module() {
            @Override
            public Map<String, Tensor> init(Rng rng) {
                return new LinkedHashMap<>();
            }

            @Override
            public Var apply(Params p, Var x) {
                return f.apply(x);
            }
        };
    }

    /** {@code y = max(x, 0)}. */
    public static Module relu() {
        return of(Var::relu);
    }

    /** {@code y = tanh(x)}. */
    public static Module tanh() {
        return of(Var::tanh);
    }

    /** {@code y = σ(x)}. */
    public static Module sigmoid() {
        return of(Var::sigmoid);
    }

    /** {@code [B, d1, d2, ...] → [B, d1·d2·...]}. */
    public static Module flatten() {
        return of(x -> x.reshape(x.shape()[0], -1));
    }

    /** Max pooling with a {@code k×k} window and stride {@code stride} (NCHW). */
    public static Module maxPool2d(int k, int stride) {
        return of(x -> x.maxPool2d(k, stride));
    }

    /**
     * Composition {@code m_n ∘ ... ∘ m_1}; {@code init} merges the layers' parameters and rejects duplicate
     * names.
     */
    public static Module sequential(Module... modules) {
        List<Module> ms = Arrays.asList(modules.clone());
        return new Module() {
            @Override
            public Map<String, Tensor> init(Rng rng) {
                Map<String, Tensor> all = new LinkedHashMap<>();
                for (Module m : ms) {
                    for (Map.Entry<String, Tensor> e : m.init(rng).entrySet()) {
                        if (all.put(e.getKey(), e.getValue()) != null) {
                            throw new IllegalArgumentException("sequential: two layers define parameter '" + e.getKey() + "'");
                        }
                    }
                }
                return all;
            }

            @Override
            public Var apply(Params p, Var x) {
                Var y = x;
                for (Module m : ms) {
                    y = m.apply(p, y);
                }
                return y;
            }
        };
    }
}
