package io.github.deltastn.cli;

import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.experiments.ImageExperiments;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.train.Method;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deltastn-cli fmnist}: tune the six hyperparameters of the SimpleCNN on Fashion-MNIST (four
 * dropout rates, cutout length and number of holes; the paper's §5.2).
 *
 * <p>Usage: {@code deltastn-cli fmnist --method delta --out runs/fmnist-delta} (300 epochs by default,
 * the paper's; the reference code uses 200); the data
 * come from {@code scripts/fetch-data.sh fmnist}. {@code --widths reference} (the default) builds the
 * reference code's 16/32 convolution filters, {@code --widths paper} the paper's 32/64 (about four times
 * the convolution cost). All other options and the files written are those of {@link MnistCommand}.
 */
@Command(name = "fmnist", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "Tune the 6 hyperparameters of the SimpleCNN (4 dropout rates, cutout length and holes) on Fashion-MNIST "
                    + "with STN, centered STN or Delta-STN (or train it at fixed values).",
            "Writes config.json, metrics.csv, summary.json, hyperparameters.png, losses.png and checkpoint.bin to "
                    + "the run directory, refreshed every epoch."})
final class FmnistCommand extends ExperimentCommand {
    FmnistCommand() {
        super(ImageExperiments.referenceConfig(Method.DELTA, MnistCommand.PAPER_EPOCHS), MnistCommand.PAPER_EPOCHS);
    }

    @Option(names = "--widths", paramLabel = "W", order = 0, converter = Widths.Converter.class,
            completionCandidates = Widths.Ids.class, defaultValue = "reference",
            description = "Convolution filters: reference = 16/32 (the reference code, default), paper = 32/64 "
                    + "(the paper's text; about 4x slower).")
    Widths widths;

    @Override
    boolean gradientMethods() {
        return true;
    }

    @Override
    String experiment() {
        return "fmnist";
    }

    @Override
    String model() {
        return widths.id();
    }

    @Override
    ExperimentSetup realSetup(DataCache cache) throws IOException {
        return ImageExperiments.fashionMnist(cache, widths == Widths.PAPER, limitTrain, method, epochs);
    }

    @Override
    ExperimentSetup syntheticSetup(int n) {
        return ImageExperiments.fashionMnist(MnistCommand.syntheticTrain(n), MnistCommand.syntheticTest(n),
                widths == Widths.PAPER, limitTrain, method, epochs);
    }
}
