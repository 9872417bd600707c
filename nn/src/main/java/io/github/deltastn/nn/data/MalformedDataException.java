package io.github.deltastn.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file does not have the expected format. The message names the file, where in it the
 * problem is (a line number or a byte offset) and what was expected there.
 */
public class MalformedDataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** Where in the file the problem is. */
    private final String location;

    /**
     * @param file the offending file
     * @param location where in the file, e.g. {@code "line 7"} or {@code "byte offset 16"}; may be empty
     * @param problem what is wrong and what was expected
     */
    public MalformedDataException(Path file, String location, String problem) {
        super(file + (location.isEmpty() ? "" : " (" + location + ")") + ": " + problem);
        this.file = file;
        this.location = location;
    }

    /** As the three-argument form, with the underlying cause. */
    public MalformedDataException(Path file, String location, String problem, Throwable cause) {
        this(file, location, problem);
        initCause(cause);
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** Where in the file the problem is, e.g. {@code "line 7"}; empty when it concerns the whole file. */
    public String location() {
        return location;
    }
}
