package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Params;
import java.util.Map;
import java.util.Set;

/**
 * The structured hypernetwork convolution (algorithm.md §4.2; filter-wise scaling as the reference code):
 * <pre>
 *   out_b[c] = conv(x_b, W_g)[c] + b_g[c] + (U z_b)[c] · conv(x_b, W_r)[c] + (V z_b)[c] · b_r[c]
 * </pre>
 * one coefficient per output channel, broadcast over positions. Shapes: {@code x [B, C_in, H, W]},
 * {@code z [B, h]}, {@code W_g, W_r [C_out, C_in, k, k]}, {@code b_g, b_r [C_out]},
 * {@code U, V [C_out, h]}. Initialisation: weights and biases {@code U(±1/√(C_in·k·k))}, U = V = 0.
 */
public record StructuredConv2d(String name, int in, int out, int kernel, int stride, int padding, int hyperDim) {
    public StructuredConv2d {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || hyperDim < 1) {
            throw new IllegalArgumentException("StructuredConv2d '" + name + "': invalid configuration in=" + in
                    + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ", h=" + hyperDim);
        }
    }

    /** The response parameters Θ: {@code W_r, b_r, U, V}. */
    public Set<String> responseNames() {
        return Structured.scalingResponseNames(name);
    }

    public Map<String, Tensor> init(Rng rng) {
        return Structured.scalingInit(name, rng, in * kernel * kernel, out, hyperDim, out, in, kernel, kernel);
    }

    public Var apply(Params p, Var x, Var z) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != in) {
            throw new IllegalArgumentException("StructuredConv2d '" + name + "': expected input [B, " + in
                    + ", H, W], got " + java.util.Arrays.toString(s));
        }
        Var zc = Structured.hyperInput(name, z, s[0], hyperDim, p.get(name + ".W_g"));
        Var general = x.conv2d(p.get(name + ".W_g"), stride, padding, 1).add(p.get(name + ".b_g").reshape(1, out, 1, 1));
        return Structured.withResponse(general, x, zc, (xx, zz) -> response(p, xx, zz));
    }

    /** The response branch {@code r(x, z)[c] = (U z)[c]·conv(x, W_r)[c] + (V z)[c]·b_r[c]}, linear in z. */
    private Var response(Params p, Var x, Var z) {
        int b = z.shape()[0];
        return x.conv2d(p.get(name + ".W_r"), stride, padding, 1)
                .mul(z.matmul(p.get(name + ".U"), false, true).reshape(b, out, 1, 1))
                .add(z.matmul(p.get(name + ".V"), false, true).reshape(b, out, 1, 1)
                        .mul(p.get(name + ".b_r").reshape(1, out, 1, 1)));
    }
}
