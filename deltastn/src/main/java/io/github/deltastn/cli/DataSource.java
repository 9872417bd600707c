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
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The regression data of a toy run and where it came from.
 *
 * @param description  the origin in full (file paths), for summaries
 * @param label        a short form (file names only), for plot titles
 * @param standardized whether features and target were rescaled with training statistics
 */
record DataSource(RegressionData data, String description, String label, boolean standardized) {

    /** {@link SyntheticRegression}'s default data set, standardised or raw. */
    static DataSource synthetic(boolean standardize) {
        RegressionData data = standardize
                ? SyntheticRegression.defaultData()
                : SyntheticRegression.generate(SyntheticRegression.Config.defaults().withStandardize(false),
                        new Rng(SyntheticRegression.DEFAULT_SEED));
        String description = "synthetic (seed " + SyntheticRegression.DEFAULT_SEED + ")";
        return new DataSource(data, description, description + (standardize ? "" : ", not standardised"), standardize);
    }

    /**
     * Training and validation splits read from two CSV files with a header line; the features are every
     * column but {@code target}.
     *
     * @throws ParameterException with a one-line reason if a file is missing, unreadable or malformed, has
     *         no column {@code target}, or the splits do not fit together
     */
    static DataSource csv(Path train, Path valid, String target, boolean standardize, CommandLine cl) {
        Dataset tr = read("--train", train, target, cl);
        Dataset va = read("--valid", valid, target, cl);
        RegressionData data;
        try {
            data = new RegressionData(tr.features(), tr.targets(), va.features(), va.targets());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--train " + train + " and --valid " + valid
                    + " do not form a regression data set: " + e.getMessage());
        }
        if (standardize) {
            try {
                data = data.standardized();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, "cannot standardise " + train + ": " + e.getMessage()
                        + "; drop the column or pass --no-standardize");
            }
        }
        String description = "train " + train + ", valid " + valid + ", target " + target;
        String label = train.getFileName() + " / " + valid.getFileName() + ", target " + target
                + (standardize ? "" : ", not standardised");
        return new DataSource(data, description, label, standardize);
    }

    private static Dataset read(String option, Path file, String target, CommandLine cl) {
        if (!Files.exists(file)) {
            throw new ParameterException(cl, option + " file not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(cl, option + " is not a regular file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new ParameterException(cl, option + " file is not readable: " + file);
        }
        Dataset d;
        try {
            d = Csv.readRegression(file, target);
        } catch (MalformedDataException e) {
            throw new ParameterException(cl, option + " " + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(cl, option + " cannot read " + file + ": " + e);
        }
        if (d.size() == 0) {
            throw new ParameterException(cl, option + " file has a header but no data rows: " + file);
        }
        return d;
    }
}
