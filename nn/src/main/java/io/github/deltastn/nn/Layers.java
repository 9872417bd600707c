package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
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

    /** A parameter-free module applying {@code f}; it works in any dtype (its {@code dtype()} is the default). */
    public static Module of(UnaryOperator<Var> f) {
        return new ParameterFree() {
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
     * Checks that input {@code x} has the dtype of the layer's weight {@code w}.
     *
     * @throws IllegalArgumentException naming the layer and both dtypes otherwise
     */
    static void requireSameDType(String layer, Var x, Var w) {
        if (x.dtype() != w.dtype()) {
            throw new IllegalArgumentException(layer + ": input is " + x.dtype() + " but the weights are " + w.dtype()
                    + "; convert the input with Var.to(DType) or build the layer with the input's dtype");
        }
    }

    /** Marks the modules of {@link #of}: they have no parameters and so no dtype of their own. */
    private interface ParameterFree extends Module {}

    /**
     * Composition {@code m_n ∘ ... ∘ m_1}; {@code init} merges the layers' parameters and rejects duplicate
     * names. Its dtype is the one its layers with parameters share (float64 when there are none).
     *
     * @throws IllegalArgumentException when two layers with parameters have different dtypes
     */
    public static Module sequential(Module... modules) {
        List<Module> ms = Arrays.asList(modules.clone());
        DType common = null;
        for (int i = 0; i < ms.size(); i++) {
            Module m = ms.get(i);
            if (m instanceof ParameterFree) {
                continue;
            }
            if (common != null && m.dtype() != common) {
                throw new IllegalArgumentException("sequential: layer " + i + " is " + m.dtype()
                        + " but an earlier layer is " + common + "; build every layer with the same dtype");
            }
            common = m.dtype();
        }
        DType dtype = common == null ? DType.FLOAT64 : common;
        return new Module() {
            @Override
            public DType dtype() {
                return dtype;
            }

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
