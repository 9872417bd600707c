package io.github.deltastn.nn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The folder that holds the fetched data sets, one sub-folder per data set
 * ({@code mnist/}, {@code fmnist/}, {@code boston/}, {@code diabetes/}, {@code brown/}).
 *
 * <p>Rule, shared with {@code scripts/fetch-data.sh}: {@code $DELTASTN_DATA} if it is set and not
 * empty, else {@code ~/.cache/deltastn}.
 */
public final class DataCache {
    /** The environment variable that overrides the cache folder. */
    public static final String ENV = "DELTASTN_DATA";

    private final Path root;

    /** A cache rooted at an explicit folder (tests, or callers with their own configuration). */
    public DataCache(Path root) {
        this.root = root;
    }

    /** The cache selected by the rule in the class comment. */
    public static DataCache fromEnvironment() {
        return new DataCache(resolveRoot(System.getenv(ENV), System.getProperty("user.home")));
    }

    /** The rule itself: {@code env} when non-empty, else {@code home/.cache/deltastn}. */
    public static Path resolveRoot(String env, String home) {
        if (env != null && !env.isEmpty()) {
            return Paths.get(env);
        }
        return Paths.get(home, ".cache", "deltastn");
    }

    /** The cache folder. */
    public Path root() {
        return root;
    }

    /** The folder of one data set (it may not exist). */
    public Path dir(String dataset) {
        return root.resolve(dataset);
    }

    /**
     * The path of {@code file} in data set {@code dataset}'s folder.
     *
     * @throws MissingDataException when the file is not there, telling the user to run the fetch script
     * @throws MalformedDataException when a directory stands where the file should be
     */
    public Path require(String dataset, String file) throws MissingDataException, MalformedDataException {
        Path p = dir(dataset).resolve(file);
        if (Files.isDirectory(p)) {
            throw new MalformedDataException(p, "", "is a directory, expected the data file; move it away and run "
                    + "scripts/fetch-data.sh " + dataset);
        }
        if (!Files.isRegularFile(p)) {
            throw new MissingDataException(p, dataset);
        }
        return p;
    }
}
