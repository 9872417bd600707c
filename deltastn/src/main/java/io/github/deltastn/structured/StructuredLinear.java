package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Params;
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
public record StructuredLinear(String name, int in, int out, int hyperDim) {
    public StructuredLinear {
        if (in < 1 || out < 1 || hyperDim < 1) {
            throw new IllegalArgumentException("StructuredLinear '" + name + "': sizes must be positive, got in=" + in
                    + ", out=" + out + ", h=" + hyperDim);
        }
    }

    /** The response parameters Θ: {@code W_r, b_r, U, V}. */
    public Set<String> responseNames() {
        return Structured.scalingResponseNames(name);
    }

    /** Parameter names: general first ({@code W_g, b_g}), then response ({@code W_r, b_r, U, V}). */
    public Map<String, Tensor> init(Rng rng) {
        return Structured.scalingInit(name, rng, in, out, hyperDim, out, in);
    }

    /** {@code out_b = W_g x_b + b_g + (U z_b) ⊙ (W_r x_b) + (V z_b) ⊙ b_r}. */
    public Var apply(Params p, Var x, Var z) {
        int[] s = x.shape();
        if (s.length != 2 || s[1] != in) {
            throw new IllegalArgumentException("StructuredLinear '" + name + "': expected input [B, " + in + "], got "
                    + java.util.Arrays.toString(s));
        }
        Var zc = Structured.hyperInput(name, z, s[0], hyperDim, p.get(name + ".W_g"));
        Var general = x.matmul(p.get(name + ".W_g"), false, true).add(p.get(name + ".b_g"));
        return Structured.withResponse(general, x, zc, (xx, zz) -> response(p, xx, zz));
    }

    /** The response branch {@code r(x, z) = (U z) ⊙ (W_r x) + (V z) ⊙ b_r}, linear in z. */
    private Var response(Params p, Var x, Var z) {
        return z.matmul(p.get(name + ".U"), false, true).mul(x.matmul(p.get(name + ".W_r"), false, true))
                .add(z.matmul(p.get(name + ".V"), false, true).mul(p.get(name + ".b_r")));
    }

    /**
     * {@code n_b = ‖W_g + diag(U z_b) W_r‖²}, the squared Frobenius norm of the weight the hypernetwork
     * produces for each example, shape {@code [B]} for {@code z [B, h]} (for weight decay). With
     * {@code s_b = U z_b}: {@code n_b = Σ_o ‖W_g[o]‖² + 2 s_b[o]·⟨W_g[o], W_r[o]⟩ + s_b[o]²·‖W_r[o]‖²}, without
     * building the B weight matrices.
     */
    public Var squaredWeightNorm(Params p, Var z) {
        Var wg = p.get(name + ".W_g");
        Var wr = p.get(name + ".W_r");
        Var s = z.to(wg.value().dtype()).matmul(p.get(name + ".U"), false, true);                                   // [B, out]
        return wg.square().sum(1).add(s.mul(wg.mul(wr).sum(1)).mul(2)).add(s.square().mul(wr.square().sum(1)))
                .sum(1);
    }

    /**
     * The effective weight {@code W_g + diag(U z) W_r} for one hyper input {@code z [h]} (for penalties
     * such as weight decay, which act on the weights the hypernetwork actually produces).
     */
    public Var effectiveWeight(Params p, Var z) {
        Var scale = p.get(name + ".U").matmul(z.to(p.get(name + ".U").value().dtype()).reshape(hyperDim, 1));
        return p.get(name + ".W_g").add(scale.mul(p.get(name + ".W_r")));
    }
}
