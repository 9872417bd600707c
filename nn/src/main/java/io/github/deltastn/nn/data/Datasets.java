package io.github.deltastn.nn.data;

import java.io.IOException;
import java.util.List;

/**
 * The real data sets, read from the cache folder filled by {@code scripts/fetch-data.sh}. Each method
 * throws {@link MissingDataException} (telling the user to run the script) when a file is missing.
 */
public final class Datasets {
    private Datasets() {}

    /** MNIST: 60,000 training or 10,000 test images {@code [N, 1, 28, 28]} in [0, 1], 10 classes. */
    public static Dataset mnist(DataCache cache, boolean train) throws IOException {
        String p = train ? "train" : "t10k";
        return Idx.readDataset(cache.require("mnist", p + "-images-idx3-ubyte"),
                cache.require("mnist", p + "-labels-idx1-ubyte"), 10);
    }

    /** Fashion-MNIST (gzipped IDX): 60,000 / 10,000 images {@code [N, 1, 28, 28]} in [0, 1], 10 classes. */
    public static Dataset fashionMnist(DataCache cache, boolean train) throws IOException {
        String p = train ? "train" : "t10k";
        return Idx.readDataset(cache.require("fmnist", p + "-images-idx3-ubyte.gz"),
                cache.require("fmnist", p + "-labels-idx1-ubyte.gz"), 10);
    }

    /** Boston housing: 506 × 13 features, target {@code medv} (median value, k$). Unnormalised. */
    public static Dataset boston(DataCache cache) throws IOException {
        return Csv.readRegression(cache.require("boston", "boston.csv"), "medv");
    }

    /**
     * Diabetes (Efron et al. 2004): 442 × 10 raw, unscaled features (age, sex, bmi, bp, s1..s6), target
     * {@code target} (disease progression after one year).
     */
    public static Dataset diabetes(DataCache cache) throws IOException {
        return Csv.readRegression(cache.require("diabetes", "diabetes.csv"), "target");
    }

    /** The 500 tagged Brown corpus documents, in file-name order. */
    public static List<BrownCorpus.Document> brown(DataCache cache) throws IOException {
        cache.require("brown", "ca01");
        return BrownCorpus.read(cache.dir("brown"));
    }
}
