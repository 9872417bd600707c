package io.github.deltastn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SparkEngine#map} on {@code local[2]}: every result once, in parallel, in finish order, cancellable. */
@Timeout(120)
class SparkEngineTest {
    private static JavaSparkContext jsc;
    private static SparkEngine engine;

    // local[N] runs the tasks in this JVM, so they and the test share these.
    private static final CountDownLatch bothStarted = new CountDownLatch(2);
    private static final CountDownLatch firstReported = new CountDownLatch(1);
    private static final CountDownLatch blockedStarted = new CountDownLatch(2);
    private static final CountDownLatch never = new CountDownLatch(1);
    private static final AtomicInteger interruptedTasks = new AtomicInteger();

    @BeforeAll
    static void start() {
        jsc = LocalSpark.start("local[2]");
        engine = new SparkEngine(jsc);
    }

    @AfterAll
    static void stop() {
        engine.close();
        assertTrue(!jsc.sc().isStopped(), "close() stopped a context the engine was given");
        jsc.stop();
    }

    @Test
    void parallelismIsTheLocalThreads() {
        assertEquals(2, engine.parallelism());
        assertEquals("spark", engine.id());
    }

    @Test
    void everyInputIsReportedOnceWithItsResultOnTheCallingThread() {
        List<Integer> inputs = IntStream.range(0, 12).boxed().toList();
        Map<Integer, Integer> got = new HashMap<>();
        Thread caller = Thread.currentThread();
        engine.<Integer, Integer>map(inputs, x -> x * x + 1, (i, r, failure) -> {
            assertSame(caller, Thread.currentThread());
            assertNull(failure);
            assertNull(got.put(i, r), "input " + i + " reported twice");
        });
        assertEquals(inputs.size(), got.size());
        inputs.forEach(x -> assertEquals(x * x + 1, got.get(x)));
    }

    @Test
    void emptyInputsReportNothing() {
        engine.<Integer, Integer>map(List.of(), x -> x, (i, r, f) -> {
            throw new AssertionError("reported " + i);
        });
    }

    /**
     * Each task waits until both have started (so they run at the same time); input 0 then waits until input 1
     * has been reported, which it can only be if results stream back while other jobs still run.
     */
    @Test
    void tasksRunInParallelAndResultsArriveInFinishOrder() {
        List<Integer> order = new ArrayList<>();
        engine.<Integer, Integer>map(List.of(0, 1), SparkEngineTest::meetThenFinishInReverse, (i, r, failure) -> {
            assertNull(failure, () -> "input " + i + ": " + failure);
            order.add(i);
            firstReported.countDown();
        });
        assertEquals(List.of(1, 0), order);
    }

    private static Integer meetThenFinishInReverse(Integer x) throws InterruptedException {
        bothStarted.countDown();
        if (!bothStarted.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the other task never started: tasks ran one after another");
        }
        if (x == 0 && !firstReported.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("input 1 was not reported while input 0 was running");
        }
        return x;
    }

    @Test
    void interruptingTheCallerCancelsTheJobs() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                engine.<Integer, Integer>map(List.of(0, 1), SparkEngineTest::blockUntilInterrupted, (i, r, f) -> {});
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertTrue(blockedStarted.await(60, TimeUnit.SECONDS), "the tasks did not start");
        caller.interrupt();
        caller.join(30_000);
        assertTrue(thrown.get() instanceof CancellationException, () -> "map threw " + thrown.get());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((interruptedTasks.get() < 2 || jsc.statusTracker().getActiveJobIds().length > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, interruptedTasks.get(), "tasks interrupted by the cancellation");
        assertEquals(0, jsc.statusTracker().getActiveJobIds().length, "active jobs after the cancellation");
    }

    private static Integer blockUntilInterrupted(Integer x) throws InterruptedException {
        blockedStarted.countDown();
        try {
            never.await();
        } catch (InterruptedException e) {
            interruptedTasks.incrementAndGet();
            throw e;
        }
        return x;
    }

    @Test
    void aTaskThatCannotBeSerialisedFailsOnTheCallingThread() {
        Object notSerialisable = new Object();
        Exception e = assertThrows(Exception.class, () -> engine.<Integer, String>map(List.of(1),
                x -> notSerialisable.toString(), (i, r, f) -> {}));
        assertTrue(e.getMessage().contains("not serializable"), e.getMessage());
    }
}
