package io.github.deltastn.models;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Broadcast;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.augment.Cutout;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.StructuredConv2d;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Fashion-MNIST SimpleCNN of the paper (algorithm.md §10.2) with its 6 hyperparameters:
 * <pre>
 *   x [B,1,28,28] → dropout0 (channel: drops whole 1-channel images) → conv 1→c1 5×5 pad 2 → ReLU → maxpool 2
 *   → dropout1 (channel) → conv c1→c2 5×5 pad 2 → ReLU → maxpool 2 → dropout2 (channel) → flatten c2·7·7
 *   → linear → hidden → ReLU → dropout_fc (element-wise) → linear hidden → 10
 * </pre>
 * every conv and linear structured; cutout (length, holes) on the training images. Widths: the reference
 * code's (c1, c2) = (16, 32) with hidden 1568, or the paper's (32, 64). Hyperparameter order:
 * dropout0, dropout1, dropout2, dropout_fc, cutout_length, cutout_holes.
 */
public final class SimpleCnnModel implements HyperModel {
    /** Number of hyperparameters. */
    public static final int H = 6;
    private static final int LENGTH = 4;
    private static final int HOLES = 5;

    private final StructuredConv2d conv1;
    private final StructuredConv2d conv2;
    private final StructuredLinear fc1;
    private final StructuredLinear fc2;
    private final Set<String> response;

    /**
     * @param c1 filters of the first conv
     * @param c2 filters of the second conv
     * @param hidden width of the hidden fully-connected layer
     * @param imageSize side of the square input image (28 for Fashion-MNIST; must be divisible by 4)
     */
    public SimpleCnnModel(int c1, int c2, int hidden, int imageSize) {
        if (imageSize % 4 != 0 || imageSize < 4) {
            throw new IllegalArgumentException("SimpleCnnModel: image size must be a positive multiple of 4, got " + imageSize);
        }
        int side = imageSize / 4;
        this.conv1 = new StructuredConv2d("conv1", 1, c1, 5, 1, 2, H);
        this.conv2 = new StructuredConv2d("conv2", c1, c2, 5, 1, 2, H);
        this.fc1 = new StructuredLinear("fc1", c2 * side * side, hidden, H);
        this.fc2 = new StructuredLinear("fc2", hidden, 10, H);
        Set<String> r = new HashSet<>(conv1.responseNames());
        r.addAll(conv2.responseNames());
        r.addAll(fc1.responseNames());
        r.addAll(fc2.responseNames());
        this.response = Set.copyOf(r);
    }

    /** The reference code's widths: 16 and 32 filters, hidden 1568. */
    public static SimpleCnnModel reference() {
        return new SimpleCnnModel(16, 32, 1568, 28);
    }

    /** The paper's widths: 32 and 64 filters, hidden 1568. */
    public static SimpleCnnModel paper() {
        return new SimpleCnnModel(32, 64, 1568, 28);
    }

    /** The six hyperparameters with the reference ranges and initial values (algorithm.md §2.3). */
    public static Hyperparameters hyperparameters() {
        Hyperparameters hp = new Hyperparameters();
        for (String n : new String[] {"dropout0", "dropout1", "dropout2", "dropout_fc"}) {
            hp.register(n, 0, 0.95, 0.05);
        }
        hp.register(Hyperparameter.of("cutout_length", 2, 24, 4).withDiscrete(true));
        hp.register(Hyperparameter.of("cutout_holes", 0, 5, 1).withDiscrete(true));
        return hp;
    }

    @Override
    public int hyperDim() {
        return H;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.putAll(conv1.init(rng));
        m.putAll(conv2.init(rng));
        m.putAll(fc1.init(rng));
        m.putAll(fc2.init(rng));
        return m;
    }

    @Override
    public boolean isResponse(String name) {
        return response.contains(name);
    }

    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        return forward(p, x, z, training
                ? (i, a, maskShape) -> Dropout.apply(a, Dropout.mask(rng, HyperModel.column(hyper, i), maskShape))
                : (i, a, maskShape) -> a);
    }

    /**
     * Cross-entropy at z = 0 with concrete dropout at the rates in {@code lambda}; cutout at its current length
     * and holes (not differentiable: no gradient). Noise and cutout positions from {@code noise}.
     */
    @Override
    public Var trainingLossIn(Params p, DataLoader.Batch b, Var lambda, Rng noise) {
        Tensor values = Broadcast.broadcastTo(lambda.value(), b.size(), H);
        Var x = Var.constant(augment(b.x(), values, noise));
        Var z = Var.constant(Tensor.zeros(b.size(), H));
        return loss(forward(p, x, z, (i, a, maskShape) -> Dropout.concrete(a, lambda.slice(0, i, i + 1),
                Tensor.uniform(noise, 0, 1, maskShape), Dropout.CONCRETE_TEMPERATURE)), b);
    }

    /** Dropout {@code i} on activation {@code a} with one draw per entry of {@code maskShape}. */
    @FunctionalInterface
    private interface Drop {
        Var apply(int i, Var a, int[] maskShape);
    }

    /** The network with dropouts 0–2 on whole channels ({@code [B, C, 1, 1]}) and dropout_fc element-wise. */
    private Var forward(Params p, Var x, Var z, Drop drop) {
        int b = x.shape()[0];
        Var a = drop.apply(0, x, channels(x));
        a = conv1.apply(p, a, z).relu().maxPool2d(2, 2);
        a = drop.apply(1, a, channels(a));
        a = conv2.apply(p, a, z).relu().maxPool2d(2, 2);
        a = drop.apply(2, a, channels(a));
        a = fc1.apply(p, a.reshape(b, -1), z).relu();
        a = drop.apply(3, a, a.shape());
        return fc2.apply(p, a, z);
    }

    private static int[] channels(Var a) {
        return new int[] {a.shape()[0], a.shape()[1], 1, 1};
    }

    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        return Losses.crossEntropy(y, batch.labels());
    }

    /** Cutout with each example's (integer) length and number of holes. */
    @Override
    public Tensor augment(Tensor x, Tensor hyper, Rng rng) {
        int b = x.dim(0);
        int[] length = new int[b];
        int[] holes = new int[b];
        for (int i = 0; i < b; i++) {
            length[i] = (int) hyper.data()[i * H + LENGTH];
            holes[i] = (int) hyper.data()[i * H + HOLES];
        }
        return Cutout.apply(x, length, holes, rng);
    }
}
