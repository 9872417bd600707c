package io.github.deltastn.nn.data;

import java.io.FileNotFoundException;
import java.nio.file.Path;

/** A data set file is not where it should be; the message says how to get it. */
public class MissingDataException extends FileNotFoundException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /** {@code path} of data set {@code dataset} is missing. */
    public MissingDataException(Path path, String dataset) {
        super("data file not found: " + path + "; run scripts/fetch-data.sh " + dataset
                + " to fetch it (cache folder: $" + DataCache.ENV + " if set, else ~/.cache/deltastn)");
        this.path = path;
    }

    private MissingDataException(String message, Path path) {
        super(message);
        this.path = path;
    }

    /**
     * {@code path} is missing, for data that the fetch script does not download: the message is
     * {@code "data file not found: <path>; <howToGet>"}.
     */
    public static MissingDataException withHint(Path path, String howToGet) {
        return new MissingDataException("data file not found: " + path + "; " + howToGet, path);
    }

    /** The missing file. */
    public Path path() {
        return path;
    }
}
