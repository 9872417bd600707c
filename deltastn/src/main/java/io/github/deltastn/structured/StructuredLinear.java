package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Init;
import io.github.deltastn.nn.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The structured hypernetwork linear layer of Δ-STN (paper eq. 3.14; algorithm.md §4.1). For example
 * {@code b} with hyper input {@code z_b ∈ R^h}:
 * <pre>
 *   out_b = W_g x_b + b_g + (U z_b) ⊙ (W_r x_b) + (V z_b) ⊙ b_r
 * </pre>
 * i.e. effective weights {@code W_g + diag(U z_b) W_r} and bias {@code b_g + (V z_b) ⊙ b_r}, computed as
 * per-example scaling of the response branch's outputs (never per-example weight matrices).
 * Shapes: {@code x [B, in]}, {@code z [B, h]}, {@code W_g, W_r [out, in]}, {@code b_g, b_r [out]},
 * {@code U, V [out, h]}, output {@code [B, out]}.
 *
 * <p>Parameters {@code <name>.W_g}, {@code <name>.b_g} are the general weights (w0);
 * {@code <name>.W_r}, {@code <name>.b_r}, {@code <name>.U}, {@code <name>.V} are the response
 * parameters Θ. Initialisation as the reference code: W_g, W_r, b_g, b_r ~ U(±1/√in), U = V = 0, so at
 * initialisation the layer ignores {@code z} and W_r, b_r get no gradient until U, V move.
 */
public final class StructuredLinear {
    private final String name;
    private final int in;
    private final int out;
    private final int h;

    public StructuredLinear(String name, int in, int out, int hyperDim) {
        if (in < 1 || out < 1 || hyperDim < 1) {
            throw new IllegalArgumentException("StructuredLinear '" + name + "': sizes must be positive, got in=" + in
                    + ", out=" + out + ", h=" + hyperDim);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.h = hyperDim;
    }

    public String name() {
        return name;
    }

    /** The response parameters Θ: {@code W_r, b_r, U, V}. */
    public Set<String> responseNames() {
        return Set.of(name + ".W_r", name + ".b_r", name + ".U", name + ".V");
    }

    /** Parameter names: general first ({@code W_g, b_g}), then response ({@code W_r, b_r, U, V}). */
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(name + ".W_g", Init.pytorchDefault(rng, in, out, in));
        m.put(name + ".b_g", Init.pytorchDefault(rng, in, out));
        m.put(name + ".W_r", Init.pytorchDefault(rng, in, out, in));
        m.put(name + ".b_r", Init.pytorchDefault(rng, in, out));
        m.put(name + ".U", Tensor.zeros(out, h));
        m.put(name + ".V", Tensor.zeros(out, h));
        return m;
    }

    /** {@code out_b = W_g x_b + b_g + (U z_b) ⊙ (W_r x_b) + (V z_b) ⊙ b_r}. */
    public Var apply(Params p, Var x, Var z) {
        int[] s = x.shape();
        if (s.length != 2 || s[1] != in) {
            throw new IllegalArgumentException("StructuredLinear '" + name + "': expected input [B, " + in + "], got "
                    + java.util.Arrays.toString(s));
        }
        Structured.checkHyperInput(name, z, s[0], h);
        Var general = x.matmul(p.get(name + ".W_g"), false, true).add(p.get(name + ".b_g"));
        return Structured.withResponse(general, x, z, (xx, zz) -> response(p, xx, zz));
    }

    /** The response branch {@code r(x, z) = (U z) ⊙ (W_r x) + (V z) ⊙ b_r}, linear in z. */
    private Var response(Params p, Var x, Var z) {
        return z.matmul(p.get(name + ".U"), false, true).mul(x.matmul(p.get(name + ".W_r"), false, true))
                .add(z.matmul(p.get(name + ".V"), false, true).mul(p.get(name + ".b_r")));
    }

    /**
     * The effective weight {@code W_g + diag(U z) W_r} for one hyper input {@code z [h]} (for penalties
     * such as weight decay, which act on the weights the hypernetwork actually produces).
     */
    public Var effectiveWeight(Params p, Var z) {
        Var scale = p.get(name + ".U").matmul(z.reshape(h, 1));
        return p.get(name + ".W_g").add(scale.mul(p.get(name + ".W_r")));
    }
}
