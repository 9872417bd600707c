package io.github.deltastn.cli;

import io.github.deltastn.core.Rng;
import io.github.deltastn.nn.data.Csv;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.data.MalformedDataException;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.SyntheticRegression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The regression data of a toy run and where it came from.
 *
 * @param description  the origin in full (file paths, split), for summaries
 * @param label        a short form (file names only), for plot titles
 * @param standardized whether features and target were rescaled with training statistics
 */
record DataSource(RegressionData data, String description, String label, boolean standardized) {

    /**
     * {@link SyntheticRegression}'s default configuration drawn with seed {@code DEFAULT_SEED + dataSeed}
     * (data set 0 is the built-in default), standardised or raw.
     */
    static DataSource synthetic(boolean standardize, long dataSeed) {
        RegressionData data = SyntheticRegression.generate(
                SyntheticRegression.Config.defaults().withStandardize(standardize),
                new Rng(SyntheticRegression.DEFAULT_SEED + dataSeed));
        String description = "synthetic (data set " + dataSeed + ")";
        return new DataSource(data, description, description + (standardize ? "" : ", not standardised"), standardize);
    }

    /** How one table is split into training, validation and test rows. */
    record Split(boolean ordered, long seed, double trainFraction, double validFraction) {
        String describe() {
            return String.format(java.util.Locale.ROOT, "%s split %.2f/%.2f%s", ordered ? "ordered" : "random",
                    trainFraction, validFraction, ordered ? "" : " (seed " + seed + ")");
        }
    }

    /**
     * One table split into training, validation and test rows.
     *
     * @param name the data set's name for messages and summaries (a file path or {@code boston})
     * @throws ParameterException with a one-line reason if the split is impossible or standardisation fails
     */
    static DataSource split(Dataset all, String name, String shortName, Split split, boolean standardize,
                            CommandLine cl) {
        RegressionData data;
        try {
            data = split.ordered()
                    ? RegressionData.orderedSplit(all.features(), all.targets(), split.trainFraction(), split.validFraction())
                    : RegressionData.randomSplit(all.features(), all.targets(), split.trainFraction(), split.validFraction(),
                            new Rng(split.seed()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "cannot split " + name + ": " + e.getMessage());
        }
        data = standardize ? standardized(data, name, cl) : data;
        return new DataSource(data, name + ", " + split.describe(), shortName + ", " + split.describe()
                + (standardize ? "" : ", not standardised"), standardize);
    }

    /**
     * Training and validation splits read from two CSV files with a header line; the features are every
     * column but {@code target}.
     *
     * @throws ParameterException with a one-line reason if a file is missing, unreadable or malformed, has
     *         no column {@code target}, or the splits do not fit together
     */
    static DataSource csv(Path train, Path valid, String target, boolean standardize, CommandLine cl) {
        Csv.Table trainTable = table("--train", train, cl);
        Dataset tr = regression("--train", train, trainTable, target, null, cl);
        // the validation columns are matched to the training columns by name, not by position
        Dataset va = regression("--valid", valid, table("--valid", valid, cl), target,
                Csv.featureNames(trainTable, target), cl);
        RegressionData data;
        try {
            data = new RegressionData(tr.features(), tr.targets(), va.features(), va.targets());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--train " + train + " and --valid " + valid
                    + " do not form a regression data set: " + e.getMessage());
        }
        data = standardize ? standardized(data, train.toString(), cl) : data;
        String description = "train " + train + ", valid " + valid + ", target " + target;
        String label = train.getFileName() + " / " + valid.getFileName() + ", target " + target
                + (standardize ? "" : ", not standardised");
        return new DataSource(data, description, label, standardize);
    }

    private static RegressionData standardized(RegressionData data, String name, CommandLine cl) {
        try {
            return data.standardized();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "cannot standardise " + name + ": " + e.getMessage()
                    + "; drop the column or pass --no-standardize");
        }
    }

    /** A regression table from a CSV file with a header line ({@code option} names the flag for messages). */
    static Dataset read(String option, Path file, String target, CommandLine cl) {
        return regression(option, file, table(option, file, cl), target, null, cl);
    }

    private static Csv.Table table(String option, Path file, CommandLine cl) {
        if (!Files.exists(file)) {
            throw new ParameterException(cl, option + " file not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(cl, option + " is not a regular file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new ParameterException(cl, option + " file is not readable (permission denied): " + file);
        }
        try {
            return Csv.read(file);
        } catch (MalformedDataException e) {
            throw new ParameterException(cl, option + " " + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(cl, option + " cannot read " + file + ": " + e);
        }
    }

    private static Dataset regression(String option, Path file, Csv.Table t, String target, List<String> features,
                                      CommandLine cl) {
        Dataset d;
        try {
            d = Csv.regression(file, t, target, features);
        } catch (MalformedDataException e) {
            throw new ParameterException(cl, option + " " + e.getMessage());
        }
        if (d.size() == 0) {
            throw new ParameterException(cl, option + " file has a header but no data rows: " + file);
        }
        return d;
    }
}
