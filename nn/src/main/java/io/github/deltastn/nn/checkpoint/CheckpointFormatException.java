package io.github.deltastn.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file is not a valid checkpoint: wrong magic or version, truncated, or corrupt. */
public class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code problem} found at byte {@code offset} of {@code file}. */
    public CheckpointFormatException(Path file, long offset, String problem) {
        super(file + " (byte offset " + offset + "): " + problem);
    }

    /** As the three-argument form, with the underlying cause. */
    public CheckpointFormatException(Path file, long offset, String problem, Throwable cause) {
        this(file, offset, problem);
        initCause(cause);
    }
}
