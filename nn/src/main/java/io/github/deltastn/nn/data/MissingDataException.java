package io.github.deltastn.nn.data;

import java.io.FileNotFoundException;
import java.nio.file.Path;

/** A data set file is not in the cache folder; the message says how to fetch it. */
public class MissingDataException extends FileNotFoundException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /** {@code path} of data set {@code dataset} is missing. */
    public MissingDataException(Path path, String dataset) {
        super("data file not found: " + path + "; run scripts/fetch-data.sh " + dataset
                + " to fetch it (cache folder: $" + DataCache.ENV + " if set, else ~/.cache/deltastn)");
        this.path = path;
    }

    /** The missing file. */
    public Path path() {
        return path;
    }
}
