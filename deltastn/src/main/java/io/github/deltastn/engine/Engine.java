package io.github.deltastn.engine;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Where independent pieces of work run — the trials of a search, the runs of a study: in this JVM one after
 * another ({@link #local()}), or in parallel on a cluster (the {@code deltastn-spark} module registers the
 * engine {@code spark} through {@link Provider}).
 *
 * <p>A piece of work is a {@link Task} applied to one input; both are serialised when the engine ships them to
 * another JVM, so a task carries settings (a seed, file paths, flags) and builds what it needs where it runs.
 * A task must be idempotent: an engine may run it again after a lost worker.
 */
public interface Engine extends AutoCloseable {

    /** The work applied to each input; {@link Serializable} so that it can be shipped to workers. */
    @FunctionalInterface
    interface Task<T, R> extends Serializable {
        /** The result for {@code input}; an exception is a failed attempt. */
        R apply(T input) throws Exception;
    }

    /** Receives the results of {@link #map}, on the thread that called it, as each one arrives. */
    @FunctionalInterface
    interface Results<R> {
        /**
         * Input {@code index} finished with {@code result}, or failed for good with {@code failure} (then
         * {@code result} is null).
         */
        void accept(int index, R result, Exception failure);
    }

    /** Creates engines by id, found with {@link ServiceLoader} (a module on the class path registers one). */
    interface Provider {
        /** The id users pass as {@code --engine}, e.g. {@code spark}. */
        String id();

        /**
         * Starts an engine; {@code master} is engine-specific (for Spark {@code local[N]} or
         * {@code spark://host:port}), {@code null} for its default.
         */
        Engine open(String master);
    }

    /** Short name: {@code local}, {@code spark}. */
    String id();

    /** How many tasks run at the same time (≥ 1). */
    int parallelism();

    /**
     * Applies {@code task} to every input and hands each result to {@code results}, in the order they finish,
     * on the calling thread; returns when every input has been reported.
     *
     * <p>An exception in the task: the local engine lets it propagate (a bug ends the caller's loop, as it would
     * without an engine); a distributed engine retries the task and, when it keeps failing, reports the input
     * with its failure and goes on.
     */
    <T extends Serializable, R extends Serializable> void map(List<T> inputs, Task<T, R> task, Results<R> results);

    /**
     * The folder {@code uri} (a URI with a scheme, e.g. {@code hdfs://namenode:8020/studies/s1}) on a file system the
     * engine can reach from every worker. The default: none — use a local or shared path.
     *
     * @throws IllegalArgumentException if the engine cannot reach it
     */
    default RemoteFolder folder(String uri) {
        throw new IllegalArgumentException("the " + id() + " engine writes to local or shared paths only, not to " + uri
                + "; use a path, or --engine spark for the file systems Hadoop reaches (hdfs://, s3a://, file://)");
    }

    /** Releases the engine's resources (for Spark: stops its context); the local engine holds none. */
    @Override
    void close();

    /** The engine that runs each task in this JVM, one after another, in input order. */
    static Engine local() {
        return LocalEngine.INSTANCE;
    }

    /**
     * The engine {@code id}: {@code local}, or one registered by a {@link Provider} on the class path.
     *
     * @throws IllegalArgumentException if no provider offers {@code id} (for {@code spark}: the deltastn-spark
     *     module and Spark are not on the class path)
     */
    static Engine open(String id, String master) {
        Objects.requireNonNull(id, "Engine.open: id must not be null");
        String key = id.trim().toLowerCase(Locale.ROOT);
        if (key.equals("local")) {
            if (master != null) {
                throw new IllegalArgumentException("Engine.open: the local engine takes no master, got '" + master + "'");
            }
            return local();
        }
        StringBuilder known = new StringBuilder("local");
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.id().equals(key)) {
                return p.open(master);
            }
            known.append(", ").append(p.id());
        }
        throw new IllegalArgumentException("unknown engine '" + id + "'; available here: " + known
                + (key.equals("spark") ? ". The spark engine needs the deltastn-spark module and Spark on the class path: "
                        + "run with deltastn-spark.jar (scripts/deltastn-spark.sh) or spark-submit; see the README, "
                        + "\"Running on a cluster\"" : ""));
    }
}
