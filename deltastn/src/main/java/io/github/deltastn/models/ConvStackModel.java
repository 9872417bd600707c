package io.github.deltastn.models;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.StructuredConv2d;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's CIFAR-10 AlexNet and VGG16 (algorithm.md §10.3–10.4): a stack of structured 3×3 convolutions
 * with channel dropout after each, then structured fully-connected layers with element-wise dropout, and the
 * ten augmentation hyperparameters of {@link CifarAugmentation}:
 * <pre>
 *   x [B,3,32,32] → normalise → dropout0 (channel) → for each conv i: conv (3×3, pad 1, its stride) → ReLU
 *   → [maxpool 2] → dropout_i (channel) → flatten → for each hidden fc j: linear → ReLU → dropout_fc_j
 *   → linear → 10
 * </pre>
 * Hyperparameters, in order: {@code dropout0 … dropoutN} (input and one per conv), {@code dropout_fc1 …},
 * then the ten of {@link CifarAugmentation}: 18 for {@link #alexnet}, 26 for {@link #vgg16}, as in the paper.
 * Every conv and linear is structured, with bias; no batch norm (as the reference). VGG16's convolutions are
 * initialised as the reference's: {@code W_g, W_r ~ N(0, 2/(9·C_out))}, {@code b_g = 0}, {@code b_r = 0.001}.
 */
public final class ConvStackModel implements HyperModel {
    private final String name;
    private final int h;
    private final int convs;
    private final List<StructuredConv2d> conv = new ArrayList<>();
    private final boolean[] poolAfter;
    private final List<StructuredLinear> fc = new ArrayList<>();
    private final Set<String> response = new HashSet<>();
    private boolean vggInit;

    /**
     * @param name for messages, e.g. {@code "alexnet"}
     * @param channels output channels of each conv
     * @param strides stride of each conv
     * @param poolAfter whether a 2×2 max-pool follows each conv's ReLU
     * @param hidden widths of the hidden fully-connected layers
     * @param imageSize side of the square input images
     */
    public ConvStackModel(String name, int[] channels, int[] strides, boolean[] poolAfter, int[] hidden, int imageSize) {
        if (channels.length == 0 || strides.length != channels.length || poolAfter.length != channels.length) {
            throw new IllegalArgumentException(name + ": need one stride and one pool flag per conv, got "
                    + channels.length + " convs, " + strides.length + " strides, " + poolAfter.length + " pool flags");
        }
        this.name = name;
        this.convs = channels.length;
        this.poolAfter = poolAfter.clone();
        this.h = 1 + channels.length + hidden.length + CifarAugmentation.COUNT;
        int in = 3;
        int side = imageSize;
        for (int i = 0; i < channels.length; i++) {
            conv.add(new StructuredConv2d("conv" + (i + 1), in, channels[i], 3, strides[i], 1, h));
            in = channels[i];
            side = (side + 2 - 3) / strides[i] + 1;
            if (poolAfter[i]) {
                side /= 2;
            }
        }
        if (side < 1) {
            throw new IllegalArgumentException(name + ": images of side " + imageSize + " shrink to nothing");
        }
        int width = in * side * side;
        for (int j = 0; j < hidden.length; j++) {
            fc.add(new StructuredLinear("fc" + (j + 1), width, hidden[j], h));
            width = hidden[j];
        }
        fc.add(new StructuredLinear("fc" + (hidden.length + 1), width, 10, h));
        conv.forEach(c -> response.addAll(c.responseNames()));
        fc.forEach(f -> response.addAll(f.responseNames()));
    }

    /**
     * AlexNet for CIFAR-10 as the reference builds it: convs 64 (stride 2), 192, 384, 256, 256, max-pool after
     * the 1st, 2nd and 5th, then fc 4096, 4096, 10. {@code divisor} divides every width (1 = the paper's).
     */
    public static ConvStackModel alexnet(int divisor) {
        return new ConvStackModel("alexnet", div(new int[] {64, 192, 384, 256, 256}, divisor), new int[] {2, 1, 1, 1, 1},
                new boolean[] {true, true, false, false, true}, div(new int[] {4096, 4096}, divisor), 32);
    }

    /**
     * VGG16 for CIFAR-10 as the reference builds it: 13 convs 64, 64 | 128, 128 | 256 ×3 | 512 ×3 | 512 ×3
     * ("|": 2×2 max-pool), then fc 512, 512, 10. {@code divisor} divides every width (1 = the paper's).
     */
    public static ConvStackModel vgg16(int divisor) {
        int[] widths = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
        boolean[] pool = new boolean[13];
        for (int i : new int[] {1, 3, 6, 9, 12}) {
            pool[i] = true;
        }
        int[] strides = new int[13];
        java.util.Arrays.fill(strides, 1);
        ConvStackModel m = new ConvStackModel("vgg16", div(widths, divisor), strides, pool, div(new int[] {512, 512}, divisor),
                32);
        m.vggInit = true;
        return m;
    }

    static int[] div(int[] widths, int divisor) {
        if (divisor < 1) {
            throw new IllegalArgumentException("width divisor must be >= 1, got " + divisor);
        }
        int[] out = new int[widths.length];
        for (int i = 0; i < widths.length; i++) {
            out[i] = Math.max(1, widths[i] / divisor);
        }
        return out;
    }

    /** This net's hyperparameters, {@link #hyperparameters(int, int)}. */
    public Hyperparameters hyperparameters() {
        return hyperparameters(convs, fc.size() - 1);
    }

    /**
     * The hyperparameters of a stack of {@code convs} convolutions and {@code hidden} hidden fully-connected
     * layers: {@code dropout0 … dropout<convs>}, {@code dropout_fc1 … dropout_fc<hidden>} on (0, 0.95) from 0.05
     * (the reference's), then the ten of {@link CifarAugmentation}.
     */
    public static Hyperparameters hyperparameters(int convs, int hidden) {
        Hyperparameters hp = new Hyperparameters();
        for (int i = 0; i <= convs; i++) {
            hp.register("dropout" + i, 0, 0.95, 0.05);
        }
        for (int j = 1; j <= hidden; j++) {
            hp.register("dropout_fc" + j, 0, 0.95, 0.05);
        }
        CifarAugmentation.register(hp);
        return hp;
    }

    @Override
    public int hyperDim() {
        return h;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (StructuredConv2d c : conv) {
            m.putAll(c.init(rng));
            if (vggInit) {
                // the reference's VGG16 conv init: W_g, W_r ~ N(0, 2/(k·k·C_out)), b_g = 0, b_r = 0.001
                double std = Math.sqrt(2.0 / (9 * c.out()));
                String n = c.name();
                m.put(n + ".W_g", Tensor.normal(rng, 0, std, c.out(), c.in(), 3, 3));
                m.put(n + ".W_r", Tensor.normal(rng, 0, std, c.out(), c.in(), 3, 3));
                m.put(n + ".b_g", Tensor.zeros(c.out()));
                m.put(n + ".b_r", Tensor.full(0.001, c.out()));
            }
        }
        fc.forEach(f -> m.putAll(f.init(rng)));
        return m;
    }

    @Override
    public boolean isResponse(String n) {
        return response.contains(n);
    }

    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        Var a = CifarAugmentation.input(name, x, hyper, training, rng);
        int b = x.shape()[0];
        for (int i = 0; i < convs; i++) {
            a = conv.get(i).apply(p, a, z).relu();
            if (poolAfter[i]) {
                a = a.maxPool2d(2, 2);
            }
            if (training) {
                a = Dropout.apply(a, Dropout.channelMask(rng, HyperModel.column(hyper, i + 1), a.dtype(), b, a.shape()[1]));
            }
        }
        a = a.reshape(b, -1);
        for (int j = 0; j + 1 < fc.size(); j++) {
            a = fc.get(j).apply(p, a, z).relu();
            if (training) {
                a = Dropout.apply(a, Dropout.mask(rng, HyperModel.column(hyper, convs + 1 + j), a.dtype(), a.shape()));
            }
        }
        return fc.get(fc.size() - 1).apply(p, a, z);
    }

    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        return Losses.crossEntropy(y, batch.labels());
    }

    @Override
    public Tensor augment(Tensor x, Tensor hyper, Rng rng) {
        return CifarAugmentation.apply(x, hyper, h - CifarAugmentation.COUNT, rng);
    }
}
