package io.github.deltastn.spark;

import io.github.deltastn.engine.Engine;
import io.github.deltastn.engine.RemoteFolder;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * The engine {@code spark}: each input of {@link #map} is one Spark job of one task, so the inputs run in
 * parallel on the executors' cores and each result comes back as soon as its job ends.
 *
 * <p>A failed task is retried by Spark up to {@code spark.task.maxFailures} times (on a cluster; {@code local[N]}
 * never retries, {@code local[N,F]} tries F times); an input whose job still fails is reported to
 * {@link Engine.Results} with its failure, and the other inputs go on.
 *
 * <p>Ownership of the context: {@link #open} creates a context and {@link #close} stops it — unless a context
 * was already active in this JVM, which the engine then uses and leaves running. An engine made with
 * {@link #SparkEngine(JavaSparkContext)} never stops the caller's context.
 */
public final class SparkEngine implements Engine {
    private static final String DESCRIPTION = "spark.job.description";
    private static final String INTERRUPT_ON_CANCEL = "spark.job.interruptOnCancel";
    private static final String OWNER = "spark.deltastn.engine.owner";
    private static final AtomicLong MAPS = new AtomicLong();

    private final JavaSparkContext jsc;
    private final boolean ownsContext;
    private final ExecutorService waiters = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "deltastn-spark-waiter");
        t.setDaemon(true);
        return t;
    });

    /** An engine on the caller's context; the caller stops it, {@link #close} does not. */
    public SparkEngine(JavaSparkContext jsc) {
        this(jsc, false);
    }

    private SparkEngine(JavaSparkContext jsc, boolean ownsContext) {
        this.jsc = Objects.requireNonNull(jsc, "SparkEngine: the context must not be null");
        this.ownsContext = ownsContext;
    }

    /**
     * The engine on this JVM's active Spark context if there is one, else on a new context with the
     * {@code spark.*} system properties (spark-submit sets {@code spark.master} there, and then it wins over
     * {@code master}), else with {@code master}, {@code local[*]} when null.
     *
     * <p>A new context on a cluster without {@code spark.jars} (plain java rather than spark-submit) ships the
     * jar this class was loaded from, the application jar, to the executors.
     */
    public static SparkEngine open(String master) {
        String owner = UUID.randomUUID().toString();
        SparkConf conf = new SparkConf()
                .setIfMissing("spark.master", master == null ? "local[*]" : master)
                .setIfMissing("spark.app.name", "deltastn")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .set(OWNER, owner);
        String jar = applicationJar();
        if (!conf.get("spark.master").startsWith("local") && jar != null) {
            conf.setIfMissing("spark.jars", jar);
        }
        SparkContext sc = SparkContext.getOrCreate(conf);
        boolean created = owner.equals(sc.getConf().get(OWNER, null));
        if (master != null && !master.equals(sc.master())) {
            System.getLogger(SparkEngine.class.getName()).log(System.Logger.Level.WARNING,
                    "spark engine: using master {0} (" + (created ? "spark.master" : "the active Spark context")
                            + "), not {1}", sc.master(), master);
        }
        return new SparkEngine(JavaSparkContext.fromSparkContext(sc), created);
    }

    /** The jar file this class was loaded from, or null (a class directory, an unknown source). */
    private static String applicationJar() {
        try {
            CodeSource source = SparkEngine.class.getProtectionDomain().getCodeSource();
            Path path = source == null ? null : Path.of(source.getLocation().toURI());
            return path != null && Files.isRegularFile(path) ? path.toString() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The context the jobs run on. */
    public JavaSparkContext context() {
        return jsc;
    }

    @Override
    public String id() {
        return "spark";
    }

    /**
     * Spark's default parallelism: N for {@code local[N]}, on a cluster the cores of the executors registered
     * so far (at least 2), unless {@code spark.default.parallelism} says otherwise.
     */
    @Override
    public int parallelism() {
        return Math.max(1, jsc.defaultParallelism());
    }

    @Override
    public <T extends Serializable, R extends Serializable> void map(List<T> inputs, Task<T, R> task, Results<R> results) {
        Objects.requireNonNull(task, "SparkEngine.map: task must not be null");
        Objects.requireNonNull(results, "SparkEngine.map: results must not be null");
        int n = inputs.size();
        if (n == 0) {
            return;
        }
        String tag = "deltastn-map-" + MAPS.incrementAndGet();
        BlockingQueue<Outcome<R>> finished = new LinkedBlockingQueue<>();
        List<JavaFutureAction<List<R>>> jobs = submit(inputs, new Apply<>(task), tag);
        for (int i = 0; i < n; i++) {
            int index = i;
            JavaFutureAction<List<R>> job = jobs.get(i);
            waiters.execute(() -> finished.add(outcome(index, job)));
        }
        int reported = 0;
        try {
            while (reported < n) {
                Outcome<R> o = finished.take();
                reported++;
                results.accept(o.index, o.result, o.failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("spark engine: interrupted; cancelled the " + (n - reported)
                    + " unfinished of " + n + " jobs");
        } finally {
            if (reported < n) {
                jsc.cancelJobsWithTag(tag, "deltastn: the caller stopped waiting");
                jobs.forEach(job -> job.cancel(true));
            }
        }
    }

    /** Submits one job per input, tagged and described for the Spark UI; the caller's job settings stay. */
    private <T, R> List<JavaFutureAction<List<R>>> submit(List<T> inputs, Apply<T, R> fn, String tag) {
        int n = inputs.size();
        String description = jsc.getLocalProperty(DESCRIPTION);
        String interrupt = jsc.getLocalProperty(INTERRUPT_ON_CANCEL);
        List<JavaFutureAction<List<R>>> jobs = new ArrayList<>(n);
        jsc.addJobTag(tag);
        jsc.setInterruptOnCancel(true);
        try {
            for (int i = 0; i < n; i++) {
                jsc.setJobDescription(tag + ": input " + (i + 1) + " of " + n);
                jobs.add(jsc.parallelize(Collections.singletonList(inputs.get(i)), 1).map(fn).collectAsync());
            }
        } catch (RuntimeException e) {
            jsc.cancelJobsWithTag(tag, "deltastn: submitting the jobs failed");
            throw e;
        } finally {
            jsc.removeJobTag(tag);
            jsc.setLocalProperty(DESCRIPTION, description);
            jsc.setLocalProperty(INTERRUPT_ON_CANCEL, interrupt);
        }
        return jobs;
    }

    private static <R> Outcome<R> outcome(int index, JavaFutureAction<List<R>> job) {
        try {
            return new Outcome<>(index, job.get().get(0), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome<>(index, null, new TaskFailedException(index, firstLine(cause), cause));
        } catch (InterruptedException | CancellationException e) {
            return new Outcome<>(index, null, new TaskFailedException(index, "cancelled", e));
        } catch (RuntimeException e) {
            return new Outcome<>(index, null, new TaskFailedException(index, firstLine(e), e));
        }
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceFirst("^Job aborted due to stage failure: ", "");
    }

    /**
     * The folder {@code uri} on a file system Hadoop reaches from the driver and the executors (hdfs://, s3a:// with
     * its connector, file://), with this context's Hadoop configuration.
     *
     * @throws IllegalArgumentException if no Hadoop file system serves the URI's scheme
     */
    @Override
    public RemoteFolder folder(String uri) {
        try {
            org.apache.hadoop.fs.FileSystem.get(java.net.URI.create(uri), jsc.hadoopConfiguration());
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("spark engine: no Hadoop file system for " + uri + ": " + e.getMessage(), e);
        }
        return HadoopFolder.of(uri, jsc.hadoopConfiguration());
    }

    /** Stops the context if this engine created it (see the class comment); the waiting threads in any case. */
    @Override
    public void close() {
        waiters.shutdownNow();
        if (ownsContext) {
            jsc.stop();
        }
    }

    @Override
    public String toString() {
        return "spark(" + jsc.master() + ")";
    }

    /** The function shipped to the executors: the task and nothing of the engine. */
    private static final class Apply<T, R> implements Function<T, R> {
        private static final long serialVersionUID = 1L;
        private final Task<T, R> task;

        Apply(Task<T, R> task) {
            this.task = task;
        }

        @Override
        public R call(T input) throws Exception {
            return task.apply(input);
        }
    }

    private record Outcome<R>(int index, R result, Exception failure) {}

    /** An input whose Spark job failed for good (after Spark's retries) or was cancelled. */
    public static final class TaskFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        TaskFailedException(int index, String reason, Throwable cause) {
            super("input " + index + " failed: " + reason, cause); // callers prefix the engine id
        }
    }
}
