package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 2-D convolution layer (cross-correlation, NCHW, as PyTorch): {@code y = conv(x, W) + b} with
 * {@code W [out, in, k, k]} ({@code <name>.weight}), {@code b [out]} ({@code <name>.bias}); computed
 * as im2col + GEMM. Initialised with PyTorch's default {@code U(±1/√(in·k·k))}.
 */
public final class Conv2d implements Module {
    private final String name;
    private final int in;
    private final int out;
    private final int k;
    private final int stride;
    private final int padding;

    public Conv2d(String name, int in, int out, int kernel, int stride, int padding) {
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
    }

    public String weightName() {
        return name + ".weight";
    }

    public String biasName() {
        return name + ".bias";
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        int fanIn = in * k * k;
        m.put(weightName(), Init.pytorchDefault(rng, fanIn, out, in, k, k));
        m.put(biasName(), Init.pytorchDefault(rng, fanIn, out));
        return m;
    }

    @Override
    public Var apply(Params p, Var x) {
        Var y = x.conv2d(p.get(weightName()), stride, padding, 1);
        return y.add(p.get(biasName()).reshape(1, out, 1, 1));
    }
}
