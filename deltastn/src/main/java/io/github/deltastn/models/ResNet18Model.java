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
 * ResNet18 for CIFAR-10 with structured convolutions and the paper's 19 hyperparameters (the paper gives only
 * the count; the reference code has no ResNet, so where they go is our choice):
 * <pre>
 *   x [B,3,32,32] → normalise → dropout0 (channel) → conv 3→w 3×3 → ReLU
 *   → 4 stages of 2 basic blocks (w, 2w, 4w, 8w channels; the first block of stages 2–4 has stride 2):
 *       block(a) = ReLU(conv3×3(ReLU(conv3×3(a))) + shortcut(a)), shortcut = a or a strided 1×1 conv,
 *       then dropout_k (channel) after block k = 1 … 8
 *   → global average pool → linear 8w → 10
 * </pre>
 * 9 dropouts ({@code dropout0 … dropout8}) + the ten augmentation hyperparameters of
 * {@link CifarAugmentation} = 19. w = 64 is the usual width. No batch norm (the reference nets have none);
 * instead the general weights and bias of the second conv of every block start at zero (Fixup, Zhang et al.
 * 2019), so that every block starts as its shortcut and the deep net trains from the start.
 */
public final class ResNet18Model implements HyperModel {
    /** Number of hyperparameters. */
    public static final int H = 9 + CifarAugmentation.COUNT;

    private record Block(StructuredConv2d first, StructuredConv2d second, StructuredConv2d shortcut) {}

    private final StructuredConv2d stem;
    private final List<Block> blocks = new ArrayList<>();
    private final StructuredLinear fc;
    private final Set<String> response = new HashSet<>();

    /** @param width channels of the first stage (64 = the usual ResNet18) */
    public ResNet18Model(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("ResNet18Model: width must be >= 1, got " + width);
        }
        stem = new StructuredConv2d("stem", 3, width, 3, 1, 1, H);
        int in = width;
        int k = 1;
        for (int stage = 0; stage < 4; stage++) {
            int out = width << stage;
            for (int j = 0; j < 2; j++, k++) {
                int stride = stage > 0 && j == 0 ? 2 : 1;
                StructuredConv2d shortcut = stride != 1 || in != out
                        ? new StructuredConv2d("block" + k + ".shortcut", in, out, 1, stride, 0, H) : null;
                blocks.add(new Block(new StructuredConv2d("block" + k + ".conv1", in, out, 3, stride, 1, H),
                        new StructuredConv2d("block" + k + ".conv2", out, out, 3, 1, 1, H), shortcut));
                in = out;
            }
        }
        fc = new StructuredLinear("fc", in, 10, H);
        response.addAll(stem.responseNames());
        for (Block b : blocks) {
            response.addAll(b.first().responseNames());
            response.addAll(b.second().responseNames());
            if (b.shortcut() != null) {
                response.addAll(b.shortcut().responseNames());
            }
        }
        response.addAll(fc.responseNames());
    }

    /** The 19 hyperparameters: dropout0 … dropout8 on (0, 0.95) from 0.05, then the augmentation. */
    public static Hyperparameters hyperparameters() {
        Hyperparameters hp = new Hyperparameters();
        for (int i = 0; i <= 8; i++) {
            hp.register("dropout" + i, 0, 0.95, 0.05);
        }
        CifarAugmentation.register(hp);
        return hp;
    }

    @Override
    public int hyperDim() {
        return H;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>(stem.init(rng));
        for (Block b : blocks) {
            m.putAll(b.first().init(rng));
            Map<String, Tensor> second = new LinkedHashMap<>(b.second().init(rng));
            // Fixup: the residual branch starts at zero (its response part already does: U = V = 0)
            String n = b.second().name();
            second.put(n + ".W_g", Tensor.zeros(second.get(n + ".W_g").shape()));
            second.put(n + ".b_g", Tensor.zeros(second.get(n + ".b_g").shape()));
            m.putAll(second);
            if (b.shortcut() != null) {
                m.putAll(b.shortcut().init(rng));
            }
        }
        m.putAll(fc.init(rng));
        return m;
    }

    @Override
    public boolean isResponse(String name) {
        return response.contains(name);
    }

    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        Var a = CifarAugmentation.input("resnet18", x, hyper, training, rng);
        int batch = x.shape()[0];
        a = stem.apply(p, a, z).relu();
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            Var branch = b.second().apply(p, b.first().apply(p, a, z).relu(), z);
            Var shortcut = b.shortcut() == null ? a : b.shortcut().apply(p, a, z);
            a = branch.add(shortcut).relu();
            if (training) {
                a = Dropout.apply(a, Dropout.channelMask(rng, HyperModel.column(hyper, k + 1), a.dtype(), batch,
                        a.shape()[1]));
            }
        }
        return fc.apply(p, a.mean(2, 3), z);
    }

    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        return Losses.crossEntropy(y, batch.labels());
    }

    @Override
    public Tensor augment(Tensor x, Tensor hyper, Rng rng) {
        return CifarAugmentation.apply(x, hyper, 9, rng);
    }
}
