package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The structured embedding of the LSTM language model (algorithm.md §10.6): a general table {@code E_g} and a
 * response table {@code E_r}, both {@code [V, D]}, the response scaled per embedding dimension by a map
 * {@code U [D, h]} of the hyper input (no bias part):
 * <pre>
 *   emb(token, z_b) = E_g[token] + (U z_b) ⊙ E_r[token]
 * </pre>
 * Tokens come time-first, {@code tokens[t·B + b]} for sequence {@code b}, whose hyper input is row
 * {@code b} of {@code z [B, h]}; the output is {@code [T·B, D]}. Embedding dropout drops whole rows of
 * both tables with the same mask (pass them through {@link Params#with}). Initialisation
 * {@code U(−0.1, 0.1)} for both tables (AWD-LSTM), U = 0.
 */
public record StructuredEmbedding(String name, int vocab, int dim, int hyperDim) {
    public StructuredEmbedding {
        if (vocab < 1 || dim < 1 || hyperDim < 1) {
            throw new IllegalArgumentException("StructuredEmbedding '" + name + "': sizes must be positive, got vocab="
                    + vocab + ", dim=" + dim + ", h=" + hyperDim);
        }
    }

    public String generalTable() {
        return name + ".E_g";
    }

    public String responseTable() {
        return name + ".E_r";
    }

    /** The response parameters Θ: the response table {@code E_r} and {@code U}. */
    public Set<String> responseNames() {
        return Set.of(responseTable(), name + ".U");
    }

    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(generalTable(), Tensor.uniform(rng, -0.1, 0.1, vocab, dim));
        m.put(responseTable(), Tensor.uniform(rng, -0.1, 0.1, vocab, dim));
        m.put(name + ".U", Tensor.zeros(dim, hyperDim));
        return m;
    }

    /** Embeddings {@code [T·B, D]} of {@code tokens} (time-first, {@code B} sequences). */
    public Var apply(Params p, int[] tokens, int batch, Var z) {
        if (batch < 1 || tokens.length % batch != 0) {
            throw new IllegalArgumentException("StructuredEmbedding '" + name + "': " + tokens.length
                    + " tokens do not split into sequences of a batch of " + batch);
        }
        int n = tokens.length;
        int[] index = new int[n * dim];
        for (int i = 0; i < n; i++) {
            int t = tokens[i];
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException("StructuredEmbedding '" + name + "': token " + t + " at position " + i
                        + " outside [0, " + vocab + ")");
            }
            for (int j = 0; j < dim; j++) {
                index[i * dim + j] = t * dim + j;
            }
        }
        Var general = p.get(generalTable()).gather(index, n, dim);
        Var zc = Structured.hyperInput(name, z, batch, hyperDim, general);
        int[] rowOf = new int[n * dim];
        for (int i = 0; i < n; i++) {
            int b = i % batch;
            for (int j = 0; j < dim; j++) {
                rowOf[i * dim + j] = b * dim + j;
            }
        }
        // r(rows, z) = (U z_b) ⊙ E_r[token], linear in z; the rows of the response table play the input
        Var rows = p.get(responseTable()).gather(index, n, dim);
        return Structured.withResponse(general, rows, zc,
                (r, zz) -> zz.matmul(p.get(name + ".U"), false, true).gather(rowOf, n, dim).mul(r));
    }
}
