package io.github.deltastn.cli;

import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.experiments.ImageExperiments;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import java.io.IOException;
import picocli.CommandLine.Command;

/**
 * {@code deltastn-cli mnist}: tune the three dropout rates of the MLP 784-1200-1200-1200-10 on MNIST
 * (the paper's §5.2, reference settings of ALGORITHM.md §6.5).
 *
 * <p>Usage: {@code deltastn-cli mnist --method delta --epochs 300 --out runs/mnist-delta} trains on the
 * 51,000 / 9,000 split of the official training set fetched by {@code scripts/fetch-data.sh mnist} and
 * evaluates on the official test set after every epoch. The run directory receives {@code config.json}
 * (all settings, the data's sha256, the git revision), {@code metrics.csv} (one row per epoch: losses,
 * accuracies, each hyperparameter and its σ), {@code summary.json} (final and best losses, final
 * hyperparameters, seconds), {@code hyperparameters.png}, {@code losses.png} and {@code checkpoint.bin}
 * (after every epoch); {@code --resume} continues an interrupted run from the checkpoint with the same
 * result. {@code --synthetic 600} replaces the data by random images, for smoke tests without a download.
 * A non-finite loss ends the run with exit code 1 and keeps the last checkpoint.
 */
@Command(name = "mnist", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "Tune the 3 dropout rates of the MLP 784-1200-1200-1200-10 on MNIST with STN, centered STN or "
                    + "Delta-STN (or train it at fixed rates).",
            "Writes config.json, metrics.csv, summary.json, hyperparameters.png, losses.png and checkpoint.bin to "
                    + "the run directory, refreshed every epoch."})
final class MnistCommand extends ImageCommand {
    @Override
    String experiment() {
        return "mnist";
    }

    @Override
    ExperimentSetup realSetup(DataCache cache) throws IOException {
        return ImageExperiments.mnist(cache, limitTrain, method, epochs);
    }

    @Override
    ExperimentSetup syntheticSetup(Dataset officialTrain, Dataset test) {
        return ImageExperiments.mnist(officialTrain, test, limitTrain, method, epochs);
    }
}
