package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fully connected layer, PyTorch layout: {@code y = x·Wᵀ + b} with {@code x [B, in]},
 * {@code W [out, in]} ({@code <name>.weight}), {@code b [out]} ({@code <name>.bias}), {@code y [B, out]}.
 * Initialised with PyTorch's default {@code U(±1/√in)}.
 */
public final class Linear implements Module {
    private final String name;
    private final int in;
    private final int out;
    private final boolean bias;

    /** {@code in → out} features, with a bias when {@code bias}. */
    public Linear(String name, int in, int out, boolean bias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear '" + name + "': sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.bias = bias;
    }

    /** With a bias. */
    public Linear(String name, int in, int out) {
        this(name, in, out, true);
    }

    /** {@code <name>.weight}. */
    public String weightName() {
        return name + ".weight";
    }

    /** {@code <name>.bias}. */
    public String biasName() {
        return name + ".bias";
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(weightName(), Init.pytorchDefault(rng, in, out, in));
        if (bias) {
            m.put(biasName(), Init.pytorchDefault(rng, in, out));
        }
        return m;
    }

    @Override
    public Var apply(Params p, Var x) {
        if (x.ndim() != 2 || x.shape()[1] != in) {
            throw new IllegalArgumentException("Linear '" + name + "': expected input [B, " + in + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        Var y = x.matmul(p.get(weightName()), false, true);
        return bias ? y.add(p.get(biasName())) : y;
    }
}
