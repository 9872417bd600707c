package io.github.deltastn.cli;

import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.experiments.ImageExperiments;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.Method;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deltastn-cli mnist}: tune the three dropout rates of the MLP 784-1200-1200-1200-10 on MNIST
 * (the paper's §5.2, reference settings of algorithm.md §6.5).
 *
 * <p>Usage: {@code deltastn-cli mnist --method delta --out runs/mnist-delta} trains for 300 epochs (the
 * paper's; the reference code uses 500) on the
 * 51,000 / 9,000 split of the official training set fetched by {@code scripts/fetch-data.sh mnist} and
 * evaluates on the official test set after every epoch. The run directory receives {@code config.json}
 * (all settings, the data's sha256, the git revision), {@code metrics.csv} (one row per epoch: losses,
 * accuracies, each hyperparameter and its σ), {@code summary.json} (final and best losses, final
 * hyperparameters, seconds), {@code hyperparameters.png}, {@code losses.png} and {@code checkpoint.bin}
 * (after every epoch); {@code --resume} continues an interrupted run from the checkpoint with the same
 * result. {@code --synthetic 600} replaces the data by random images, for smoke tests without a download.
 * {@code --widths paper} (the default) ends the MLP in a 10-way classifier as the paper describes;
 * {@code --widths reference} builds the reference code's network, whose logits are the 1,200 units of the
 * third hidden layer (it builds the 1200 → 10 layer but never uses it).
 * A non-finite loss ends the run with exit code 1 and keeps the last checkpoint.
 */
@Command(name = "mnist", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "Tune the 3 dropout rates of the MLP 784-1200-1200-1200-10 on MNIST with STN, centered STN or "
                    + "Delta-STN (or train it at fixed rates).",
            "Writes config.json, metrics.csv, summary.json, hyperparameters.png, losses.png and checkpoint.bin to "
                    + "the run directory, refreshed every epoch."})
final class MnistCommand extends ExperimentCommand {
    /** Epochs of the paper's image experiments (the reference code uses 500 for MNIST and 200 for FMNIST). */
    static final int PAPER_EPOCHS = 300;

    MnistCommand() {
        super(ImageExperiments.referenceConfig(Method.DELTA, PAPER_EPOCHS), PAPER_EPOCHS);
    }
    @Option(names = "--widths", paramLabel = "W", order = 0, converter = Widths.Converter.class,
            completionCandidates = Widths.Ids.class, defaultValue = "paper",
            description = "Network: paper = 784-1200-1200-1200-10 (default), reference = 784-1200-1200-1200 with the "
                    + "1200 units as logits, as the reference code trains it.")
    Widths widths;

    @Override
    boolean gradientMethods() {
        return true;
    }

    @Override
    String experiment() {
        return "mnist";
    }

    @Override
    String model() {
        return widths.id();
    }

    @Override
    ExperimentSetup realSetup(DataCache cache) throws IOException {
        return ImageExperiments.mnist(cache, widths == Widths.REFERENCE, limitTrain, method, epochs);
    }

    @Override
    ExperimentSetup syntheticSetup(int n) {
        return ImageExperiments.mnist(syntheticTrain(n), syntheticTest(n), widths == Widths.REFERENCE, limitTrain,
                method, epochs);
    }

    /** {@code n} random stand-in images for the official training set. */
    static Dataset syntheticTrain(int n) {
        return ImageExperiments.syntheticImages(n, SYNTHETIC_TRAIN_SEED);
    }

    /** A sixth as many random stand-in images for the test set. */
    static Dataset syntheticTest(int n) {
        return ImageExperiments.syntheticImages(Math.max(1, n / 6), SYNTHETIC_TEST_SEED);
    }
}
