package io.github.deltastn.models;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The MNIST MLP of the paper (algorithm.md §10.1) generalised to any widths: structured linear layers
 * {@code widths[0] → widths[1] → ... → widths[L]} with ReLU between them, and a tuned element-wise
 * dropout on the input of each of the first {@code dropouts} layers (dropout 0 on the pixels, dropout i
 * after hidden layer i). Hyperparameter i is the rate of dropout i.
 *
 * <p>With widths {@code 784-1200-1200-1200-10} and 3 dropouts this is the reference code's network
 * <em>with</em> the classifier layer it builds but forgets to use (its output is the 1200 units of the
 * third layer; ours ends in 10 logits). Input {@code [B, ...]} is flattened; output {@code [B, widths[L]]}
 * logits, cross-entropy loss.
 */
public final class MlpModel implements HyperModel {
    private final int[] widths;
    private final int dropouts;
    private final List<StructuredLinear> layers = new ArrayList<>();
    private final Set<String> response = new HashSet<>();

    public MlpModel(int[] widths, int dropouts) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("MlpModel: need at least input and output widths, got " + widths.length);
        }
        if (dropouts < 1 || dropouts > widths.length - 1) {
            throw new IllegalArgumentException("MlpModel: dropouts must be in [1, " + (widths.length - 1) + "], got " + dropouts);
        }
        this.widths = widths.clone();
        this.dropouts = dropouts;
        for (int i = 0; i + 1 < widths.length; i++) {
            layers.add(new StructuredLinear("fc" + i, widths[i], widths[i + 1], dropouts));
            response.addAll(layers.get(i).responseNames());
        }
    }

    /** The paper's MNIST network: 784-1200-1200-1200-10 with 3 tuned dropouts. */
    public static MlpModel mnist() {
        return new MlpModel(new int[] {784, 1200, 1200, 1200, 10}, 3);
    }

    /**
     * The reference code's MNIST network: 784-1200-1200-1200 with 3 tuned dropouts and the 1,200 units of the
     * third layer as logits (labels 0..9 index the first ten; the reference builds a 1200 → 10 layer but never
     * applies it).
     */
    public static MlpModel reference() {
        return new MlpModel(new int[] {784, 1200, 1200, 1200}, 3);
    }

    @Override
    public int hyperDim() {
        return dropouts;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (StructuredLinear l : layers) {
            m.putAll(l.init(rng));
        }
        return m;
    }

    @Override
    public boolean isResponse(String name) {
        return response.contains(name);
    }

    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        return forward(p, x, z, training
                ? (i, a) -> Dropout.apply(a, Dropout.mask(rng, HyperModel.column(hyper, i), a.shape()))
                : (i, a) -> a);
    }

    /** Cross-entropy at z = 0 with concrete dropout at rates {@code lambda}, noise from {@code noise}. */
    @Override
    public Var trainingLossIn(Params p, DataLoader.Batch b, Var lambda, Rng noise) {
        Var z = Var.constant(Tensor.zeros(b.size(), dropouts));
        Var y = forward(p, Var.constant(b.x()), z, (i, a) -> Dropout.concrete(a, lambda.slice(0, i, i + 1),
                Tensor.uniform(noise, 0, 1, a.shape()), Dropout.CONCRETE_TEMPERATURE));
        return loss(y, b);
    }

    /** The network with {@code drop.apply(i, a)} on the input {@code a} of each of the first {@code dropouts} layers. */
    private Var forward(Params p, Var x, Var z, BiFunction<Integer, Var, Var> drop) {
        int b = x.shape()[0];
        Var a = x.reshape(b, -1);
        for (int i = 0; i < layers.size(); i++) {
            if (i > 0) {
                a = a.relu();
            }
            if (i < dropouts) {
                a = drop.apply(i, a);
            }
            a = layers.get(i).apply(p, a, z);
        }
        return a;
    }

    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        return Losses.crossEntropy(y, batch.labels());
    }

    public int[] widths() {
        return widths.clone();
    }
}
