package io.github.deltastn.nn.examples;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Layers;
import io.github.deltastn.nn.Linear;
import io.github.deltastn.nn.Module;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.augment.Normalize;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.data.Datasets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain training (no hypernetwork) of the MLP {@code 784 → H → H → 10} (ReLU, {@code H = 1200} by default)
 * on MNIST: pixels normalised with mean 0.1307 and std 0.3081, trained on the 60,000 training images with
 * SGD + momentum on the mean cross-entropy, evaluated on the 10,000 test images after every epoch.
 * Optional fixed-rate dropout on the pixels ({@code --input-dropout}) and after each hidden ReLU
 * ({@code --dropout}). Prints per epoch: mean training-step loss, test loss, test accuracy, seconds.
 *
 * <p>Needs the data fetched by {@code scripts/fetch-data.sh mnist}; exits with status 2 and says so
 * otherwise. A plain-training check of the {@code nn} library that lives with its tests (it is not part of
 * the library jar). Run from the repository root:
 * <pre>
 *   mvn -B -q install -DskipTests -pl core,autodiff,nn
 *   CP=nn/target/test-classes:nn/target/classes:autodiff/target/classes:core/target/classes
 *   java -Xmx4g -cp $CP \
 *       io.github.deltastn.nn.examples.MnistMlp --epochs 20
 * </pre>
 * {@code --help} lists the options. Results on the project machine: EXPERIMENTS.md,
 * section "nn examples (plain training)" (98% test accuracy from epoch 7).
 */
public final class MnistMlp {
    private MnistMlp() {}

    /**
     * The network: flatten {@code [B, 1, 28, 28]} (or any {@code [B, ...]} with {@code in} features) →
     * [dropout] → Linear(in, hidden) → ReLU → [dropout] → Linear(hidden, hidden) → ReLU → [dropout] →
     * Linear(hidden, classes). Layer names {@code fc1, fc2, fc3}; PyTorch default initialisation.
     *
     * @param inputDropout rate on the inputs in training, in {@code [0, 1)}
     * @param dropout rate after each hidden ReLU in training, in {@code [0, 1)}
     */
    public static Training.Network network(int in, int hidden, int classes, double inputDropout, double dropout) {
        Linear fc1 = new Linear("fc1", in, hidden);
        Linear fc2 = new Linear("fc2", hidden, hidden);
        Linear fc3 = new Linear("fc3", hidden, classes);
        Module all = Layers.sequential(fc1, fc2, fc3);
        return new Training.Network() {
            @Override
            public Map<String, Tensor> init(Rng rng) {
                return all.init(rng);
            }

            @Override
            public Var logits(Params p, Var x, Rng rng) {
                Var h = drop(x.reshape(x.shape()[0], -1), inputDropout, rng);
                h = drop(fc1.apply(p, h).relu(), dropout, rng);
                h = drop(fc2.apply(p, h).relu(), dropout, rng);
                return fc3.apply(p, h);
            }
        };
    }

    /** Element-wise dropout at one rate for every example; nothing in evaluation or at rate 0. */
    static Var drop(Var x, double rate, Rng rng) {
        if (rng == null || rate == 0.0) {
            return x;
        }
        return Dropout.apply(x, Dropout.mask(rng, Tensor.full(rate, x.shape()[0]), x.shape()));
    }

    /** MNIST pixels in [0, 1] normalised with the reference's constants (mean 0.1307, std 0.3081). */
    public static Dataset normalize(Dataset d) {
        return Dataset.classification(Normalize.perChannel(d.features(), Normalize.MNIST_MEAN, Normalize.MNIST_STD),
                d.labels(), d.numClasses());
    }

    /** Trains {@link #network} on already prepared data, printing one line per epoch to stdout. */
    public static Training.Result train(Dataset train, Dataset test, Training.Config cfg, int hidden,
            double inputDropout, double dropout) {
        int in = 1;
        for (int s : train.exampleShape()) {
            in *= s;
        }
        return Training.train(network(in, hidden, train.numClasses(), inputDropout, dropout), train, test, cfg, System.out);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(() -> run(args)));
    }

    private static void run(String[] args) throws java.io.IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("epochs", "10");
        defaults.put("batch", "128");
        defaults.put("lr", "0.01");
        defaults.put("momentum", "0.9");
        defaults.put("hidden", "1200");
        defaults.put("input-dropout", "0");
        defaults.put("dropout", "0");
        defaults.put("seed", "1");
        defaults.put("limit-train", "0 (all)");
        defaults.put("limit-test", "0 (all)");
        defaults.put("threads", String.valueOf(Parallel.threads()));
        defaults.put("shards", "1");
        Args a = new Args(args, defaults, "MnistMlp: plain SGD training of a 784-H-H-10 ReLU MLP on MNIST");
        Training.Config cfg = new Training.Config(a.integer("epochs"), a.integer("batch"), a.real("lr"),
                a.real("momentum"), a.integer("seed"), a.integer("shards"));
        Parallel.setThreads(a.integer("threads"));
        DataCache cache = DataCache.fromEnvironment();
        Dataset train = limit(Datasets.mnist(cache, true), a, "limit-train");
        Dataset test = limit(Datasets.mnist(cache, false), a, "limit-test");
        System.out.printf("MnistMlp: %s train, %s test, %s, hidden %d, dropout %s/%s, threads %d, Java %s%n", train.size(),
                test.size(), cfg, a.integer("hidden"), a.string("input-dropout"), a.string("dropout"), Parallel.threads(),
                System.getProperty("java.version"));
        train(normalize(train), normalize(test), cfg, a.integer("hidden"), a.real("input-dropout"), a.real("dropout"));
    }

    /** {@code d} limited to the option's count of examples; 0 (the default) keeps all. */
    static Dataset limit(Dataset d, Args a, String option) {
        if (!a.given().contains(option)) {
            return d;
        }
        int n = a.integer(option);
        if (n < 0) {
            throw new Args.UsageException("option --" + option + " needs a count >= 0, got " + n);
        }
        return n == 0 ? d : d.limit(n);
    }
}
