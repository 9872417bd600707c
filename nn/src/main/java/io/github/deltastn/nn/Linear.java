package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fully connected layer, PyTorch layout: {@code y = x·Wᵀ + b} with {@code x [B, in]},
 * {@code W [out, in]} ({@code <name>.weight}), {@code b [out]} ({@code <name>.bias}), {@code y [B, out]}.
 * Initialised with PyTorch's default {@code U(±1/√in)}, in the layer's dtype (float32: the float64 draws
 * rounded).
 */
public final class Linear implements Module {
    private final String name;
    private final int in;
    private final int out;
    private final boolean bias;
    private final DType dtype;

    /** {@code in → out} features, with a bias when {@code bias}, float64. */
    public Linear(String name, int in, int out, boolean bias) {
        this(name, in, out, bias, DType.FLOAT64);
    }

    /** {@code in → out} features, with a bias when {@code bias}, parameters of {@code dtype}. */
    public Linear(String name, int in, int out, boolean bias, DType dtype) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear '" + name + "': sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.bias = bias;
        this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
    }

    /** With a bias. */
    public Linear(String name, int in, int out) {
        this(name, in, out, true);
    }

    @Override
    public DType dtype() {
        return dtype;
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
        m.put(weightName(), Init.pytorchDefault(rng, dtype, in, out, in));
        if (bias) {
            m.put(biasName(), Init.pytorchDefault(rng, dtype, in, out));
        }
        return m;
    }

    @Override
    public Var apply(Params p, Var x) {
        if (x.ndim() != 2 || x.shape()[1] != in) {
            throw new IllegalArgumentException("Linear '" + name + "': expected input [B, " + in + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        Layers.requireSameDType("Linear '" + name + "'", x, p.get(weightName()));
        Var y = x.matmul(p.get(weightName()), false, true);
        return bias ? y.add(p.get(biasName())) : y;
    }
}
