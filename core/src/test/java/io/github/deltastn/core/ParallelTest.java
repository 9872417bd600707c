package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ParallelTest {

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with {@code n} threads, restoring the previous setting afterwards. */
    private static void withThreads(int n, Body body) throws Exception {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(n);
            body.run();
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Property(tries = 60)
    void coversTheRangeOnceWithContiguousChunksOfAtLeastMinChunk(@ForAll long seed) throws Exception {
        Rng rng = new Rng(seed);
        int threads = 1 + rng.nextInt(4);
        int n = rng.nextInt(200);
        int minChunk = rng.nextInt(40);
        withThreads(threads, () -> {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
            Parallel.forRange(n, minChunk, (lo, hi) -> {
                chunks.add(new int[] {lo, hi});
                for (int i = lo; i < hi; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "index " + i);
            }
            assertTrue(chunks.size() <= threads, "more chunks than threads: " + chunks.size());
            if (chunks.size() > 1) {
                for (int[] c : chunks) {
                    assertTrue(c[1] - c[0] >= Math.max(1, minChunk), "chunk " + c[0] + ".." + c[1] + " below " + minChunk);
                }
            }
        });
    }

    @Test
    void runsInlineWithOneThreadOrASmallRange() throws Exception {
        Thread caller = Thread.currentThread();
        withThreads(1, () -> Parallel.forRange(1000, 1, (lo, hi) -> {
            assertSame(caller, Thread.currentThread());
            assertEquals(0, lo);
            assertEquals(1000, hi);
        }));
        withThreads(4, () -> Parallel.forRange(15, 8, (lo, hi) -> {
            assertSame(caller, Thread.currentThread());
            assertEquals(15, hi - lo);
        }));
        withThreads(4, () -> Parallel.forRange(0, 1, (lo, hi) -> {
            throw new AssertionError("called for an empty range");
        }));
    }

    @Test
    void usesOtherThreadsForLargeRanges() throws Exception {
        withThreads(2, () -> {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            Parallel.forRange(2, 1, (lo, hi) -> seen.add(Thread.currentThread()));
            assertEquals(2, seen.size());
        });
    }

    @Test
    void rethrowsTheFirstChunksExceptionAfterAllChunksFinish() throws Exception {
        withThreads(3, () -> {
            AtomicIntegerArray done = new AtomicIntegerArray(3);
            IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                    Parallel.forRange(3, 1, (lo, hi) -> {
                        done.set(lo, 1);
                        if (lo >= 1) {
                            throw new IllegalStateException("chunk " + lo);
                        }
                    }));
            assertEquals("chunk 1", e.getMessage());
            for (int i = 0; i < 3; i++) {
                assertEquals(1, done.get(i), "chunk " + i + " did not run");
            }
        });
    }

    @Test
    void nestedLoopsDoNotDeadlock() throws Exception {
        withThreads(2, () -> {
            AtomicIntegerArray hits = new AtomicIntegerArray(400);
            Parallel.forRange(20, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    int row = i;
                    Parallel.forRange(20, 1, (lo2, hi2) -> {
                        for (int j = lo2; j < hi2; j++) {
                            hits.incrementAndGet(row * 20 + j);
                        }
                    });
                }
            });
            for (int i = 0; i < 400; i++) {
                assertEquals(1, hits.get(i));
            }
        });
    }

    @Test
    void setThreadsValidatesAndTakesEffect() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(e.getMessage().contains("setThreads") && e.getMessage().contains("0"), e.getMessage());
        withThreads(3, () -> {
            assertEquals(3, Parallel.threads());
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            Parallel.forRange(300, 1, (lo, hi) -> seen.add(Thread.currentThread()));
            assertTrue(seen.size() <= 3);
        });
        assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(-1, 1, (lo, hi) -> { }));
    }
}
