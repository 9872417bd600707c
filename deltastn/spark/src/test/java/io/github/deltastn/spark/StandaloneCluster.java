package io.github.deltastn.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on 127.0.0.1 for integration tests: a Master and a Worker JVM started from
 * this JVM's class path, whose executors get the same class path. Logs go to {@code dir/*.log} and the
 * executors' to {@code dir/work}. {@link #close} (or, if the test JVM dies first, a shutdown hook) stops the
 * Worker, its executors and the Master.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final String classPath = System.getProperty("java.class.path");
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopProcesses, "spark-it-cluster-stop");
    private final String masterUrl;

    private StandaloneCluster(Path dir, int workerCores) throws IOException, InterruptedException {
        this.dir = dir.toAbsolutePath();
        Files.createDirectories(this.dir.resolve("spark-home/jars"));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        int port = freePort();
        masterUrl = "spark://" + HOST + ":" + port;
        try {
            Process master = launch("master", "org.apache.spark.deploy.master.Master",
                    "--host", HOST, "--port", Integer.toString(port), "--webui-port", "0");
            awaitPort(master, port);
            launch("worker", "org.apache.spark.deploy.worker.Worker",
                    "--host", HOST, "--port", "0", "--webui-port", "0", "--cores", Integer.toString(workerCores),
                    "--memory", "1g", "--work-dir", this.dir.resolve("work").toString(), masterUrl);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a Master and a Worker with {@code workerCores} cores and 1 GiB, their files under {@code dir}. */
    static StandaloneCluster start(Path dir, int workerCores) throws IOException, InterruptedException {
        return new StandaloneCluster(dir, workerCores);
    }

    /** {@code spark://127.0.0.1:port}. */
    String masterUrl() {
        return masterUrl;
    }

    /**
     * A driver on this cluster: executors of 512 MiB with this JVM's class path, at most {@code cores} cores,
     * 2 attempts per task; returns once {@code executors} executors have registered.
     */
    JavaSparkContext connect(int cores, int executors) throws InterruptedException {
        SparkConf conf = new SparkConf()
                .setMaster(masterUrl)
                .setAppName("deltastn-it")
                .set("spark.driver.host", HOST)
                .set("spark.driver.bindAddress", HOST)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.executor.memory", "512m")
                .set("spark.cores.max", Integer.toString(cores))
                .set("spark.task.maxFailures", "2")
                .set("spark.executor.extraClassPath", classPath);
        JavaSparkContext jsc = new JavaSparkContext(conf);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // The driver counts itself among the executor infos.
        while (jsc.statusTracker().getExecutorInfos().length < executors + 1) {
            if (System.nanoTime() > deadline) {
                jsc.stop();
                throw new IllegalStateException("no " + executors + " executor(s) after " + START_TIMEOUT
                        + "; see " + dir.resolve("worker.log") + " and " + dir.resolve("work"));
            }
            Thread.sleep(200);
        }
        return jsc;
    }

    /** Process ids of the JVMs this cluster started, the executors included. */
    List<Long> pids() {
        return processes.stream().flatMap(p -> Stream.concat(Stream.of(p.toHandle()), p.descendants()))
                .map(ProcessHandle::pid).toList();
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopProcesses() {
        List<ProcessHandle> executors = processes.stream().flatMap(Process::descendants).toList();
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        executors.forEach(ProcessHandle::destroyForcibly);
        processes.clear();
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        // Spark 4's Master opens a REST submission server on the fixed port 6066 unless told not to.
        command.addAll(List.of("-Xmx256m", "-Dspark.master.rest.enabled=false", "-cp", classPath, mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        // The Worker builds each executor's command from SPARK_HOME/jars (empty here: the class path comes
        // from spark.executor.extraClassPath) and the Scala version.
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.remove("SPARK_CONF_DIR");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private void awaitPort(Process process, int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the Spark master did not open port " + port + " (alive: "
                            + process.isAlive() + "); see " + dir.resolve("master.log"), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
