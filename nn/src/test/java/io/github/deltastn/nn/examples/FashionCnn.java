package io.github.deltastn.nn.examples;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Conv2d;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Layers;
import io.github.deltastn.nn.Linear;
import io.github.deltastn.nn.Module;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.data.Datasets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain training (no hypernetwork) of the SimpleCNN of algorithm.md §10.2 on Fashion-MNIST, pixels in
 * [0, 1] (no normalisation, no cutout):
 * <pre>
 *   x [B, 1, 28, 28] → conv1 1→c1, 5×5, pad 2 → ReLU → max-pool 2 → [channel dropout]
 *                    → conv2 c1→c2, 5×5, pad 2 → ReLU → max-pool 2 → [channel dropout]
 *                    → flatten (c2·7·7) → fc1 → F → ReLU → [dropout] → fc2 F → 10
 * </pre>
 * with {@code --widths c1,c2} (default {@code 16,32} as the reference code; the paper uses {@code 32,64})
 * and {@code --fc F} (default 1568 = 32·7·7). Trained on the 60,000 training images with SGD + momentum,
 * evaluated on the 10,000 test images after every epoch; {@code --limit-train N} trains on the first
 * {@code N} images only. {@code --shards S} (default 2) runs {@code S} parts of each batch concurrently
 * (1.2–1.6× faster on 2 cores than {@code --shards 1}; the same gradient up to rounding).
 *
 * <p>Needs the data fetched by {@code scripts/fetch-data.sh fmnist}; exits with status 2 and says so
 * otherwise. A plain-training check of the {@code nn} library that lives with its tests (it is not part of
 * the library jar). Run from the repository root:
 * <pre>
 *   mvn -B -q install -DskipTests -pl core,autodiff,nn
 *   CP=nn/target/test-classes:nn/target/classes:autodiff/target/classes:core/target/classes
 *   java -Xmx4g -cp $CP \
 *       io.github.deltastn.nn.examples.FashionCnn --epochs 6 --lr 0.05 --shards 2
 * </pre>
 * {@code --help} lists the options. Results and a profile on the project
 * machine: EXPERIMENTS.md, section "nn examples (plain training)".
 */
public final class FashionCnn {
    private FashionCnn() {}

    /**
     * The network above for {@code [B, channels, size, size]} inputs ({@code size} divisible by 4).
     * Layer names {@code conv1, conv2, fc1, fc2}; PyTorch default initialisation.
     *
     * @param channelDropout rate of the channel dropout after each pooling, in training
     * @param dropout rate of the element-wise dropout after fc1's ReLU, in training
     */
    public static Training.Network network(int channels, int size, int[] widths, int fc, int classes,
            double channelDropout, double dropout) {
        if (widths.length != 2 || size % 4 != 0) {
            throw new IllegalArgumentException("FashionCnn: need two conv widths and an image size divisible by 4, got widths "
                    + java.util.Arrays.toString(widths) + ", size " + size);
        }
        Conv2d conv1 = new Conv2d("conv1", channels, widths[0], 5, 1, 2);
        Conv2d conv2 = new Conv2d("conv2", widths[0], widths[1], 5, 1, 2);
        int flat = widths[1] * (size / 4) * (size / 4);
        Linear fc1 = new Linear("fc1", flat, fc);
        Linear fc2 = new Linear("fc2", fc, classes);
        Module all = Layers.sequential(conv1, conv2, fc1, fc2);
        return new Training.Network() {
            @Override
            public Map<String, Tensor> init(Rng rng) {
                return all.init(rng);
            }

            @Override
            public Var logits(Params p, Var x, Rng rng) {
                Var h = dropChannels(conv1.apply(p, x).relu().maxPool2d(2, 2), channelDropout, rng);
                h = dropChannels(conv2.apply(p, h).relu().maxPool2d(2, 2), channelDropout, rng);
                h = MnistMlp.drop(fc1.apply(p, h.reshape(h.shape()[0], -1)).relu(), dropout, rng);
                return fc2.apply(p, h);
            }
        };
    }

    private static Var dropChannels(Var x, double rate, Rng rng) {
        if (rng == null || rate == 0.0) {
            return x;
        }
        int b = x.shape()[0];
        return Dropout.apply(x, Dropout.channelMask(rng, Tensor.full(rate, b), b, x.shape()[1]));
    }

    /** Trains {@link #network} on {@code [N, 1, 28, 28]} data, printing one line per epoch to stdout. */
    public static Training.Result train(Dataset train, Dataset test, Training.Config cfg, int[] widths, int fc,
            double channelDropout, double dropout) {
        int[] s = train.exampleShape();
        Training.Network net = network(s[0], s[1], widths, fc, train.numClasses(), channelDropout, dropout);
        return Training.train(net, train, test, cfg, System.out);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(() -> run(args)));
    }

    private static void run(String[] args) throws java.io.IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("epochs", "6");
        defaults.put("batch", "128");
        defaults.put("lr", "0.05");
        defaults.put("momentum", "0.9");
        defaults.put("widths", "16,32");
        defaults.put("fc", "1568");
        defaults.put("channel-dropout", "0");
        defaults.put("dropout", "0");
        defaults.put("seed", "1");
        defaults.put("limit-train", "0 (all)");
        defaults.put("limit-test", "0 (all)");
        defaults.put("threads", String.valueOf(Parallel.threads()));
        defaults.put("shards", "2");
        Args a = new Args(args, defaults, "FashionCnn: plain SGD training of the SimpleCNN on Fashion-MNIST");
        Training.Config cfg = new Training.Config(a.integer("epochs"), a.integer("batch"), a.real("lr"),
                a.real("momentum"), a.integer("seed"), a.integer("shards"));
        int[] widths = a.integers("widths", 2);
        Parallel.setThreads(a.integer("threads"));
        DataCache cache = DataCache.fromEnvironment();
        Dataset train = MnistMlp.limit(Datasets.fashionMnist(cache, true), a, "limit-train");
        Dataset test = MnistMlp.limit(Datasets.fashionMnist(cache, false), a, "limit-test");
        System.out.printf("FashionCnn: %s train, %s test, %s, widths %s, fc %d, dropout %s/%s, threads %d, Java %s%n",
                train.size(), test.size(), cfg, a.string("widths"), a.integer("fc"), a.string("channel-dropout"),
                a.string("dropout"), Parallel.threads(), System.getProperty("java.version"));
        train(train, test, cfg, widths, a.integer("fc"), a.real("channel-dropout"), a.real("dropout"));
    }
}
