package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Embedding table {@code E [vocab, dim]} ({@code <name>.weight}, initialised {@code U(−0.1, 0.1)} as in
 * AWD-LSTM; in the table's dtype, float32 being the float64 draws rounded): {@code y[..., :] = E[token, :]}, a gather whose gradient scatters back into the rows.
 */
public final class Embedding {
    private final String name;
    private final int vocab;
    private final int dim;
    private final DType dtype;

    /** A float64 table of {@code vocab} rows of {@code dim} entries. */
    public Embedding(String name, int vocab, int dim) {
        this(name, vocab, dim, DType.FLOAT64);
    }

    /** A table of {@code vocab} rows of {@code dim} entries of {@code dtype}. */
    public Embedding(String name, int vocab, int dim, DType dtype) {
        if (vocab < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding '" + name + "': sizes must be positive, got vocab=" + vocab
                    + ", dim=" + dim);
        }
        this.name = name;
        this.vocab = vocab;
        this.dim = dim;
        this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
    }

    /** The table's dtype. */
    public DType dtype() {
        return dtype;
    }

    /** {@code <name>.weight}. */
    public String weightName() {
        return name + ".weight";
    }

    /** The table, drawn from {@code U(−0.1, 0.1)}. */
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(weightName(), Tensor.uniform(rng, dtype, -0.1, 0.1, vocab, dim));
        return m;
    }

    /** Rows of the table for {@code tokens}: shape {@code [tokens.length, dim]}. */
    public Var lookup(Var table, int[] tokens) {
        int[] index = new int[tokens.length * dim];
        for (int i = 0; i < tokens.length; i++) {
            int t = tokens[i];
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException("Embedding '" + name + "': token " + t + " at position " + i
                        + " outside [0, " + vocab + ")");
            }
            for (int j = 0; j < dim; j++) {
                index[i * dim + j] = t * dim + j;
            }
        }
        return table.gather(index, tokens.length, dim);
    }

    /** {@link #lookup(Var, int[])} with the table read from {@code p}. */
    public Var apply(Params p, int[] tokens) {
        return lookup(p.get(weightName()), tokens);
    }
}
