package io.github.deltastn.structured;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Lstm;
import io.github.deltastn.nn.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A multi-layer LSTM whose input-to-hidden and hidden-to-hidden maps are structured hypernetwork layers
 * (algorithm.md §10.6): for layer k at step t,
 * <pre>
 *   gx = StructuredLinear_ih(x_t, z),  gh = StructuredLinear_hh(h_{t−1}, z),  (h_t, c_t) = cell(gx, gh, c_{t−1})
 * </pre>
 * with the gate arithmetic of {@link Lstm#cell(Var, Var, Var)} (PyTorch order i, f, g, o). Time-first:
 * input {@code [T, B, F]}, hyper input {@code z [B, h]} (one row per sequence, the same at every step),
 * output {@code [T, B, H]}. Parameters {@code <name>.l<k>.ih.*} ({@code [4H, in]} maps) and
 * {@code <name>.l<k>.hh.*} ({@code [4H, H]} maps), each with W_g, b_g, W_r, b_r, U, V. DropConnect on the
 * hidden-to-hidden weights masks both {@code hh.W_g} and {@code hh.W_r} with the same mask (pass them
 * through {@link Params#with}). Forward-mode tangents propagate through the recurrence, so the Δ-STN
 * linearization works unchanged.
 */
public final class StructuredLstm {
    private final String name;
    private final int input;
    private final int hidden;
    private final List<StructuredLinear> ih = new ArrayList<>();
    private final List<StructuredLinear> hh = new ArrayList<>();

    public StructuredLstm(String name, int inputSize, int hiddenSize, int numLayers, int hyperDim) {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException("StructuredLstm '" + name + "': sizes must be positive, got input="
                    + inputSize + ", hidden=" + hiddenSize + ", layers=" + numLayers);
        }
        this.name = name;
        this.input = inputSize;
        this.hidden = hiddenSize;
        for (int k = 0; k < numLayers; k++) {
            ih.add(new StructuredLinear(name + ".l" + k + ".ih", k == 0 ? inputSize : hiddenSize, 4 * hiddenSize, hyperDim));
            hh.add(new StructuredLinear(name + ".l" + k + ".hh", hiddenSize, 4 * hiddenSize, hyperDim));
        }
    }

    public int numLayers() {
        return ih.size();
    }

    public int hiddenSize() {
        return hidden;
    }

    /** Name prefix of layer {@code k}'s hidden-to-hidden map (its weights are {@code <prefix>.W_g}, {@code .W_r}). */
    public String hiddenToHidden(int k) {
        return hh.get(k).name();
    }

    /**
     * Parameters layer by layer; weights and biases {@code U(±1/√in)} of each map (a hidden-to-hidden map's
     * fan-in is H, as PyTorch's {@code U(±1/√H)}; the first input-to-hidden map's is F), U = V = 0.
     */
    /** The response parameters Θ of every input-to-hidden and hidden-to-hidden map. */
    public Set<String> responseNames() {
        Set<String> names = new HashSet<>();
        for (StructuredLinear l : ih) {
            names.addAll(l.responseNames());
        }
        for (StructuredLinear l : hh) {
            names.addAll(l.responseNames());
        }
        return Set.copyOf(names);
    }

    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int k = 0; k < ih.size(); k++) {
            m.putAll(ih.get(k).init(rng));
            m.putAll(hh.get(k).init(rng));
        }
        return m;
    }

    /** All-zero float64 initial state for {@code batch} sequences. */
    public Lstm.State zeroState(int batch) {
        return zeroState(batch, DType.FLOAT64);
    }

    /** All-zero initial state for {@code batch} sequences, of {@code dtype} (the weights'). */
    public Lstm.State zeroState(int batch, DType dtype) {
        List<Var> h = new ArrayList<>();
        List<Var> c = new ArrayList<>();
        for (int k = 0; k < ih.size(); k++) {
            h.add(Var.constant(Tensor.zeros(dtype, batch, hidden)));
            c.add(Var.constant(Tensor.zeros(dtype, batch, hidden)));
        }
        return new Lstm.State(h, c);
    }

    /**
     * Runs every layer over the sequence.
     *
     * @param x input {@code [T, B, F]}
     * @param z hyper input {@code [B, h]}
     * @param state initial state, {@code [B, H]} per layer
     * @param between applied to each step's output of every layer but the last (locked dropout); may be null
     */
    public Lstm.Output apply(Params p, Var x, Var z, Lstm.State state, Lstm.Between between) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != input || s[0] < 1) {
            throw new IllegalArgumentException("StructuredLstm '" + name + "': expected input [T, B, " + input
                    + "] (time first), got " + java.util.Arrays.toString(s));
        }
        int steps = s[0];
        int batch = s[1];
        if (state.h().size() != ih.size() || state.c().size() != ih.size()) {
            throw new IllegalArgumentException("StructuredLstm '" + name + "': expected a state with " + ih.size()
                    + " layers, got " + state.h().size());
        }
        List<Var> inputs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            inputs.add(x.slice(0, t, t + 1).reshape(batch, input));
        }
        List<Var> hs = new ArrayList<>();
        List<Var> cs = new ArrayList<>();
        for (int k = 0; k < ih.size(); k++) {
            Var h = state.h().get(k);
            Var c = state.c().get(k);
            List<Var> outputs = new ArrayList<>(steps);
            for (int t = 0; t < steps; t++) {
                Lstm.Step st = Lstm.cell(ih.get(k).apply(p, inputs.get(t), z), hh.get(k).apply(p, h, z), c);
                h = st.h();
                c = st.c();
                outputs.add(between != null && k < ih.size() - 1 ? between.apply(k, h) : h);
            }
            hs.add(h);
            cs.add(c);
            inputs = outputs;
        }
        Var[] parts = new Var[steps];
        for (int t = 0; t < steps; t++) {
            parts[t] = inputs.get(t).reshape(1, batch, hidden);
        }
        return new Lstm.Output(steps == 1 ? parts[0] : Var.concat(0, parts), new Lstm.State(hs, cs));
    }
}
