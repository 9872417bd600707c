package io.github.deltastn.models;

import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Lstm;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.StructuredEmbedding;
import io.github.deltastn.structured.StructuredLstm;
import io.github.deltastn.train.HyperModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The LSTM language model of the paper's §5.3 (algorithm.md §10.6, AWD-LSTM-style) as a {@link HyperModel}
 * with its 7 hyperparameters, so that {@code Trainer} tunes them with STN, centered STN, Δ-STN or keeps them
 * fixed.
 *
 * <h2>Data layout</h2>
 * One example is one fixed-length segment of the token stream: features {@code x [B, T]} are the input token
 * ids and the batch's regression targets {@code [B, T]} the next-token ids (both stored as doubles, see
 * {@code LanguageExperiments.segments}). Every segment starts from the zero LSTM state: no state is carried
 * from one segment to the next. This simplifies AWD-LSTM, which carries the (detached) state across BPTT
 * segments; it lets the trainer shuffle segments like any other examples and gives every segment its own
 * perturbed hyperparameters. Inside, the network runs time-first: row {@code t·B + b} of every
 * {@code [T·B, ·]} activation is step {@code t} of segment {@code b}.
 *
 * <h2>Network</h2>
 * With embedding size {@code D}, hidden size {@code D} for every LSTM layer (the last layer's size must equal
 * {@code D} for the tied decoder; the structured LSTM has one hidden size, so all layers get {@code D}):
 * <pre>
 *   e   = StructuredEmbedding(x; E_g ⊙ m_e, E_r ⊙ m_e, z)            [T·B, D]   m_e = rowMask(dropoute) [V, 1]
 *   e'  = e ⊙ m_i                                                     [T, B, D]  m_i = lockedMask(dropouti) [B, D]
 *   h   = StructuredLstm(e', z) with hh.W_g, hh.W_r ⊙ m_w(k) per layer k,  m_w(k) = weightMask(wdrop) [4D, D]
 *         and h_k ⊙ m_h(k) between layers k and k+1,                  m_h(k) = lockedMask(dropouth) [B, D]
 *   h'  = h ⊙ m_o                                                     [T, B, D]  m_o = lockedMask(dropouto) [B, D]
 *   y   = h'·E_gᵀ + decoder.bias                                      [T·B, V]   (tied to the general table)
 * </pre>
 * The embedding dropout masks both tables with the same row mask, only for the lookup; the decoder reads the
 * unmasked general table {@code E_g} and is not structured (as algorithm.md §10.6). DropConnect masks the
 * general and the response hidden-to-hidden weights of a layer with the same mask. Locked masks are per
 * example (each segment's own rate); the embedding and DropConnect masks are per batch and take the rate of
 * row 0, which equals every row's because those two hyperparameters are registered with
 * {@code samePerturbationPerBatch} (see {@link #hyperparameters()}). No mask is applied when training is off.
 *
 * <h2>Activation regularisation (AR, TAR), algorithm.md §8</h2>
 * When training is on, the penalty
 * <pre>
 *   R = (1/(T·B·D)) Σ_{t,b,j} α_b·h'[t,b,j]²  +  (1/((T−1)·B·D)) Σ_{t≥1,b,j} β_b·(h[t,b,j] − h[t−1,b,j])²
 * </pre>
 * is added to the training loss: AR on the dropped-out outputs {@code h'}, TAR on the outputs {@code h}
 * before output dropout (as AWD-LSTM does), α and β the examples' constrained values taken as constants
 * (no direct gradient into the hyperparameters). With one α, β per batch (samePerturbationPerBatch) this is
 * AWD-LSTM's {@code α·mean(h'²) + β·mean((h_t − h_{t−1})²)}. TAR is 0 when {@code T = 1}.
 *
 * <p>The penalty is the model's auxiliary output ({@link #predictWithAux}); {@link #predict} returns the logits
 * {@code [T·B, V]} alone, and with training off (evaluation, hyper steps) there is no penalty, so the validation
 * objective has no AR/TAR term (the reference STN LSTM also adds them, with constant current α, β, to the
 * validation loss, where they reach λ0 only through the response; we leave them out of L_V). The penalty is
 * computed on {@link Jvp#linearizedValue}s of {@code h} and {@code h'}: the activations themselves, except in
 * the Δ-STN Θ step, where they are the linearized network's, {@code h(0) + J_z h·ε}. So R is taken exactly,
 * never linearized, on the network of the step (algorithm.md §8), as the deep linear net's Jacobian penalty.
 *
 * <h2>Hyperparameters</h2>
 * In registration (index) order: {@code dropouti, dropouth, dropouto, dropoute, wdrop} on (0, 0.95) starting
 * at 0.05 ({@code s_sigmoid}), {@code alpha, beta} on (0, ∞) starting at 0.05 ({@code lower_softplus}).
 * {@code dropoute, wdrop, alpha, beta} share one perturbation per batch; the three locked dropouts are per
 * example. σ0 = 1 for all.
 */
public final class LanguageModel implements HyperModel {
    /** Number of hyperparameters. */
    public static final int H = 7;
    /** Indices of the hyperparameters, in registration order. */
    public static final int DROPOUT_I = 0;
    public static final int DROPOUT_H = 1;
    public static final int DROPOUT_O = 2;
    public static final int DROPOUT_E = 3;
    public static final int WDROP = 4;
    public static final int ALPHA = 5;
    public static final int BETA = 6;

    /** Name of the decoder bias {@code [V]} (a general parameter). */
    public static final String DECODER_BIAS = "decoder.bias";

    private final int vocab;
    private final int dim;
    private final StructuredEmbedding embedding;
    private final StructuredLstm lstm;

    /**
     * @param vocab vocabulary size {@code V}
     * @param dim embedding size {@code D}, also the hidden size of every LSTM layer (tied decoder)
     * @param layers number of LSTM layers (the paper: 2)
     */
    public LanguageModel(int vocab, int dim, int layers) {
        if (vocab < 2 || dim < 1 || layers < 1) {
            throw new IllegalArgumentException("LanguageModel: expected vocab >= 2, dim >= 1, layers >= 1, got vocab="
                    + vocab + ", dim=" + dim + ", layers=" + layers);
        }
        this.vocab = vocab;
        this.dim = dim;
        this.embedding = new StructuredEmbedding("embedding", vocab, dim, H);
        this.lstm = new StructuredLstm("lstm", dim, dim, layers, H);
    }

    /**
     * The 7 hyperparameters in registration order (class comment): 5 dropout rates on (0, 0.95) and the AR/TAR
     * coefficients on (0, ∞), all starting at 0.05; dropoute, wdrop, alpha and beta perturbed once per batch.
     * Registered, not frozen.
     */
    public static Hyperparameters hyperparameters() {
        Hyperparameters hp = new Hyperparameters();
        hp.register(Hyperparameter.of("dropouti", 0, 0.95, 0.05));
        hp.register(Hyperparameter.of("dropouth", 0, 0.95, 0.05));
        hp.register(Hyperparameter.of("dropouto", 0, 0.95, 0.05));
        hp.register(Hyperparameter.of("dropoute", 0, 0.95, 0.05).withSamePerturbationPerBatch(true));
        hp.register(Hyperparameter.of("wdrop", 0, 0.95, 0.05).withSamePerturbationPerBatch(true));
        hp.register(Hyperparameter.of("alpha", 0, Double.POSITIVE_INFINITY, 0.05).withSamePerturbationPerBatch(true));
        hp.register(Hyperparameter.of("beta", 0, Double.POSITIVE_INFINITY, 0.05).withSamePerturbationPerBatch(true));
        return hp;
    }

    public int vocab() {
        return vocab;
    }

    public int dim() {
        return dim;
    }

    public int layers() {
        return lstm.numLayers();
    }

    public StructuredEmbedding embedding() {
        return embedding;
    }

    public StructuredLstm lstm() {
        return lstm;
    }

    @Override
    public int hyperDim() {
        return H;
    }

    /**
     * Embedding ({@code embedding.E_g, E_r ~ U(−0.1, 0.1)}, {@code embedding.U = 0}), the structured LSTM
     * ({@code lstm.l<k>.ih.*}, {@code lstm.l<k>.hh.*}) and {@code decoder.bias = 0}.
     */
    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.putAll(embedding.init(rng));
        m.putAll(lstm.init(rng));
        m.put(DECODER_BIAS, Tensor.zeros(vocab));
        return m;
    }

    /** Response parameters: the structured layers' {@code W_r, b_r, U, V} and the response table {@code E_r}. */
    @Override
    public boolean isResponse(String name) {
        return embedding.responseNames().contains(name) || lstm.responseNames().contains(name);
    }

    /**
     * Logits {@code [T·B, V]} (time-first rows {@code t·B + b}) for input tokens {@code x [B, T]}; with
     * {@code training} on, the masks of the class comment are drawn from {@code rng}.
     *
     * @throws IllegalArgumentException if {@code x} is not {@code [B, T]}, holds a non-integer or out-of-range
     *     token, or {@code hyper} is not {@code [B, 7]} when training
     */
    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        return predictWithAux(p, x, z, hyper, training, rng).y();
    }

    /** {@link #predict}'s logits and, with {@code training} on, the AR/TAR penalty of the class comment. */
    @Override
    public Prediction predictWithAux(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        int[] s = x.shape();
        if (s.length != 2 || s[0] < 1 || s[1] < 1) {
            throw new IllegalArgumentException("LanguageModel: expected input token ids [B, T] with B, T >= 1, got "
                    + Shape.str(s));
        }
        int batch = s[0];
        int steps = s[1];
        int[] tokens = timeFirst("input", x.value(), vocab);
        if (training && (hyper == null || !hyper.hasShape(batch, H))) {
            throw new IllegalArgumentException("LanguageModel: expected per-example hyperparameters [" + batch + ", " + H
                    + "] when training, got " + (hyper == null ? "null" : Shape.str(hyper.shape())));
        }
        Params q = p;
        if (training) {
            Tensor rows = Dropout.rowMask(rng, hyper.data()[DROPOUT_E], vocab);
            q = q.with(embedding.generalTable(), Dropout.apply(p.get(embedding.generalTable()), rows))
                    .with(embedding.responseTable(), Dropout.apply(p.get(embedding.responseTable()), rows));
            for (int k = 0; k < lstm.numLayers(); k++) {
                String hh = lstm.hiddenToHidden(k);
                Tensor w = Dropout.weightMask(rng, hyper.data()[WDROP], 4 * dim, dim);
                q = q.with(hh + ".W_g", Dropout.apply(p.get(hh + ".W_g"), w))
                        .with(hh + ".W_r", Dropout.apply(p.get(hh + ".W_r"), w));
            }
        }
        Var e = embedding.apply(q, tokens, batch, z).reshape(steps, batch, dim);
        Lstm.Between between = null;
        if (training) {
            e = Dropout.apply(e, Dropout.lockedMask(rng, HyperModel.column(hyper, DROPOUT_I), batch, dim));
            Tensor[] masks = new Tensor[lstm.numLayers() - 1];
            for (int k = 0; k < masks.length; k++) {
                masks[k] = Dropout.lockedMask(rng, HyperModel.column(hyper, DROPOUT_H), batch, dim);
            }
            between = (k, h) -> Dropout.apply(h, masks[k]);
        }
        Var h = lstm.apply(q, e, z, lstm.zeroState(batch, e.value().dtype()), between).output();
        Var out = training ? Dropout.apply(h, Dropout.lockedMask(rng, HyperModel.column(hyper, DROPOUT_O), batch, dim)) : h;
        Var logits = out.reshape(steps * batch, dim).matmul(p.get(embedding.generalTable()), false, true)
                .add(p.get(DECODER_BIAS));
        if (!training) {
            return new Prediction(logits, null);
        }
        return new Prediction(logits, activationPenalty(Jvp.linearizedValue(h), Jvp.linearizedValue(out),
                HyperModel.column(hyper, ALPHA), HyperModel.column(hyper, BETA)));
    }

    /**
     * The AR + TAR penalty of the class comment for the LSTM outputs {@code h [T, B, D]} before and
     * {@code dropped [T, B, D]} after output dropout, with per-example coefficients {@code alpha, beta [B]}
     * (constants, rounded to the dtype of {@code h}).
     */
    public static Var activationPenalty(Var h, Var dropped, Tensor alpha, Tensor beta) {
        alpha = alpha.to(h.value().dtype());
        beta = beta.to(h.value().dtype());
        int[] s = h.shape();
        int steps = s[0];
        int batch = s[1];
        Var ar = dropped.square().mul(alpha.reshape(batch, 1)).mean();
        if (steps == 1) {
            return ar;
        }
        Var diff = h.slice(0, 1, steps).sub(h.slice(0, 0, steps - 1));
        return ar.add(diff.square().mul(beta.reshape(batch, 1)).mean());
    }

    /**
     * Mean cross-entropy over all {@code B·T} target tokens ({@code batch.targets() [B, T]}); perplexity =
     * exp(loss).
     *
     * @throws IllegalArgumentException if the targets are not {@code [B, T]} integer ids in {@code [0, V)} or
     *     {@code y} is not {@code [T·B, V]}
     */
    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        Tensor t = batch.targets();
        if (t == null || t.ndim() != 2) {
            throw new IllegalArgumentException("LanguageModel.loss: expected next-token targets [B, T], got "
                    + (t == null ? "none (a classification batch)" : Shape.str(t.shape())));
        }
        int n = t.size();
        int[] labels = timeFirst("target", t, vocab);
        int[] ys = y.shape();
        if (ys.length != 2 || ys[1] != vocab || ys[0] != n) {
            throw new IllegalArgumentException("LanguageModel.loss: expected logits [" + n + ", " + vocab
                    + "] for targets " + Shape.str(t.shape()) + ", got " + Shape.str(ys));
        }
        return Losses.crossEntropy(y, labels);
    }

    /** Token ids of {@code [B, T]} reordered time-first ({@code out[t·B + b] = ids[b, t]}), checked. */
    static int[] timeFirst(String what, Tensor ids, int vocab) {
        int batch = ids.dim(0);
        int steps = ids.dim(1);
        double[] d = ids.to(DType.FLOAT64).data();
        int[] out = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                double v = d[b * steps + t];
                if (!(v >= 0 && v < vocab && v == Math.rint(v))) {
                    throw new IllegalArgumentException("LanguageModel: " + what + " token " + v + " of segment " + b
                            + " at step " + t + " is not an integer id in [0, " + vocab + ")");
                }
                out[t * batch + b] = (int) v;
            }
        }
        return out;
    }
}
