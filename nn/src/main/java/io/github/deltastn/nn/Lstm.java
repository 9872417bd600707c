package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-layer LSTM, PyTorch semantics and parameter layout, <b>time-first</b>: input {@code x [T, B, F]},
 * output {@code [T, B, H]} (the last layer's hidden state at every step).
 *
 * <p>One step of layer {@code k} with input {@code x} (the layer's input at that step), hidden state
 * {@code h} and cell state {@code c}, gates in PyTorch order {@code i, f, g, o}:
 * <pre>
 *   i  = σ(W_ii x + b_ii + W_hi h + b_hi)
 *   f  = σ(W_if x + b_if + W_hf h + b_hf)
 *   g  = tanh(W_ig x + b_ig + W_hg h + b_hg)
 *   o  = σ(W_io x + b_io + W_ho h + b_ho)
 *   c' = f ⊙ c + i ⊙ g
 *   h' = o ⊙ tanh(c')
 * </pre>
 * Parameters of layer {@code k} (input size {@code F} for {@code k = 0}, else {@code H}):
 * {@code <name>.l<k>.weight_ih [4H, in]} (rows {@code W_ii; W_if; W_ig; W_io}),
 * {@code <name>.l<k>.weight_hh [4H, H]}, {@code <name>.l<k>.bias_ih [4H]}, {@code <name>.l<k>.bias_hh [4H]},
 * all initialised {@code U(−1/√H, 1/√H)} as in PyTorch, in the LSTM's dtype (float32: the float64 draws rounded). Layer {@code k + 1} reads layer {@code k}'s
 * output.
 *
 * <p>The state is explicit: {@link #apply(Params, Var, State)} starts from a given {@link State}
 * ({@code h0, c0} per layer, {@link #zeroState} by default) and returns the final one, so truncated
 * back-propagation through time carries {@link State#detach() detached} state from segment to segment.
 *
 * <p>Regularisers are the caller's, with {@link Dropout} masks:
 * <ul>
 *   <li>locked (variational) dropout on the input or output: multiply {@code x [T, B, F]} or the output
 *       by a {@link Dropout#lockedMask} of shape {@code [B, F]}, which broadcasts over time;</li>
 *   <li>locked dropout between layers: a {@link Between} hook, e.g. {@code (k, h) -> h.mul(masks[k])};</li>
 *   <li>DropConnect on the hidden-to-hidden weights: pass masked weights,
 *       {@code p.with(lstm.weightHhName(k), p.get(lstm.weightHhName(k)).mul(mask))}; gradients still
 *       reach the unmasked parameter.</li>
 * </ul>
 * Everything is built from {@link Var} operations, so forward-mode tangents (Δ-STN) propagate through
 * the recurrence. {@link #cell(Var, Var, Var)} exposes the gate arithmetic alone, for cells whose
 * input-to-hidden and hidden-to-hidden maps are computed differently (the structured Δ-STN LSTM).
 *
 * <p>Cost note: the input is sliced per step; the gradient of a slice is a zero-padded tensor of the
 * full input's size, so the input's gradient costs {@code O(T²·B·F)}. When {@code x} is a constant
 * (no gradient wanted) there is no such cost; layers after the first pass per-step values directly.
 */
public final class Lstm {
    private final String name;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final DType dtype;

    /**
     * @param name prefix of the parameter names
     * @param inputSize {@code F}, features per step of the input
     * @param hiddenSize {@code H}
     * @param numLayers number of stacked layers, at least 1
     */
    public Lstm(String name, int inputSize, int hiddenSize, int numLayers) {
        this(name, inputSize, hiddenSize, numLayers, DType.FLOAT64);
    }

    /** As {@link #Lstm(String, int, int, int)}, with parameters and state of {@code dtype}. */
    public Lstm(String name, int inputSize, int hiddenSize, int numLayers, DType dtype) {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException("LSTM '" + name + "': sizes must be positive, got inputSize=" + inputSize
                    + ", hiddenSize=" + hiddenSize + ", numLayers=" + numLayers);
        }
        this.name = name;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
    }

    /** The dtype of the parameters and of {@link #zeroState}. */
    public DType dtype() {
        return dtype;
    }

    /** The number of input features {@code F}. */
    public int inputSize() {
        return inputSize;
    }

    /** The hidden size {@code H}. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }

    /** {@code <name>.l<k>.weight_ih}, shape {@code [4H, in_k]}. */
    public String weightIhName(int layer) {
        return prefix(layer) + "weight_ih";
    }

    /** {@code <name>.l<k>.weight_hh}, shape {@code [4H, H]}. */
    public String weightHhName(int layer) {
        return prefix(layer) + "weight_hh";
    }

    /** {@code <name>.l<k>.bias_ih}, shape {@code [4H]}. */
    public String biasIhName(int layer) {
        return prefix(layer) + "bias_ih";
    }

    /** {@code <name>.l<k>.bias_hh}, shape {@code [4H]}. */
    public String biasHhName(int layer) {
        return prefix(layer) + "bias_hh";
    }

    private String prefix(int layer) {
        if (layer < 0 || layer >= numLayers) {
            throw new IllegalArgumentException("LSTM '" + name + "': layer " + layer + " outside [0, " + numLayers + ")");
        }
        return name + ".l" + layer + ".";
    }

    /** Input size of layer {@code k}: {@code F} for the first layer, {@code H} after. */
    public int layerInputSize(int layer) {
        prefix(layer);
        return layer == 0 ? inputSize : hiddenSize;
    }

    /**
     * Fresh parameters, layer by layer, in PyTorch's order ({@code weight_ih, weight_hh, bias_ih, bias_hh}),
     * every entry {@code U(−1/√H, 1/√H)}.
     */
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        int g = 4 * hiddenSize;
        for (int k = 0; k < numLayers; k++) {
            m.put(weightIhName(k), Init.pytorchDefault(rng, dtype, hiddenSize, g, layerInputSize(k)));
            m.put(weightHhName(k), Init.pytorchDefault(rng, dtype, hiddenSize, g, hiddenSize));
            m.put(biasIhName(k), Init.pytorchDefault(rng, dtype, hiddenSize, g));
            m.put(biasHhName(k), Init.pytorchDefault(rng, dtype, hiddenSize, g));
        }
        return m;
    }

    /**
     * The recurrent state: per layer {@code h [B, H]} and {@code c [B, H]} (index = layer).
     *
     * @param h hidden states, one per layer
     * @param c cell states, one per layer
     */
    public record State(List<Var> h, List<Var> c) {
        /** Copies the lists. */
        public State {
            h = List.copyOf(h);
            c = List.copyOf(c);
        }

        /**
         * The same values as constants: no gradient flows back into the previous segment and the tangent
         * is zero (as {@link Var#stopGradient()}), and the previous segment's graph is not kept alive.
         */
        public State detach() {
            List<Var> dh = new ArrayList<>(h.size());
            List<Var> dc = new ArrayList<>(c.size());
            for (Var v : h) {
                dh.add(Var.constant(v.value()));
            }
            for (Var v : c) {
                dc.add(Var.constant(v.value()));
            }
            return new State(dh, dc);
        }
    }

    /** One step's result: new hidden state {@code h'} and cell state {@code c'}, both {@code [B, H]}. */
    public record Step(Var h, Var c) {}

    /** The forward result: {@code output [T, B, H]} (last layer, every step) and the final {@link State}. */
    public record Output(Var output, State state) {}

    /**
     * A hook on the per-step output {@code h_t [B, H]} of layer {@code layer} before it feeds layer
     * {@code layer + 1} (not called after the last layer). Returning {@code h.mul(mask)} with one mask per
     * layer, the same at every step, is locked dropout between layers.
     */
    @FunctionalInterface
    public interface Between {
        /** The value fed to layer {@code layer + 1} in place of {@code h}. */
        Var apply(int layer, Var h);
    }

    /** All-zero initial state for a batch of {@code batch} sequences. */
    public State zeroState(int batch) {
        List<Var> h = new ArrayList<>(numLayers);
        List<Var> c = new ArrayList<>(numLayers);
        for (int k = 0; k < numLayers; k++) {
            h.add(Var.constant(Tensor.zeros(dtype, batch, hiddenSize)));
            c.add(Var.constant(Tensor.zeros(dtype, batch, hiddenSize)));
        }
        return new State(h, c);
    }

    /** {@link #apply(Params, Var, State)} from the zero state. */
    public Output apply(Params p, Var x) {
        checkInput(x);
        return apply(p, x, zeroState(x.shape()[1]), null);
    }

    /** {@link #apply(Params, Var, State, Between)} with nothing between layers. */
    public Output apply(Params p, Var x, State state) {
        return apply(p, x, state, null);
    }

    /**
     * Runs all layers over the sequence.
     *
     * @param p parameters (possibly with masked or effective weights swapped in)
     * @param x input {@code [T, B, F]}, {@code T ≥ 1}
     * @param state initial state, {@code numLayers} entries of {@code [B, H]} in each list
     * @param between applied to each step's output of every layer but the last; may be null
     * @return the last layer's outputs {@code [T, B, H]} and the state after step {@code T}
     * @throws IllegalArgumentException naming this layer and the shapes received and expected, when
     *     {@code x} or the state has the wrong shape
     */
    public Output apply(Params p, Var x, State state, Between between) {
        checkInput(x);
        Layers.requireSameDType("LSTM '" + name + "'", x, p.get(weightIhName(0)));
        int[] s = x.shape();
        int steps = s[0];
        int batch = s[1];
        checkState(state, batch);
        List<Var> inputs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            inputs.add(x.slice(0, t, t + 1).reshape(batch, inputSize));
        }
        List<Var> hs = new ArrayList<>(numLayers);
        List<Var> cs = new ArrayList<>(numLayers);
        for (int k = 0; k < numLayers; k++) {
            Var h = state.h().get(k);
            Var c = state.c().get(k);
            List<Var> outputs = new ArrayList<>(steps);
            for (int t = 0; t < steps; t++) {
                Step st = cell(p, k, inputs.get(t), h, c);
                h = st.h();
                c = st.c();
                outputs.add(between != null && k < numLayers - 1 ? between.apply(k, h) : h);
            }
            hs.add(h);
            cs.add(c);
            inputs = outputs;
        }
        Var[] parts = new Var[steps];
        for (int t = 0; t < steps; t++) {
            parts[t] = inputs.get(t).reshape(1, batch, hiddenSize);
        }
        Var out = steps == 1 ? parts[0] : Var.concat(0, parts);
        return new Output(out, new State(hs, cs));
    }

    /**
     * One step of layer {@code layer} with its own parameters from {@code p}:
     * {@link #cell(Var, Var, Var) cell}{@code (x·W_ihᵀ + b_ih, h·W_hhᵀ + b_hh, c)}.
     *
     * @param x the layer's input at this step, {@code [B, in_k]}
     * @param h hidden state {@code [B, H]}
     * @param c cell state {@code [B, H]}
     */
    public Step cell(Params p, int layer, Var x, Var h, Var c) {
        int in = layerInputSize(layer);
        if (x.ndim() != 2 || x.shape()[1] != in) {
            throw new IllegalArgumentException("LSTM '" + name + "' layer " + layer + ": expected step input [B, " + in
                    + "], got " + Shape.str(x.shape()));
        }
        int b = x.shape()[0];
        requireShape("hidden state h", h, b);
        requireShape("cell state c", c, b);
        Var gx = x.matmul(p.get(weightIhName(layer)), false, true).add(p.get(biasIhName(layer)));
        Var gh = h.matmul(p.get(weightHhName(layer)), false, true).add(p.get(biasHhName(layer)));
        return cell(gx, gh, c);
    }

    /**
     * The gate arithmetic of one LSTM step, given the two pre-activation contributions: with
     * {@code a = gx + gh} split into four {@code [B, H]} blocks {@code a_i, a_f, a_g, a_o} (in that order),
     * {@code i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)}, {@code c' = f ⊙ c + i ⊙ g},
     * {@code h' = o ⊙ tanh(c')}.
     *
     * @param gx input-to-hidden contribution, {@code [B, 4H]} (standard cell: {@code x·W_ihᵀ + b_ih})
     * @param gh hidden-to-hidden contribution, {@code [B, 4H]} (standard cell: {@code h·W_hhᵀ + b_hh})
     * @param c cell state {@code [B, H]}
     */
    public static Step cell(Var gx, Var gh, Var c) {
        if (c.ndim() != 2 || gx.ndim() != 2 || gh.ndim() != 2
                || gx.shape()[0] != c.shape()[0] || gx.shape()[1] != 4 * c.shape()[1]
                || !Arrays.equals(gx.shape(), gh.shape())) {
            throw new IllegalArgumentException("LSTM cell: expected gx and gh [B, 4H] with c [B, H], got gx "
                    + Shape.str(gx.shape()) + ", gh " + Shape.str(gh.shape()) + ", c " + Shape.str(c.shape()));
        }
        int hidden = c.shape()[1];
        Var a = gx.add(gh);
        Var i = a.slice(1, 0, hidden).sigmoid();
        Var f = a.slice(1, hidden, 2 * hidden).sigmoid();
        Var g = a.slice(1, 2 * hidden, 3 * hidden).tanh();
        Var o = a.slice(1, 3 * hidden, 4 * hidden).sigmoid();
        Var c2 = f.mul(c).add(i.mul(g));
        Var h2 = o.mul(c2.tanh());
        return new Step(h2, c2);
    }

    private void checkInput(Var x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != inputSize || s[0] < 1) {
            throw new IllegalArgumentException("LSTM '" + name + "': expected input [T, B, " + inputSize
                    + "] (time first, T >= 1), got " + Shape.str(s));
        }
    }

    private void checkState(State state, int batch) {
        if (state.h().size() != numLayers || state.c().size() != numLayers) {
            throw new IllegalArgumentException("LSTM '" + name + "': expected a state with " + numLayers
                    + " layers, got " + state.h().size() + " hidden and " + state.c().size() + " cell states");
        }
        for (int k = 0; k < numLayers; k++) {
            requireShape("layer " + k + " initial hidden state h0", state.h().get(k), batch);
            requireShape("layer " + k + " initial cell state c0", state.c().get(k), batch);
        }
    }

    private void requireShape(String what, Var v, int batch) {
        if (!v.value().hasShape(batch, hiddenSize)) {
            throw new IllegalArgumentException("LSTM '" + name + "': " + what + " has shape " + Shape.str(v.shape())
                    + ", expected [" + batch + ", " + hiddenSize + "]");
        }
    }
}
