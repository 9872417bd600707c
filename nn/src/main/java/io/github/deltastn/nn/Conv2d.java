package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 2-D convolution layer (cross-correlation, NCHW, as PyTorch): {@code y = conv(x, W) + b} with
 * {@code W [out, in, k, k]} ({@code <name>.weight}), {@code b [out]} ({@code <name>.bias}, optional);
 * computed as im2col + GEMM ({@link Var#conv2d(Var, Var, int, int, int)}). Initialised with PyTorch's
 * default {@code U(±1/√(in·k·k))}, in the layer's dtype (float32: the float64 draws rounded).
 */
public final class Conv2d implements Module {
    private final String name;
    private final int in;
    private final int out;
    private final int k;
    private final int stride;
    private final int padding;
    private final boolean bias;
    private final DType dtype;

    /**
     * A {@code kernel×kernel} convolution from {@code in} to {@code out} channels, with a bias when {@code bias}.
     *
     * @throws IllegalArgumentException on a non-positive size or stride, or a negative padding
     */
    public Conv2d(String name, int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(name, in, out, kernel, stride, padding, bias, DType.FLOAT64);
    }

    /**
     * As {@link #Conv2d(String, int, int, int, int, int, boolean)}, with parameters of {@code dtype}.
     *
     * @throws IllegalArgumentException on a non-positive size or stride, or a negative padding
     */
    public Conv2d(String name, int in, int out, int kernel, int stride, int padding, boolean bias, DType dtype) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d '" + name + "': invalid configuration in=" + in + ", out=" + out
                    + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.k = kernel;
        this.stride = stride;
        this.padding = padding;
        this.bias = bias;
        this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
    }

    /** With a bias, as PyTorch's default. */
    public Conv2d(String name, int in, int out, int kernel, int stride, int padding) {
        this(name, in, out, kernel, stride, padding, true);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /** {@code <name>.weight}. */
    public String weightName() {
        return name + ".weight";
    }

    /** {@code <name>.bias} (present only with a bias). */
    public String biasName() {
        return name + ".bias";
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        int fanIn = in * k * k;
        m.put(weightName(), Init.pytorchDefault(rng, dtype, fanIn, out, in, k, k));
        if (bias) {
            m.put(biasName(), Init.pytorchDefault(rng, dtype, fanIn, out));
        }
        return m;
    }

    @Override
    public Var apply(Params p, Var x) {
        Var w = p.get(weightName());
        Layers.requireSameDType("Conv2d '" + name + "'", x, w);
        return bias ? x.conv2d(w, p.get(biasName()), stride, padding, 1) : x.conv2d(w, stride, padding, 1);
    }
}
