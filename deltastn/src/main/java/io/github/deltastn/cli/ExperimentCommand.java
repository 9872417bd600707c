package io.github.deltastn.cli;

import io.github.deltastn.cli.Converters.MethodConverter;
import io.github.deltastn.cli.Converters.MethodIds;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.MalformedDataException;
import io.github.deltastn.nn.data.MissingDataException;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.NonFiniteLossException;
import io.github.deltastn.core.DType;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import io.github.deltastn.train.TrainingListener;
import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options and the run loop shared by {@code mnist}, {@code fmnist} and {@code lm}: one tuning run of an
 * experiment (algorithm.md §6), with its files written into the output directory as it goes (see
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

    @Option(names = "--sigma", paramLabel = "X", order = 12,
            description = "Initial perturbation scale sigma0 of every hyperparameter, in its unconstrained space "
                    + "(with --no-tune-scales: the scale throughout). Default: 1.")
    Double sigma;

    @Mixin
    GradientOptions gradient;

    @Option(names = "--seed", paramLabel = "S", order = 13,
            description = "Seed of every random stream of the run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", order = 14,
            description = "Threads of the tensor kernels (the results do not depend on it). Default: the number of "
                    + "processors.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--limit-train", paramLabel = "N", order = 15,
            description = "Use only N training examples (0 = all): the first N images, or for lm N evenly spaced "
                    + "segments of --bptt + 1 tokens. Default: ${DEFAULT-VALUE}.")
    int limitTrain;

    @Option(names = "--init", paramLabel = "NAME=V", order = 15, split = ",",
            description = "Initial values of named hyperparameters, e.g. dropout0=0.2,dropout1=0.5 (with --method "
                    + "fixed: the values trained at). Default: the experiment's (recorded in config.json).")
    java.util.Map<String, Double> init = new java.util.LinkedHashMap<>();

    @Option(names = "--limit-eval", paramLabel = "N", order = 15,
            description = "Use only N evenly spaced validation and N test examples (lm: segments; 0 = all); the hyper "
                    + "steps then draw from those N validation examples too. Default: ${DEFAULT-VALUE}.")
    int limitEval;

    @Option(names = "--eval-every", paramLabel = "K", order = 15, defaultValue = "1",
            description = "Evaluate the validation and test sets every K epochs (and at the end); other epochs "
                    + "report no loss. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--eval-train", order = 15,
            description = "Also make a full pass over the training set at epoch 0, as the reference code does "
                    + "(later epochs report the running mean of the training steps).")
    boolean evalTrain;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 16,
            description = "Data cache with the fetched data sets (scripts/fetch-data.sh). Default: $DELTASTN_DATA, "
                    + "else ~/.cache/deltastn.")
    Path dataDir;

    @Option(names = "--synthetic", paramLabel = "N", order = 17,
            description = "Use N random stand-in training examples (images; tokens for lm) instead of the real "
                    + "data: a smoke test that needs no download (the losses mean nothing).")
    Integer synthetic;

    @Option(names = "--dtype", paramLabel = "T", order = 17, converter = Converters.DTypeConverter.class,
            description = "Element type of the weights, activations and data: float64 or float32 (as PyTorch; "
                    + "about half the memory traffic). The hyperparameters and the hyper step are float64 either way. "
                    + "Default: float64.")
    DType dtype = DType.FLOAT64;

    @Mixin
    CheckpointOptions checkpoints;

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

    /**
     * Whether the model defines a training loss differentiable in its hyperparameters
     * ({@code HyperModel.trainingLossIn}), which {@code --method ift|unroll} need.
     */
    boolean gradientMethods() {
        return false;
    }

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

    /** Experiment-specific trainer settings, such as a learning-rate schedule; none by default. */
    void configure(Trainer trainer, long stepsPerEpoch) {}

    /** The model variant, for {@code config.json}: null unless the experiment has several. */
    String model() {
        return null;
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
        atLeast("--limit-eval", limitEval, 0);
        atLeast("--eval-every", evalEvery, 1);
        checkpoints.check();
        gradient.check(method, experiment(), gradientMethods(), dtype);
        if (method != Method.FIXED && warmup >= epochs) {
            throw bad("--warmup " + warmup + " >= --epochs " + epochs + ": the run would end before its first hyper "
                    + "step; raise --epochs, lower --warmup, or use --method fixed");
        }
        positive("--lr", lr);
        nonNegative("--response-lr", responseLr);
        nonNegative("--hyper-lr", hyperLr);
        nonNegative("--scale-lr", scaleLr);
        nonNegative("--tau", tau);
        if (sigma != null) {
            positive("--sigma", sigma);
        }
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

    /** What the examples of this experiment are, for messages: {@code examples}, or {@code segments} for lm. */
    String unit() {
        return "examples";
    }

    private int run(CommandLine cl) throws IOException {
        PrintWriter console = cl.getOut();
        ExperimentSetup setup;
        ExperimentReport.Data data;
        if (synthetic != null) {
            try {
                setup = syntheticSetup(synthetic).withEvalLimit(limitEval);
            } catch (IllegalArgumentException e) {
                throw bad("--synthetic " + synthetic + ": " + e.getMessage());
            }
            data = new ExperimentReport.Data(experiment() + " (synthetic stand-in)", null, "synthetic",
                    setup.train().size(), setup.valid().size(), setup.test().size());
        } else {
            DataCache cache = dataDir == null ? DataCache.fromEnvironment() : new DataCache(dataDir);
            try {
                setup = realSetup(cache).withEvalLimit(limitEval);
            } catch (MissingDataException e) {
                throw bad(e.getMessage() + (dataDir == null ? " (or pass --data-dir)" : ""));
            } catch (MalformedDataException | IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            Path dir = cache.dir(dataName());
            data = new ExperimentReport.Data(dataName(), dir.toAbsolutePath().normalize().toString(),
                    ExperimentReport.checksums(dir), setup.train().size(), setup.valid().size(),
                    setup.test() == null ? 0 : setup.test().size());
        }
        try {
            setup = setup.withInitial(init);
        } catch (IllegalArgumentException e) {
            throw bad("--init: " + e.getMessage());
        }
        setup = sigma == null ? setup : setup.withInitialScale(sigma);
        TrainConfig.Builder builder = setup.config().toBuilder()
                .epochs(epochs).warmupEpochs(warmup).trainSteps(trainSteps).validSteps(validSteps).maxCycles(0)
                .batchSize(batchSize()).validBatchSize(batchSize()).lr(lr).responseLr(responseLr)
                .momentum(ref.momentum()).hyperLr(hyperLr).scaleLr(scaleLr)
                .tuneScales(tuneScalesOn != null || (tuneScalesOff == null && ref.tuneScales())).tau(tau).seed(seed)
                .dtype(dtype);
        if (gradient.terms != null) {
            builder.hyperTerms(gradient.terms);
        }
        if (gradient.damping != null) {
            builder.hyperDamping(gradient.damping);
        }
        TrainConfig cfg = builder.build();
        setup = setup.withDType(dtype);
        ExperimentReport.Settings settings = ExperimentReport.Settings.of(experiment(), cfg, limitTrain, limitEval,
                evalEvery, evalTrain, synthetic, model(), init, sigma);
        List<String> names = setup.hyperparameters().names();
        Path checkpointIn = checkpoints.out.resolve(ExperimentFiles.CHECKPOINT);
        boolean continuing = checkpoints.resume && Files.isRegularFile(checkpointIn);
        RunDirectory.Existing existing = continuing ? RunDirectory.Existing.CONTINUE
                : checkpoints.resume || checkpoints.overwrite ? RunDirectory.Existing.REPLACE
                : RunDirectory.Existing.REFUSE;
        try (RunDirectory runDir = RunDirectory.open(checkpoints.out, existing, "--out", cl)) {
            Path dir = runDir.path();
            Path checkpoint = dir.resolve(ExperimentFiles.CHECKPOINT);
            String settingsJson = ExperimentFiles.GSON.toJson(settings);
            String dataJson = ExperimentFiles.GSON.toJson(data);

            Trainer trainer = setup.trainer(cfg);
            trainer.setEvaluation(evalEvery, evalTrain);
            configure(trainer, (setup.train().size() + batchSize() - 1) / batchSize());
            if (continuing) {
                Checkpoint c;
                try {
                    c = Checkpoint.load(checkpoint);
                } catch (IOException e) {
                    throw bad("--resume: cannot read " + checkpoint + ": " + e.getMessage());
                }
                String problem = ExperimentRun.sameRunProblem(c, settings, dataJson, checkpoint);
                if (problem != null) {
                    throw bad(problem);
                }
                try {
                    trainer.restore(c);
                } catch (IllegalArgumentException e) {
                    throw bad("--resume: cannot continue from " + checkpoint + ": " + e.getMessage());
                }
            } else if (checkpoints.resume) {
                console.println("No checkpoint in " + dir + ": starting from the beginning.");
            }
            ExperimentFiles.writeJson(dir.resolve(ExperimentFiles.CONFIG), new ExperimentReport.Config(settings, threads,
                    data, ExperimentReport.HyperSpec.of(setup.hyperparameters()), ExperimentReport.gitRevision(),
                    System.getProperty("java.version"), Instant.now().toString()));
            return train(console, setup, data, cfg, settings, names, trainer, dir, checkpoint, settingsJson, dataJson,
                    continuing);
        }
    }

    private int train(PrintWriter console, ExperimentSetup setup, ExperimentReport.Data data, TrainConfig cfg,
                      ExperimentReport.Settings settings, List<String> names, Trainer trainer, Path dir,
                      Path checkpoint, String settingsJson, String dataJson, boolean resumed) {
        List<EpochMetrics> restored = trainer.history();
        long stepsPerEpoch = (setup.train().size() + batchSize() - 1) / batchSize();
        long startSteps = trainer.steps();
        double startSeconds = restored.isEmpty() ? 0 : restored.get(restored.size() - 1).seconds();
        int doneEpochs = restored.isEmpty() ? 0 : restored.get(restored.size() - 1).epoch();
        console.printf(Locale.ROOT, "%s %s on %s: %d training / %d validation / %d test %s, %d epochs "
                        + "(%d warm-up), %d steps per epoch, %d threads%s%n", experiment(), Labels.methodAscii(method),
                data.name(), data.nTrain(), data.nValid(), data.nTest(), unit(), epochs, warmup, stepsPerEpoch, threads,
                resumed ? "; resuming at epoch " + doneEpochs + ", step " + startSteps : "");
        console.flush();

        ExperimentRun run;
        try {
            run = new ExperimentRun(dir, settings, names, startSteps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(ExperimentFiles.CYCLES) + ": " + e.getMessage(), e);
        }
        ExperimentRun.Checkpoints saver = new ExperimentRun.Checkpoints(checkpoint, settingsJson, dataJson);
        // SIGTERM or Ctrl-C: record in summary.json that the run was interrupted (SIGKILL leaves "running")
        Thread onSignal = new Thread(() -> run.write(run.latest(), "interrupted",
                "stopped by a signal (SIGTERM or Ctrl-C); --resume continues from the last checkpoint"));
        Runtime.getRuntime().addShutdownHook(onSignal);
        String status = "completed";
        String message = null;
        try (Progress progress = new Progress(console, experiment() + " " + method.id(), names, epochs,
                stepsPerEpoch * epochs, startSteps, startSeconds, System.console() != null)) {
            for (EpochMetrics m : restored) {
                console.println(progress.line(m) + "  (restored)");
            }
            run.write(restored.isEmpty() ? List.of() : restored, "running", null);
            trainer.run(new TrainingListener() {
                private int saved;

                @Override
                public void onEpoch(EpochMetrics m) {
                    progress.epoch(m);
                    run.write(trainer.history(), "running", null);
                }

                @Override
                public void onEvaluation(String split, int done, int total) {
                    progress.evaluating(split, done, total);
                }

                @Override
                public void onCycle(int cycle, Trainer t) {
                    run.cycle(cycle, t);
                    progress.cycle(t.steps(), t.epochTrainLoss(), t.hyperparameters().currentValues().data());
                }

                @Override
                public void onCheckpoint(Trainer t) {
                    int e = t.history().get(t.history().size() - 1).epoch();
                    if (checkpoints.savesAfter(e)) {
                        saver.save(t);
                        saved++;
                    }
                    if (checkpoints.stopAfter > 0 && saved >= checkpoints.stopAfter) {
                        throw new CheckpointOptions.StopRequested();
                    }
                }
            });
            // The trainer stops at the last epoch boundary without a checkpoint point; saving here keeps the
            // final weights, and --resume of a finished run has nothing left to do (or extends it with --epochs).
            if (!checkpoints.never) {
                saver.save(trainer);
            }
        } catch (CheckpointOptions.StopRequested e) {
            status = "stopped";
            message = "stopped after " + checkpoints.stopAfter + " checkpoint(s) (--stop-after-checkpoints)";
        } catch (NonFiniteLossException e) {
            String where = saver.saved()
                    ? "the last good checkpoint " + checkpoint + " is kept (it is older than the failure)"
                    : resumed ? "the checkpoint it resumed from is kept" : "there is no checkpoint of this run";
            run.write(trainer.history(), "diverged", e.getMessage());
            throw new NonFiniteLossException(e.getMessage() + "; " + where
                    + ". Lower the learning rates (--lr, --response-lr, --hyper-lr, --scale-lr) and start over.");
        } finally {
            removeHook(onSignal);
        }
        List<EpochMetrics> history = trainer.history();
        RunFiles.Summary summary = run.write(history, status, message);
        if (message != null) {
            console.println(message + "; continue with --resume.");
        }
        RunFiles.PerEpoch t = summary.secondsPerEpoch();
        console.printf(Locale.ROOT, "%s after %d epoch%s (%.1f s; per epoch %.2f s: training %.2f, hyper steps %.2f, "
                        + "evaluation %.2f): final valid %.4f, test %.4f; best valid %.4f at epoch %d (test %.4f)%n",
                status, summary.epochs(), summary.epochs() == 1 ? "" : "s", summary.seconds(), t.total(), t.training(),
                t.hyperSteps(), t.evaluation(), summary.last().validLoss(), summary.last().testLoss(),
                summary.best().validLoss(), summary.best().epoch(), summary.best().testLoss());
        if (summary.last().validPerplexity() != null) {
            console.printf(Locale.ROOT, "perplexity: final valid %.2f, test %.2f; best valid %.2f (test %.2f)%n",
                    summary.last().validPerplexity(), summary.last().testPerplexity(), summary.best().validPerplexity(),
                    summary.best().testPerplexity());
        }
        console.printf("Wrote %s, %s, %s, %s, %s and %s%s to %s%n", ExperimentFiles.CONFIG, RunFiles.METRICS,
                ExperimentFiles.CYCLES, RunFiles.SUMMARY, ExperimentFiles.SCHEDULES_PNG, ExperimentFiles.LOSSES_PNG,
                checkpoints.never ? "" : " and " + ExperimentFiles.CHECKPOINT, dir.toAbsolutePath().normalize());
        console.flush();
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
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
