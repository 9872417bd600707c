package io.github.deltastn.cli;

import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.experiments.ImageExperiments;
import io.github.deltastn.experiments.ImageExperiments.CifarNet;
import io.github.deltastn.nn.data.Cifar10;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.Trainer;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code deltastn-cli cifar}: tune the hyperparameters of the paper's CIFAR-10 nets — AlexNet (18), VGG16 (26)
 * or ResNet18 (19): dropouts, cutout, colour jitter and affine augmentation strengths (the paper's §5.2).
 *
 * <p>CIFAR-10 cannot be fetched here: put the binary version ({@code data_batch_1.bin} … {@code data_batch_5.bin}
 * and {@code test_batch.bin}, from {@code cifar-10-binary.tar.gz}) in {@code DIR/cifar10}, with {@code DIR} the
 * data cache ({@code --data-dir}, else {@code $DELTASTN_DATA}, else {@code ~/.cache/deltastn}). {@code --synthetic N}
 * runs on random images instead. Settings: the reference's (SGD momentum 0.9 at 0.03 for w0 and Θ, ×0.2 at
 * epochs 60, 120 and 180; RMSprop 0.01 for the hyperparameters; 5 warm-up epochs); the files written are those
 * of {@link MnistCommand}.
 */
@Command(name = "cifar", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "Tune the hyperparameters of AlexNet (18), VGG16 (26) or ResNet18 (19) on CIFAR-10 with STN, centered STN "
                    + "or Delta-STN (or train at fixed values): dropouts, cutout, colour jitter and affine augmentation.",
            "CIFAR-10 (binary version: data_batch_1.bin ... data_batch_5.bin, test_batch.bin) must be in DIR/cifar10, "
                    + "DIR = --data-dir, $DELTASTN_DATA or ~/.cache/deltastn; --synthetic N needs no data."})
final class CifarCommand extends ExperimentCommand {
    /** Epochs of the reference code's CIFAR runs (the paper does not say). */
    static final int REFERENCE_EPOCHS = 200;

    static final class NetConverter implements ITypeConverter<CifarNet> {
        @Override
        public CifarNet convert(String value) {
            for (CifarNet n : CifarNet.values()) {
                if (n.id().equalsIgnoreCase(value.trim())) {
                    return n;
                }
            }
            throw new TypeConversionException("unknown net '" + value + "', expected alexnet, vgg16 or resnet18");
        }
    }

    CifarCommand() {
        super(ImageExperiments.cifarConfig(Method.DELTA, REFERENCE_EPOCHS), REFERENCE_EPOCHS);
    }

    @Option(names = "--net", paramLabel = "NET", order = 0, converter = NetConverter.class, defaultValue = "alexnet",
            description = "alexnet (18 hyperparameters, default), vgg16 (26) or resnet18 (19).")
    CifarNet net;

    @Option(names = "--width-divisor", paramLabel = "K", order = 0, defaultValue = "1",
            description = "Divide every width of the net by K (1 = the paper's; larger for smoke runs). "
                    + "Default: ${DEFAULT-VALUE}.")
    int divisor;

    @Override
    String experiment() {
        return "cifar";
    }

    @Override
    String dataName() {
        return "cifar10";
    }

    @Override
    String model() {
        return divisor == 1 ? net.id() : net.id() + "/" + divisor;
    }

    @Override
    ExperimentSetup realSetup(DataCache cache) throws IOException {
        checkDivisor();
        // read in the run's dtype: the float64 training set alone is 1.2 GB
        return ImageExperiments.cifar10(Cifar10.read(cache.dir(dataName()), true, dtype),
                Cifar10.read(cache.dir(dataName()), false, dtype), net, divisor, limitTrain, method, epochs);
    }

    @Override
    ExperimentSetup syntheticSetup(int n) {
        checkDivisor();
        return ImageExperiments.cifar10(ImageExperiments.syntheticCifarImages(n, 21),
                ImageExperiments.syntheticCifarImages(Math.max(1, n / 5), 22), net, divisor, limitTrain, method, epochs);
    }

    private void checkDivisor() {
        if (divisor < 1) {
            throw bad("--width-divisor must be >= 1, got " + divisor);
        }
    }

    @Override
    void configure(Trainer trainer, long stepsPerEpoch) {
        trainer.setLrFactor(ImageExperiments.cifarLrFactor(warmup, trainSteps, stepsPerEpoch));
    }
}
