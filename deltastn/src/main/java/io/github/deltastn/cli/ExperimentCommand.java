package io.github.deltastn.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.deltastn.cli.Converters.MethodConverter;
import io.github.deltastn.cli.Converters.MethodIds;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.MissingDataException;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.NonFiniteLossException;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options and the run loop shared by {@code mnist}, {@code fmnist} and {@code lm}: one tuning run of an
 * experiment (ALGORITHM.md §6), with its files written into the output directory as it goes (see
 * {@link MnistCommand}). Options the user does not give keep the experiment's reference settings, which
 * a subclass passes to the constructor.
 */
abstract class ExperimentCommand implements Callable<Integer> {
    /** Seeds of the random stand-in data of {@code --synthetic}: training set and test set. */
    static final long SYNTHETIC_TRAIN_SEED = 11;
    static final long SYNTHETIC_TEST_SEED = 12;

    /** The experiment's reference settings: the defaults of the options, and the momentum. */
    private final TrainConfig ref;

    @Spec
    CommandSpec spec;

    @Option(names = "--method", paramLabel = "METHOD", order = 1, converter = MethodConverter.class,
            completionCandidates = MethodIds.class, defaultValue = "delta",
            description = "Training method: ${COMPLETION-CANDIDATES} (fixed = plain training at the initial "
                    + "hyperparameters). Default: ${DEFAULT-VALUE}.")
    Method method;

    @Option(names = "--epochs", paramLabel = "N", order = 2,
            description = "Total epochs, warm-up included. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--warmup", paramLabel = "N", order = 3,
            description = "Warm-up epochs of training steps only, before hyper steps start. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--train-steps", paramLabel = "N", order = 4,
            description = "T_train: training steps per cycle. Default: ${DEFAULT-VALUE}.")
    int trainSteps;

    @Option(names = "--valid-steps", paramLabel = "N", order = 5,
            description = "T_valid: hyper steps per cycle. Default: ${DEFAULT-VALUE}.")
    int validSteps;

    @Option(names = "--batch-size", paramLabel = "N", order = 6,
            description = "Batch size of training, hyper steps and evaluation. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", paramLabel = "X", order = 7,
            description = "SGD (momentum 0.9) learning rate of the weights w0 (of every weight for STN). "
                    + "Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--response-lr", paramLabel = "X", order = 8,
            description = "SGD learning rate of the response parameters (centered STN, Delta-STN). "
                    + "Default: ${DEFAULT-VALUE}.")
    double responseLr;

    @Option(names = "--hyper-lr", paramLabel = "X", order = 9,
            description = "RMSprop learning rate of the hyperparameters. Default: ${DEFAULT-VALUE}.")
    double hyperLr;

    @Option(names = "--scale-lr", paramLabel = "X", order = 10,
            description = "RMSprop learning rate of the perturbation scales. Default: ${DEFAULT-VALUE}.")
    double scaleLr;

    @Option(names = "--tau", paramLabel = "X", order = 11,
            description = "Entropy weight tau of the scale tuning. Default: ${DEFAULT-VALUE}.")
    double tau;

    // Two options rather than one negatable boolean: picocli negates a flag whose default is true, and the
    // default differs between experiments.
    @Option(names = "--tune-scales", order = 12,
            description = "Tune the perturbation scales (with the entropy term). Default for mnist and fmnist.")
    Boolean tuneScalesOn;

    @Option(names = "--no-tune-scales", order = 12, description = "Keep the perturbation scales fixed. Default for lm.")
    Boolean tuneScalesOff;

    @Option(names = "--seed", paramLabel = "S", order = 13,
            description = "Seed of every random stream of the run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", order = 14,
            description = "Threads of the tensor kernels. Default: the number of processors (${DEFAULT-VALUE}).")
    int threads = Parallel.threads();

    @Option(names = "--limit-train", paramLabel = "N", order = 15,
            description = "Use only N training examples (0 = all). Default: ${DEFAULT-VALUE}.")
    int limitTrain;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 16,
            description = "Data cache with the fetched data sets (scripts/fetch-data.sh). Default: $DELTASTN_DATA, "
                    + "else ~/.cache/deltastn.")
    Path dataDir;

    @Option(names = "--synthetic", paramLabel = "N", order = 17,
            description = "Use N random stand-in training examples (images; tokens for lm) instead of the real "
                    + "data: a smoke test that needs no download (the losses mean nothing).")
    Integer synthetic;

    @Option(names = "--out", required = true, paramLabel = "DIR", order = 18,
            description = "Run directory: config.json, metrics.csv, summary.json, hyperparameters.png, losses.png, "
                    + "checkpoint.bin (created if missing; files in it are overwritten).")
    Path out;

    @Option(names = "--resume", order = 19,
            description = "Continue from DIR/checkpoint.bin if it exists (same settings required); the result "
                    + "equals an uninterrupted run.")
    boolean resume;

    @Option(names = "--stop-after-checkpoints", hidden = true, paramLabel = "K",
            description = "Stop (exit 0) after the K-th checkpoint is written; for testing --resume.")
    int stopAfterCheckpoints;

    /**
     * @param ref the experiment's reference settings (the options' defaults)
     * @param epochs the default of {@code --epochs}
     */
    ExperimentCommand(TrainConfig ref, int epochs) {
        this.ref = ref;
        this.epochs = epochs;
        warmup = ref.warmupEpochs();
        trainSteps = ref.trainSteps();
        validSteps = ref.validSteps();
        batchSize = ref.batchSize();
        lr = ref.lr();
        responseLr = ref.responseLr();
        hyperLr = ref.hyperLr();
        scaleLr = ref.scaleLr();
        tau = ref.tau();
        seed = ref.seed();
    }

    /** The experiment's name, as in {@code config.json}: {@code mnist}, {@code fmnist} or {@code lm}. */
    abstract String experiment();

    /** The data set's folder in the cache: the experiment's name unless overridden. */
    String dataName() {
        return experiment();
    }

    /** The experiment on the real data. */
    abstract ExperimentSetup realSetup(DataCache cache) throws IOException;

    /** The experiment on {@code n} random stand-in training examples. */
    abstract ExperimentSetup syntheticSetup(int n);

    /** The batch size to use: {@code --batch-size} (a subclass may derive its default otherwise). */
    int batchSize() {
        return batchSize;
    }

    /** The model variant, for {@code config.json}: null unless the experiment has several. */
    String model() {
        return null;
    }

    /** Thrown by the listener to end a run after {@code --stop-after-checkpoints} checkpoints. */
    private static final class StopRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRequested() {
            super(null, null, false, false);
        }
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        validate();
        int previousThreads = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            return run(cl);
        } finally {
            Parallel.setThreads(previousThreads);
        }
    }

    private void validate() {
        atLeast("--epochs", epochs, 1);
        atLeast("--warmup", warmup, 0);
        atLeast("--train-steps", trainSteps, 1);
        atLeast("--valid-steps", validSteps, 0);
        atLeast("--batch-size", batchSize, 1);
        atLeast("--threads", threads, 1);
        atLeast("--limit-train", limitTrain, 0);
        atLeast("--stop-after-checkpoints", stopAfterCheckpoints, 0);
        positive("--lr", lr);
        nonNegative("--response-lr", responseLr);
        nonNegative("--hyper-lr", hyperLr);
        nonNegative("--scale-lr", scaleLr);
        nonNegative("--tau", tau);
        if (tuneScalesOn != null && tuneScalesOff != null) {
            throw bad("--tune-scales and --no-tune-scales exclude each other");
        }
        if (synthetic != null) {
            // The validation split of the images is the last 15%: at least one example in it.
            atLeast("--synthetic", synthetic, 10);
            if (dataDir != null) {
                throw bad("--synthetic and --data-dir exclude each other");
            }
        }
    }

    private int run(CommandLine cl) throws IOException {
        PrintWriter console = cl.getOut();
        ExperimentSetup setup;
        ExperimentReport.Data data;
        if (synthetic != null) {
            try {
                setup = syntheticSetup(synthetic);
            } catch (IllegalArgumentException e) {
                throw bad("--synthetic " + synthetic + ": " + e.getMessage());
            }
            data = new ExperimentReport.Data(experiment() + " (synthetic stand-in)", null, "synthetic",
                    setup.train().size(), setup.valid().size(), setup.test().size());
        } else {
            DataCache cache = dataDir == null ? DataCache.fromEnvironment() : new DataCache(dataDir);
            try {
                setup = realSetup(cache);
            } catch (MissingDataException e) {
                throw bad(e.getMessage() + (dataDir == null ? " (or pass --data-dir)" : ""));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            Path dir = cache.dir(dataName());
            data = new ExperimentReport.Data(dataName(), dir.toAbsolutePath().normalize().toString(),
                    ExperimentReport.checksums(dir), setup.train().size(), setup.valid().size(),
                    setup.test() == null ? 0 : setup.test().size());
        }
        TrainConfig cfg = setup.config()
                .withSchedule(epochs, warmup, trainSteps, validSteps, 0)
                .withBatchSizes(batchSize(), batchSize())
                .withLearningRates(lr, responseLr, ref.momentum(), hyperLr, scaleLr)
                .withScales(tuneScalesOn != null || (tuneScalesOff == null && ref.tuneScales()), tau)
                .withSeed(seed);
        ExperimentReport.Settings settings = ExperimentReport.Settings.of(experiment(), cfg, limitTrain, synthetic,
                model());
        List<String> names = setup.hyperparameters().names();
        Path dir = RunFiles.outputDirectory(out, cl);
        Path checkpoint = dir.resolve(ExperimentFiles.CHECKPOINT);

        Trainer trainer = setup.trainer(cfg);
        boolean resumed = false;
        if (resume && Files.exists(checkpoint)) {
            requireSameSettings(dir.resolve(ExperimentFiles.CONFIG), settings);
            try {
                trainer.restore(Checkpoint.load(checkpoint));
            } catch (IOException | IllegalArgumentException e) {
                throw bad("--resume: cannot continue from " + checkpoint + ": " + e.getMessage());
            }
            resumed = true;
        } else if (resume) {
            console.println("No checkpoint in " + dir + " yet: starting from the beginning.");
        } else if (Files.exists(checkpoint)) {
            console.println("Note: starting over; " + checkpoint + " will be replaced (--resume continues a run).");
        }
        ExperimentFiles.writeJson(dir.resolve(ExperimentFiles.CONFIG), new ExperimentReport.Config(settings, threads,
                data, ExperimentReport.HyperSpec.of(setup.hyperparameters()), ExperimentReport.gitRevision(),
                System.getProperty("java.version"), Instant.now().toString()));

        List<EpochMetrics> restored = trainer.history();
        long stepsPerEpoch = (setup.train().size() + batchSize() - 1) / batchSize();
        long startSteps = trainer.steps();
        double startSeconds = restored.isEmpty() ? 0 : restored.get(restored.size() - 1).seconds();
        console.printf(Locale.ROOT, "%s %s on %s: %d training / %d validation / %d test examples, %d epochs "
                        + "(%d warm-up), %d steps per epoch, %d threads%s%n", experiment(), Labels.methodAscii(method),
                data.name(), data.nTrain(), data.nValid(), data.nTest(), epochs, warmup, stepsPerEpoch, threads,
                resumed ? "; resuming at epoch " + restored.get(restored.size() - 1).epoch() + ", step " + startSteps
                        : "");
        console.flush();

        String status = "completed";
        String message = null;
        Run run = new Run(dir, settings, names);
        try (Progress progress = new Progress(console, experiment() + " " + method.id(), names, epochs,
                stepsPerEpoch * epochs, startSteps, startSeconds, System.console() != null)) {
            for (EpochMetrics m : restored) {
                console.println(progress.line(m) + "  (restored)");
            }
            trainer.run(new Trainer.Listener() {
                private int checkpoints;

                @Override
                public void onEpoch(EpochMetrics m) {
                    progress.epoch(m);
                    run.write(trainer.history(), "running", null);
                }

                @Override
                public void onCycle(int cycle, Trainer t) {
                    progress.cycle(t.steps(), t.epochTrainLoss(), t.hyperparameters().currentValues().data());
                }

                @Override
                public void onCheckpoint(Trainer t) {
                    save(t, checkpoint);
                    checkpoints++;
                    if (stopAfterCheckpoints > 0 && checkpoints >= stopAfterCheckpoints) {
                        throw new StopRequested();
                    }
                }
            });
            // The trainer stops at the last epoch boundary without a checkpoint point; saving here keeps the
            // final weights, and --resume of a finished run has nothing left to do.
            save(trainer, checkpoint);
        } catch (StopRequested e) {
            status = "stopped";
            message = "stopped after " + stopAfterCheckpoints + " checkpoint(s) (--stop-after-checkpoints)";
        } catch (NonFiniteLossException e) {
            String where = Files.exists(checkpoint)
                    ? "the last good checkpoint " + checkpoint + " is kept (it is older than the failure)"
                    : "there is no checkpoint (the run failed before its first epoch ended)";
            run.write(trainer.history(), "diverged", e.getMessage());
            throw new NonFiniteLossException(e.getMessage() + "; " + where
                    + ". Lower the learning rates (--lr, --response-lr, --hyper-lr, --scale-lr) and start over.");
        }
        List<EpochMetrics> history = trainer.history();
        ExperimentReport.Summary summary = run.write(history, status, message);
        if (message != null) {
            console.println(message + "; continue with --resume.");
        }
        console.printf(Locale.ROOT, "%s after %d epochs (%.1f s, %.2f s/epoch): final valid %.4f, test %.4f; "
                        + "best valid %.4f at epoch %d (test %.4f)%n", status, summary.epochs(), summary.seconds(),
                summary.secondsPerEpoch(), summary.last().validLoss(), summary.last().testLoss(),
                summary.best().validLoss(), summary.best().epoch(), summary.best().testLoss());
        console.printf("Wrote %s, %s, %s, %s, %s and %s to %s%n", ExperimentFiles.CONFIG, ExperimentFiles.METRICS,
                ExperimentFiles.SUMMARY, ExperimentFiles.SCHEDULES_PNG, ExperimentFiles.LOSSES_PNG,
                ExperimentFiles.CHECKPOINT, dir.toAbsolutePath().normalize());
        console.flush();
        return 0;
    }

    private static void save(Trainer t, Path checkpoint) {
        try {
            t.checkpoint().save(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + checkpoint + ": " + e, e);
        }
    }

    /** Writes metrics.csv, summary.json and the plots of a run directory from the history so far. */
    private static final class Run {
        private final Path dir;
        private final ExperimentReport.Settings settings;
        private final List<String> names;

        Run(Path dir, ExperimentReport.Settings settings, List<String> names) {
            this.dir = dir;
            this.settings = settings;
            this.names = names;
        }

        ExperimentReport.Summary write(List<EpochMetrics> history, String status, String message) {
            try {
                ExperimentFiles.Metrics m = new ExperimentFiles.Metrics(names, new ArrayList<>(history));
                ExperimentFiles.writeMetrics(dir.resolve(ExperimentFiles.METRICS), m);
                ExperimentReport.Summary s = ExperimentReport.Summary.of(settings, names, history, status, message);
                ExperimentFiles.writeJson(dir.resolve(ExperimentFiles.SUMMARY), s);
                RunPlots.drawRun(dir, title(settings), m);
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the results to " + dir + ": " + e, e);
            }
        }
    }

    /** The plot title of a run, e.g. {@code mnist, Delta-STN}. */
    static String title(ExperimentReport.Settings s) {
        return s.experiment() + (s.synthetic() != null ? " (synthetic)" : "") + ", "
                + Labels.method(Method.parse(s.method()))
                + ("fmnist".equals(s.experiment()) && s.model() != null ? ", " + s.model() + " widths" : "");
    }

    private void requireSameSettings(Path configFile, ExperimentReport.Settings now) {
        if (!Files.exists(configFile)) {
            throw bad("--resume: " + configFile + " is missing, so the settings of the checkpoint are unknown");
        }
        JsonObject before;
        try {
            before = ExperimentFiles.readJsonObject(configFile);
        } catch (IOException e) {
            throw bad("--resume: " + e.getMessage());
        }
        JsonElement old = before.get("settings");
        JsonElement cur = ExperimentFiles.GSON.toJsonTree(now);
        if (old == null || !old.isJsonObject()) {
            throw bad("--resume: " + configFile + " has no settings");
        }
        List<String> diff = new ArrayList<>();
        for (String key : cur.getAsJsonObject().keySet()) {
            JsonElement a = old.getAsJsonObject().get(key);
            JsonElement b = cur.getAsJsonObject().get(key);
            if (a == null || !a.equals(b)) {
                diff.add(key + " " + a + " -> " + b);
            }
        }
        if (!diff.isEmpty()) {
            throw bad("--resume: the settings differ from the checkpoint's run (" + String.join(", ", diff) + ")");
        }
    }

    private void atLeast(String name, int v, int min) {
        if (v < min) {
            throw bad(name + " must be >= " + min + ", got " + v);
        }
    }

    private void positive(String name, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw bad(name + " must be a positive finite number, got " + v);
        }
    }

    private void nonNegative(String name, double v) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw bad(name + " must be a finite number >= 0, got " + v);
        }
    }

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
