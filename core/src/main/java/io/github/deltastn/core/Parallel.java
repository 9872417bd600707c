package io.github.deltastn.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits loops over contiguous index ranges across a small fixed pool of daemon threads.
 *
 * <p>The thread count is the system property {@code deltastn.threads} when set, otherwise
 * {@link Runtime#availableProcessors()}; {@link #setThreads(int)} changes it. The pool is created
 * lazily, sized to {@link #threads()}, and replaced when the count changes; it is the only global
 * mutable state. The caller's thread always runs the first chunk itself, and a {@link #forRange}
 * issued from inside a pool thread runs inline, so nested use cannot deadlock the pool.
 *
 * <p>Kernels that must give bit-identical results for every thread count compute each output
 * element with the same sequence of floating-point operations whatever the partition; this class
 * only decides who runs which range.
 */
public final class Parallel {
    private static final String PROPERTY = "deltastn.threads";

    // 0 until first use: a bad system property is reported by threads() on every call instead of breaking the
    // class's initialisation for good (an ExceptionInInitializerError).
    private static volatile int threads;
    private static ExecutorService pool;
    private static int poolSize;

    private Parallel() {}

    /** Body of a parallel loop: processes indices {@code [lo, hi)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code [lo, hi)}. */
        void run(int lo, int hi);
    }

    private static int initialThreads() {
        String s = System.getProperty(PROPERTY);
        if (s == null || s.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n;
        try {
            n = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parallel: system property " + PROPERTY
                    + " must be a positive integer, got \"" + s + "\"", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException("Parallel: system property " + PROPERTY
                    + " must be >= 1, got " + n);
        }
        return n;
    }

    /**
     * The number of threads parallel loops use (including the calling thread).
     *
     * @throws IllegalArgumentException if it comes from a system property {@code deltastn.threads} that is not a
     *     positive integer
     */
    public static int threads() {
        int n = threads;
        if (n == 0) {
            n = initialThreads();
            threads = n;
        }
        return n;
    }

    /**
     * Sets the number of threads parallel loops use; the pool is rebuilt lazily on the next parallel
     * loop. Loops already running finish on the old pool.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Parallel.setThreads: need n >= 1, got " + n);
        }
        if (n != threads) {
            threads = n;
            if (pool != null) {
                pool.shutdown();
                pool = null;
            }
        }
    }

    private static synchronized ExecutorService pool(int size) {
        if (pool == null || poolSize != size) {
            if (pool != null) {
                pool.shutdown();
            }
            AtomicInteger id = new AtomicInteger();
            pool = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Worker(r, "deltastn-parallel-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            poolSize = size;
        }
        return pool;
    }

    private static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
        }
    }

    /**
     * Runs {@code body.run(lo, hi)} over a partition of {@code [0, n)} into contiguous chunks of at
     * least {@code minChunk} indices (at most {@link #threads()} chunks, sizes differing by at most
     * one). Runs inline as a single call {@code body.run(0, n)} when {@code threads() == 1}, when
     * {@code n < 2 * minChunk}, or when called from a pool thread. Blocks until every chunk is done;
     * then rethrows the first exception thrown (the lowest chunk's), unchecked as thrown.
     *
     * @param n        size of the index range; nothing runs when {@code n == 0}
     * @param minChunk smallest chunk worth a thread (values below 1 are treated as 1)
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n < 0) {
            throw new IllegalArgumentException("Parallel.forRange: need n >= 0, got " + n);
        }
        if (n == 0) {
            return;
        }
        int t = threads();
        int chunks = (int) Math.min(t, n / (long) Math.max(1, minChunk));
        if (chunks <= 1 || Thread.currentThread() instanceof Worker) {
            body.run(0, n);
            return;
        }
        ExecutorService exec = pool(t);
        Throwable[] errors = new Throwable[chunks];
        Future<?>[] futures = new Future<?>[chunks];
        for (int c = 1; c < chunks; c++) {
            int lo = bound(n, chunks, c);
            int hi = bound(n, chunks, c + 1);
            try {
                futures[c] = exec.submit(() -> body.run(lo, hi));
            } catch (RejectedExecutionException e) {
                // setThreads() shut this pool down concurrently: the chunk runs below on this thread
                futures[c] = null;
            }
        }
        for (int c = 0; c < chunks; c++) {
            if (futures[c] == null) {
                try {
                    body.run(bound(n, chunks, c), bound(n, chunks, c + 1));
                } catch (RuntimeException | Error e) {
                    errors[c] = e;
                }
            }
        }
        boolean interrupted = false;
        for (int c = 1; c < chunks; c++) {
            while (futures[c] != null) {
                try {
                    futures[c].get();
                    break;
                } catch (InterruptedException e) {
                    // the chunks still write into the caller's arrays: wait for them regardless
                    interrupted = true;
                } catch (ExecutionException e) {
                    errors[c] = e.getCause();
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable e : errors) {
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
        }
    }

    private static int bound(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }
}
