package io.github.deltastn.experiments;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.models.ConvStackModel;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.models.ResNet18Model;
import io.github.deltastn.models.SimpleCnnModel;
import io.github.deltastn.nn.augment.Normalize;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.data.Datasets;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import java.io.IOException;

/**
 * The image experiments of the paper (§5.2) at the reference code's settings (algorithm.md §6.5, §9.1,
 * algorithm.md §10.1, §10.2): validation = the last 15% of the official training set (51,000 / 9,000), the official
 * test set; batch 128; SGD with momentum 0.9 at 0.01 for the weights, RMSprop at 0.01 for λ0 and s;
 * T_train = 5, T_valid = 1; 5 warm-up epochs; τ = 1e-3; scale tuning on; all dropouts start at 0.05.
 */
public final class ImageExperiments {
    /** Validation fraction of the official training set. */
    public static final double VALID_FRACTION = 0.15;

    private ImageExperiments() {}

    /**
     * MNIST with the MLP 784-1200-1200-1200-10 and 3 tuned dropouts (input, after hidden 1 and 2); pixels
     * normalised with mean 0.1307 and std 0.3081.
     *
     * @param limitTrain use only the first {@code limitTrain} training examples (0 = all)
     */
    public static ExperimentSetup mnist(DataCache cache, int limitTrain, Method method, int epochs) throws IOException {
        return mnist(cache, false, limitTrain, method, epochs);
    }

    /**
     * {@link #mnist(DataCache, int, Method, int)}; with {@code referenceNet} the network is
     * {@link MlpModel#reference()} (the reference code's, 1,200 logits) instead of {@link MlpModel#mnist()}.
     */
    public static ExperimentSetup mnist(DataCache cache, boolean referenceNet, int limitTrain, Method method, int epochs)
            throws IOException {
        Dataset train = normalize(Datasets.mnist(cache, true), Normalize.MNIST_MEAN, Normalize.MNIST_STD);
        Dataset test = normalize(Datasets.mnist(cache, false), Normalize.MNIST_MEAN, Normalize.MNIST_STD);
        return mnist(train, test, referenceNet, limitTrain, method, epochs);
    }

    /** {@link #mnist(DataCache, int, Method, int)} on given images {@code [N, 1, 28, 28]} (already normalised). */
    public static ExperimentSetup mnist(Dataset officialTrain, Dataset test, int limitTrain, Method method, int epochs) {
        return mnist(officialTrain, test, false, limitTrain, method, epochs);
    }

    /** {@link #mnist(DataCache, boolean, int, Method, int)} on given images (already normalised). */
    public static ExperimentSetup mnist(Dataset officialTrain, Dataset test, boolean referenceNet, int limitTrain,
                                        Method method, int epochs) {
        Dataset.Split s = officialTrain.splitLast(VALID_FRACTION);
        MlpModel model = referenceNet ? MlpModel.reference() : MlpModel.mnist();
        return new ExperimentSetup("mnist", model, mlpHyperparameters(), limit(s.train(), limitTrain),
                s.valid(), test, ImageExperiments.referenceConfig(method, epochs));
    }

    /** The MLP's three dropout rates on (0, 0.95), each starting at 0.05. */
    public static Hyperparameters mlpHyperparameters() {
        Hyperparameters hp = new Hyperparameters();
        for (int i = 0; i < 3; i++) {
            hp.register("dropout" + i, 0, 0.95, 0.05);
        }
        return hp;
    }

    /**
     * Fashion-MNIST with the SimpleCNN and its 6 hyperparameters; pixels in [0, 1] (no normalisation, as the
     * reference). {@code paperWidths}: 32/64 filters instead of the reference code's 16/32.
     */
    public static ExperimentSetup fashionMnist(DataCache cache, boolean paperWidths, int limitTrain, Method method,
                                               int epochs) throws IOException {
        return fashionMnist(Datasets.fashionMnist(cache, true), Datasets.fashionMnist(cache, false), paperWidths,
                limitTrain, method, epochs);
    }

    /** {@link #fashionMnist(DataCache, boolean, int, Method, int)} on given images {@code [N, 1, 28, 28]}. */
    public static ExperimentSetup fashionMnist(Dataset officialTrain, Dataset test, boolean paperWidths, int limitTrain,
                                               Method method, int epochs) {
        Dataset.Split s = officialTrain.splitLast(VALID_FRACTION);
        SimpleCnnModel model = paperWidths ? SimpleCnnModel.paper() : SimpleCnnModel.reference();
        return new ExperimentSetup("fmnist", model, SimpleCnnModel.hyperparameters(), limit(s.train(), limitTrain),
                s.valid(), test, ImageExperiments.referenceConfig(method, epochs));
    }

    /** The CIFAR-10 nets of the paper's Table 1. */
    public enum CifarNet {
        ALEXNET, VGG16, RESNET18;

        /** {@code alexnet}, {@code vgg16} or {@code resnet18}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The net with every width divided by {@code divisor} (1 = the paper's). */
        public HyperModel model(int divisor) {
            return switch (this) {
                case ALEXNET -> ConvStackModel.alexnet(divisor);
                case VGG16 -> ConvStackModel.vgg16(divisor);
                case RESNET18 -> new ResNet18Model(Math.max(1, 64 / divisor));
            };
        }

        /** Its hyperparameters: 18, 26 and 19. */
        public Hyperparameters hyperparameters() {
            return switch (this) {
                case ALEXNET -> ConvStackModel.hyperparameters(5, 2);
                case VGG16 -> ConvStackModel.hyperparameters(13, 2);
                case RESNET18 -> ResNet18Model.hyperparameters();
            };
        }
    }

    /**
     * A random stand-in for CIFAR-10: {@code n} images {@code [3, 32, 32]} of uniform pixels in [0, 1] with
     * random labels 0..9, for smoke tests, benchmarks and CI.
     */
    public static Dataset syntheticCifarImages(int n, long seed) {
        Rng r = new Rng(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return Dataset.classification(Tensor.uniform(r, 0, 1, n, 3, 32, 32), labels, 10);
    }

    /** Fraction of CIFAR-10's official training set used for validation (the last 10,000 of 50,000). */
    public static final double CIFAR_VALID_FRACTION = 0.2;

    /**
     * CIFAR-10 with one of the paper's nets, on images {@code [N, 3, 32, 32]} in [0, 1] (the nets normalise
     * them and augment the training batches themselves); the last 20 % of the official training set validates.
     * Settings: {@link #cifarConfig} (the step schedule is {@link #cifarLrFactor}).
     *
     * @param divisor divides every width of the net (1 = the paper's)
     */
    public static ExperimentSetup cifar10(Dataset officialTrain, Dataset test, CifarNet net, int divisor, int limitTrain,
                                          Method method, int epochs) {
        Dataset.Split s = officialTrain.splitLast(CIFAR_VALID_FRACTION);
        return new ExperimentSetup("cifar", net.model(divisor), net.hyperparameters(), limit(s.train(), limitTrain),
                s.valid(), test, cifarConfig(method, epochs));
    }

    /** The reference's AlexNet/VGG16 settings: {@link #referenceConfig} with learning rate 0.03 for w0 and Θ. */
    public static TrainConfig cifarConfig(Method method, int epochs) {
        return referenceConfig(method, epochs).toBuilder().lr(0.03).responseLr(0.03).build();
    }

    /**
     * The reference's CIFAR learning-rate schedule as a factor of the cycle count (for
     * {@link io.github.deltastn.train.Trainer#setLrFactor}): ×0.2 at epochs 60, 120 and 180, with cycle c
     * (counted after {@code warmup} epochs) in epoch {@code warmup + c·trainSteps / stepsPerEpoch}.
     */
    public static java.util.function.DoubleUnaryOperator cifarLrFactor(int warmup, int trainSteps, long stepsPerEpoch) {
        return c -> {
            double epoch = warmup + c * trainSteps / (double) stepsPerEpoch;
            int passed = (epoch >= 60 ? 1 : 0) + (epoch >= 120 ? 1 : 0) + (epoch >= 180 ? 1 : 0);
            return Math.pow(0.2, passed);
        };
    }

    /**
     * The reference code's MLP/MNIST settings, used for Fashion-MNIST too: {@code epochs} epochs of which 5
     * warm-up, T_train = 5, T_valid = 1, batches of 128, SGD with momentum 0.9 at 0.01 for w0 and Θ, RMSprop
     * at 0.01 for λ0 and the scales, scale tuning with τ = 1e-3, seed 0.
     */
    public static TrainConfig referenceConfig(Method method, int epochs) {
        return TrainConfig.builder().method(method).epochs(epochs).warmupEpochs(5).trainSteps(5).validSteps(1)
                .batchSize(128).validBatchSize(128).lr(0.01).responseLr(0.01).momentum(0.9).hyperLr(0.01).scaleLr(0.01)
                .tau(1e-3).tuneScales(true).seed(0).build();
    }

    /**
     * A random stand-in for an image data set: {@code n} examples of {@code [1, 28, 28]} uniform pixels with
     * random labels in 0..9 — for smoke tests and CI, which must not need the real data.
     */
    public static Dataset syntheticImages(int n, long seed) {
        Rng r = new Rng(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return Dataset.classification(Tensor.uniform(r, 0, 1, n, 1, 28, 28), labels, 10);
    }

    static Dataset limit(Dataset d, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit-train must be >= 0 (0 = all), got " + n);
        }
        return n == 0 || n >= d.size() ? d : d.limit(n);
    }

    static Dataset normalize(Dataset d, double[] mean, double[] std) {
        return Dataset.classification(Normalize.perChannel(d.features(), mean, std), d.labels(), d.numClasses());
    }
}
