package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Init;
import io.github.deltastn.nn.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A linear layer whose weights are a full linear function of the hyper input: the centered linear
 * hypernetwork {@code w(z) = w0 + Θz} of paper eq. 3.1, without the structure of {@link StructuredLinear}.
 * For example {@code b} with hyper input {@code z_b ∈ R^h}:
 * <pre>
 *   out_b[o] = (W_g x_b)[o] + b_g[o] + Σ_k z_bk (W_r x_b)[o·h + k] + (b_r z_b)[o]
 * </pre>
 * i.e. effective weight {@code W(z)[o, i] = W_g[o, i] + Σ_k z_k W_r[o·h + k, i]} and bias
 * {@code b_g + b_r z}. Shapes: {@code x [B, in]}, {@code z [B, h]}, {@code W_g [out, in]}, {@code b_g [out]},
 * {@code W_r [out·h, in]} (row {@code o·h + k}: ∂W[o, ·]/∂z_k), {@code b_r [out, h]}, output {@code [B, out]}.
 *
 * <p>Θ = {W_r, b_r} has {@code (in + 1)·out·h} entries, h times a plain layer: meant for small layers such as
 * the toy problems' regression heads. There the structured response is too narrow: with one output it is
 * {@code U·W_r}, a scalar times one vector whose direction moves only at a rate proportional to U, so from
 * U = 0 it stays near its random initialisation and the learned best-response Jacobian is a random
 * one-dimensional projection of the true one. Here every entry of the Jacobian is a parameter, the Θ
 * objective of a linear model is a convex quadratic in Θ, and the response starts at zero
 * ({@code W_r = b_r = 0}); {@code W_g, b_g ~ U(±1/√in)} as PyTorch's default.
 *
 * <p>Parameters {@code <name>.W_g}, {@code <name>.b_g} are general weights (w0); {@code <name>.W_r},
 * {@code <name>.b_r} are response parameters ({@link #responseNames}). The Δ-STN tangent at z = 0 is
 * the generic JVP of this formula: {@code Σ_k ε_k (W_r x)[o·h + k] + b_r ε}.
 */
public record FullResponseLinear(String name, int in, int out, int hyperDim) {
    public FullResponseLinear {
        if (in < 1 || out < 1 || hyperDim < 1) {
            throw new IllegalArgumentException("FullResponseLinear '" + name + "': sizes must be positive, got in=" + in
                    + ", out=" + out + ", h=" + hyperDim);
        }
    }

    /** The response parameters Θ: {@code W_r, b_r}. */
    public Set<String> responseNames() {
        return Set.of(name + ".W_r", name + ".b_r");
    }

    /** Parameter names: general first ({@code W_g, b_g}), then response ({@code W_r, b_r}, zero). */
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(name + ".W_g", Init.pytorchDefault(rng, in, out, in));
        m.put(name + ".b_g", Init.pytorchDefault(rng, in, out));
        m.put(name + ".W_r", Tensor.zeros(out * hyperDim, in));
        m.put(name + ".b_r", Tensor.zeros(out, hyperDim));
        return m;
    }

    /** {@code out_b[o] = (W_g x_b)[o] + b_g[o] + Σ_k z_bk (W_r x_b)[o·h + k] + (b_r z_b)[o]}. */
    public Var apply(Params p, Var x, Var z) {
        int[] s = x.shape();
        if (s.length != 2 || s[1] != in) {
            throw new IllegalArgumentException("FullResponseLinear '" + name + "': expected input [B, " + in + "], got "
                    + Shape.str(s));
        }
        int b = s[0];
        Var zc = Structured.hyperInput(name, z, b, hyperDim, p.get(name + ".W_g"));
        Var general = x.matmul(p.get(name + ".W_g"), false, true).add(p.get(name + ".b_g"));
        return Structured.withResponse(general, x, zc, (xx, zz) -> {
            Var r = xx.matmul(p.get(name + ".W_r"), false, true);                          // [B, out·hyperDim]
            Var weights = hyperDim == 1 ? r.mul(zz) : r.reshape(b, out, hyperDim).mul(zz.reshape(b, 1, hyperDim)).sum(2);
            return weights.add(zz.matmul(p.get(name + ".b_r"), false, true));
        });
    }

    /**
     * The effective weights {@code W(z_b)[o, i] = W_g[o, i] + Σ_k z_bk W_r[o·h + k, i]} of every example, shape
     * {@code [B, out, in]} (for penalties such as weight decay, which act on the weights the hypernetwork
     * produces).
     */
    public Var weights(Params p, Var z) {
        int b = z.shape()[0];
        Var zc = Structured.hyperInput(name, z, b, hyperDim, p.get(name + ".W_g"));
        Var wr = p.get(name + ".W_r");
        Var byK = hyperDim == 1 ? wr.reshape(1, out * in) : wr.reshape(out, hyperDim, in).permute(1, 0, 2).reshape(hyperDim, out * in);
        Var response = zc.matmul(byK).reshape(b, out, in);
        return response.add(p.get(name + ".W_g"));
    }
}
