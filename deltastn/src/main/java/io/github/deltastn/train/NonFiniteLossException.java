package io.github.deltastn.train;

/** Thrown when a training or hyper step produces a non-finite loss; the run stops and keeps its last good state. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
