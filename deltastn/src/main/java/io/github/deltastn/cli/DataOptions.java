package io.github.deltastn.cli;

import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.data.Datasets;
import io.github.deltastn.nn.data.MissingDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Where the regression data of {@code toy} comes from (a picocli mixin): the built-in synthetic data, a
 * fetched data set ({@code boston}, {@code diabetes}) or a CSV file split into training, validation and test
 * rows, or two CSV files that are already split.
 */
final class DataOptions {
    static final double TRAIN_FRACTION = 0.15;
    static final double VALID_FRACTION = 0.25;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--data", paramLabel = "SOURCE", order = 3, defaultValue = "synthetic",
            description = "synthetic (built in), boston or diabetes (fetched by scripts/fetch-data.sh), or a CSV "
                    + "file with a header line. Default: ${DEFAULT-VALUE}.")
    private String data;

    @Option(names = "--target", paramLabel = "COL", order = 4,
            description = "Target column of a CSV file (boston: medv, diabetes: target); every other column is a feature.")
    private String target;

    @Option(names = "--split", paramLabel = "KIND", order = 5, defaultValue = "random",
            description = "How a table is split: random (rows shuffled by --data-seed) or ordered (head/tail). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String split;

    @Option(names = "--data-seed", paramLabel = "K", order = 6, defaultValue = "0",
            description = "Seed of a random split; for synthetic, which data set is drawn (0: the built-in default). "
                    + "Default: ${DEFAULT-VALUE}.")
    private long dataSeed;

    @Option(names = "--train-fraction", paramLabel = "F", order = 7, defaultValue = "" + TRAIN_FRACTION,
            description = "Share of the rows that train. Default: ${DEFAULT-VALUE}.")
    private double trainFraction;

    @Option(names = "--valid-fraction", paramLabel = "F", order = 8, defaultValue = "" + VALID_FRACTION,
            description = "Share of the rows that validate (the rest is the test split). Default: ${DEFAULT-VALUE}.")
    private double validFraction;

    @Option(names = "--train", paramLabel = "FILE", order = 9,
            description = "Instead of --data: an already split training CSV file (with --valid and --target).")
    private Path train;

    @Option(names = "--valid", paramLabel = "FILE", order = 10,
            description = "The validation CSV file that goes with --train, with the same columns.")
    private Path valid;

    @Option(names = "--no-standardize", order = 11,
            description = "Keep features and target in their own units instead of rescaling them with training "
                    + "statistics (the problem, its penalty and its exact optimum are then in those units).")
    private boolean noStandardize;

    /**
     * The data the options describe.
     *
     * @throws ParameterException with a one-line reason for contradictory options, a missing or malformed file,
     *     or a data set that has not been fetched
     */
    DataSource source() {
        CommandLine cl = command.commandLine();
        ParseResult given = cl.getParseResult();
        boolean standardize = !noStandardize;
        boolean splitOptions = given.hasMatchedOption("--split") || given.hasMatchedOption("--train-fraction")
                || given.hasMatchedOption("--valid-fraction");
        if (train != null || valid != null) {
            if (train == null || valid == null || target == null) {
                throw new ParameterException(cl, "--train, --valid and --target go together; got"
                        + (train == null ? "" : " --train") + (valid == null ? "" : " --valid")
                        + (target == null ? "" : " --target"));
            }
            if (given.hasMatchedOption("--data") || splitOptions || given.hasMatchedOption("--data-seed")) {
                throw new ParameterException(cl, "--train/--valid are already split: do not combine them with --data, "
                        + "--split, --data-seed, --train-fraction or --valid-fraction");
            }
            return DataSource.csv(train, valid, target, standardize, cl);
        }
        String source = data.trim();
        if (source.equalsIgnoreCase("synthetic")) {
            if (splitOptions || target != null) {
                throw new ParameterException(cl, "--split, --train-fraction, --valid-fraction and --target apply to "
                        + "CSV data; the synthetic data comes split (choose another data set with --data-seed)");
            }
            return DataSource.synthetic(standardize, dataSeed);
        }
        DataSource.Split s = new DataSource.Split(parseSplit(cl), dataSeed, trainFraction, validFraction);
        String named = source.toLowerCase(Locale.ROOT);
        if (named.equals("boston") || named.equals("diabetes")) {
            String column = named.equals("boston") ? "medv" : "target";
            if (target != null && !target.equals(column)) {
                throw new ParameterException(cl, "--target: the " + named + " data set's target is '" + column
                        + "', got '" + target + "'");
            }
            DataCache cache = DataCache.fromEnvironment();
            Dataset all;
            try {
                all = named.equals("boston") ? Datasets.boston(cache) : Datasets.diabetes(cache);
            } catch (MissingDataException e) {
                throw new ParameterException(cl, "--data " + named + ": " + e.getMessage());
            } catch (IOException e) {
                throw new ParameterException(cl, "--data " + named + ": cannot read it: " + e.getMessage());
            }
            return DataSource.split(all, named + " (" + cache.dir(named) + ")", named, s, standardize, cl);
        }
        if (target == null) {
            throw new ParameterException(cl, "--data " + source + " is a CSV file: name its target column with --target");
        }
        Path file = Path.of(source);
        Dataset all = DataSource.read("--data", file, target, cl);
        return DataSource.split(all, file + ", target " + target, file.getFileName() + ", target " + target, s,
                standardize, cl);
    }

    private boolean parseSplit(CommandLine cl) {
        String k = split.trim().toLowerCase(Locale.ROOT);
        if (!List.of("random", "ordered").contains(k)) {
            throw new ParameterException(cl, "--split must be random or ordered, got '" + split + "'");
        }
        return k.equals("ordered");
    }
}
