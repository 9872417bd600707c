package io.github.deltastn.autodiff;

/**
 * A scope in which operations build no reverse-mode graph (evaluation passes, optimizer arithmetic,
 * first-order backward passes). Per thread; scopes nest.
 *
 * <pre>{@code try (NoGrad scope = NoGrad.enter()) { ... } }</pre>
 *
 * Tangents still propagate inside the scope (they are then constants too).
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private NoGrad() {
        DEPTH.get()[0]++;
    }

    /** Enters a no-graph scope on the current thread; close it with try-with-resources. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /** True while the current thread is inside at least one scope. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
