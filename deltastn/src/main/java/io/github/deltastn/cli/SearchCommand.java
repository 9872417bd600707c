package io.github.deltastn.cli;

import com.google.gson.JsonObject;
import io.github.deltastn.baselines.BayesianOptimization;
import io.github.deltastn.baselines.Budget;
import io.github.deltastn.baselines.Criterion;
import io.github.deltastn.baselines.Evaluation;
import io.github.deltastn.baselines.GaussianProcess;
import io.github.deltastn.baselines.HyperSearch;
import io.github.deltastn.baselines.LengthScalePrior;
import io.github.deltastn.baselines.RandomSearch;
import io.github.deltastn.baselines.SearchResult;
import io.github.deltastn.baselines.SearchSpace;
import io.github.deltastn.baselines.Strategy;
import io.github.deltastn.baselines.Trial;
import io.github.deltastn.baselines.TrainerObjective;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.engine.Engine;
import io.github.deltastn.experiments.ImageExperiments;
import io.github.deltastn.toy.ExactHyperProblem;
import io.github.deltastn.toy.HyperOptimum;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.nn.data.MissingDataException;
import io.github.deltastn.train.Method;
import io.github.deltastn.core.DType;
import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code deltastn-cli search --experiment mnist|fmnist|toy}: the paper's baselines — random search or Bayesian
 * optimisation over the experiment's hyperparameters, each trial a full training run at fixed values
 * ({@link TrainerObjective}). For {@code toy} a trial trains the linear model of {@code --problem} on the
 * built-in synthetic regression with the schedule of the {@code toy} command, and the summary adds the exact
 * optimum λ* and the best trial's regret (so RS/BO can be set against the online methods).
 *
 * <p>Usage: {@code deltastn-cli search --experiment mnist --strategy bo --trials 20 --epochs 10 --out runs/mnist-bo}.
 * The directory receives {@code config.json}, {@code trials.csv} (one row per trial: seconds, target, the
 * best target so far, losses, each hyperparameter), {@code summary.json} (the best trial) and
 * {@code search.png} (best target so far against trials and wall-clock seconds), rewritten after every
 * trial. {@code compare} accepts such directories next to tuning runs (paper Fig. 6a).
 */
@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "Random search or Bayesian optimisation of the hyperparameters of the mnist, fmnist or toy "
                    + "experiment: each trial trains at fixed values.",
            "Writes config.json, trials.csv, summary.json and search.png to the output directory after every trial."})
final class SearchCommand implements Callable<Integer> {
    static final String TRIALS = "trials.csv";
    static final String PNG = "search.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--experiment", required = true, paramLabel = "E", order = 0,
            description = "mnist, fmnist or toy (the built-in synthetic regression, see --problem).")
    private String experiment;

    @Option(names = "--problem", paramLabel = "P", defaultValue = "ridge", order = 0,
            description = "toy only: ridge, dropout or linear-net. Default: ${DEFAULT-VALUE}.")
    private String problem;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "random", order = 1,
            description = "random (random search) or bo (Bayesian optimisation, GP with expected improvement). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String strategy;

    @Option(names = "--length-scale-prior", paramLabel = "P", order = 1,
            description = "BO only: the prior on the GP's length scales: gamma (Gamma(3, 6), the default), lognormal "
                    + "(LogNormal(√2 + ½ log d, √3)) or none (maximum likelihood, as BO searched before this option).")
    private String lengthScalePrior;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "20", order = 2,
            description = "Maximum number of trials. Default: ${DEFAULT-VALUE}.")
    private int trials;

    @Option(names = "--max-seconds", paramLabel = "S", order = 3,
            description = "Time budget: no trial starts after S seconds (e.g. the seconds of a Delta-STN run).")
    private Double maxSeconds;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", order = 4,
            description = "Training epochs of each trial (mnist, fmnist; a toy trial takes the toy command's "
                    + "1500 cycles of 10 full-batch steps). Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--criterion", paramLabel = "C", defaultValue = "final", order = 5,
            description = "What a trial is judged by: final (validation loss at its end) or best (lowest over its "
                    + "epochs). Default: ${DEFAULT-VALUE}.")
    private String criterion;

    @Option(names = "--batch-size", paramLabel = "N", order = 6, description = "Batch size. Default: ${DEFAULT-VALUE}.")
    private int batchSize = ImageExperiments.referenceConfig(Method.FIXED, 1).batchSize();

    @Option(names = "--lr", paramLabel = "X", order = 7,
            description = "SGD (momentum 0.9) learning rate of the weights. Default: ${DEFAULT-VALUE}.")
    private double lr = ImageExperiments.referenceConfig(Method.FIXED, 1).lr();

    @Option(names = "--seed", paramLabel = "S", order = 8,
            description = "Seed of the search and of every trial's training. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--threads", paramLabel = "N", order = 9,
            description = "Threads of the tensor kernels (the results do not depend on it). Default: the number of "
                    + "processors.")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--limit-train", paramLabel = "N", order = 10,
            description = "Use only the first N training examples (0 = all). Default: ${DEFAULT-VALUE}.")
    private int limitTrain;

    @Option(names = "--limit-eval", paramLabel = "N", order = 10,
            description = "Use only N evenly spaced validation and N test examples (0 = all), as the experiment "
                    + "commands' option. Default: ${DEFAULT-VALUE}.")
    private int limitEval;

    @Option(names = "--widths", paramLabel = "W", order = 11, converter = Widths.Converter.class,
            description = "The network, as the experiment command's --widths: mnist paper (default) or reference "
                    + "(1200 logits); fmnist reference (16/32 filters, default) or paper (32/64).")
    private Widths widths;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 12,
            description = "Data cache. Default: $DELTASTN_DATA, else ~/.cache/deltastn.")
    private Path dataDir;

    @Option(names = "--synthetic", paramLabel = "N", order = 13,
            description = "Use N random stand-in training images instead of the real data (smoke tests).")
    private Integer synthetic;

    @Option(names = "--dtype", paramLabel = "T", order = 13, converter = Converters.DTypeConverter.class,
            description = "mnist, fmnist: element type of the weights, activations and data, float32 or float64. "
                    + "Default: float64. toy is float64 only (its answers are exact).")
    private DType dtype;

    @Mixin
    private EngineOptions engineOptions;

    @Option(names = "--batch", paramLabel = "Q", order = 14,
            description = "Trials proposed at a time and run in parallel (BO: kriging believer). The trials depend on the "
                    + "seed and Q, not on the engine. Default: the engine's parallelism (1 for local).")
    private Integer batch;

    @Option(names = "--out", required = true, paramLabel = "DIR", order = 14,
            description = "Output directory (created if missing; a directory holding another run is refused unless "
                    + "--overwrite is given).")
    private Path out;

    @Option(names = "--overwrite", order = 15, description = "Delete the files of an earlier run in DIR before starting.")
    private boolean overwrite;

    @Option(names = "--resume", order = 15,
            description = "Continue the interrupted search in DIR: its finished trials are read from trials.csv (the "
                    + "strategy must propose them again, so the settings must be the same; --trials and --max-seconds "
                    + "may change), the trial that was running starts over, and the clock goes on from the last "
                    + "finished trial. Without trials.csv in DIR the search starts from the beginning.")
    private boolean resume;

    /** {@code config.json} of a search. */
    record Config(String experiment, String problem, String strategy, String criterion, int maxTrials, Double maxSeconds,
            int epochsPerTrial, int batchSize, double lr, long seed, int threads, int limitTrain, int limitEval,
            Integer synthetic, String widths, List<String> space, String gitRevision, String started, String dtype,
            Integer batch, String engine, String lengthScalePrior) {}

    /**
     * {@code summary.json} of a search; {@code best} is null when every trial failed; {@code exact} only for
     * toy problems.
     */
    record Summary(String experiment, String strategy, String criterion, String stop, int trials, int failures,
            int epochsPerTrial, double seconds, BestTrial best, Exact exact) {}

    /**
     * The exact optimum of a toy problem and the best trial's relative regret {@code (L_V(λ) − L_V(λ*)) / L_V(λ*)}
     * in the exact validation loss at w*(λ).
     */
    record Exact(double optimum, double validLossAtOptimum, Double bestTrialRegret) {}

    /** The best trial: its number (from 1, as in trials.csv and on screen), values and losses. */
    record BestTrial(int trial, Map<String, Double> hyperparameters, double target, double finalValidLoss,
            double bestValidLoss, double testLoss, double testLossAtBest, double endSeconds) {}

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (!List.of("mnist", "fmnist", "toy").contains(experiment)) {
            throw bad("unknown experiment '" + experiment + "', expected mnist, fmnist or toy");
        }
        boolean toy = experiment.equals("toy");
        Problem toyProblem;
        try {
            toyProblem = Problem.parse(problem);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        if (toy && (synthetic != null || limitTrain != 0 || limitEval != 0 || widths != null || dataDir != null)) {
            throw bad("--synthetic, --limit-train, --limit-eval, --widths and --data-dir apply to mnist and fmnist; "
                    + "toy uses the built-in synthetic regression");
        }
        boolean bo;
        try {
            bo = Strategy.parse(strategy) instanceof BayesianOptimization;
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        if (lengthScalePrior != null && !bo) {
            throw bad("--length-scale-prior applies to --strategy bo only");
        }
        String priorId = bo ? (lengthScalePrior == null ? "gamma" : lengthScalePrior.trim().toLowerCase(Locale.ROOT)) : null;
        if (bo) {
            try {
                LengthScalePrior.parse(priorId, 1);
            } catch (IllegalArgumentException e) {
                throw bad("--length-scale-prior: " + e.getMessage());
            }
        }
        Criterion crit;
        try {
            crit = Criterion.parse(criterion);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        if (widths == null) {
            widths = experiment.equals("mnist") ? Widths.PAPER : Widths.REFERENCE;
        }
        boolean paper = widths == Widths.PAPER;
        if (trials < 1 || epochs < 1 || batchSize < 1 || threads < 1 || limitTrain < 0 || limitEval < 0) {
            throw bad("--trials, --epochs, --batch-size and --threads must be >= 1 and --limit-train, --limit-eval >= 0");
        }
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw bad("--lr must be a positive finite number, got " + lr);
        }
        if (maxSeconds != null && !(maxSeconds > 0)) {
            throw bad("--max-seconds must be > 0, got " + maxSeconds);
        }
        if (toy && dtype == DType.FLOAT32) {
            throw bad("--dtype float32: toy is float64 only; its problems are checked against exact answers (closed "
                    + "forms) that float32 rounding would blur");
        }
        DType runDtype = dtype != null ? dtype : DType.FLOAT64;
        if (synthetic != null && synthetic < 10) {
            throw bad("--synthetic must be >= 10, got " + synthetic);
        }

        var toyData = toy ? SyntheticRegression.defaultData() : null;
        ToyExperiment.Settings toySettings = ToyExperiment.Settings.defaults(toyProblem, Method.FIXED)
                .withLearningRates(lr, 0.01).withSeed(seed);
        int epochsPerTrial = toy ? (toySettings.warmupCycles() + toySettings.cycles()) * ToyExperiment.TRAIN_STEPS_PER_CYCLE
                : epochs;
        SearchObjective recipe = new SearchObjective(experiment, toy ? toySettings : null, epochs, batchSize, lr, seed,
                threads, limitTrain, limitEval, synthetic, paper, dataDir == null ? null : dataDir.toString(), runDtype);
        TrainerObjective objective;
        try {
            objective = recipe.trainer();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof MissingDataException) {
                throw bad(e.getCause().getMessage());
            }
            throw e;
        }
        int nTrain = toy ? toyData.nTrain() : objective.trainSize();
        var space = objective.searchSpace(toy ? ToyExperiment.searchRanges(toyProblem) : new SearchSpace.Dimension[0]);
        ExactHyperProblem exact = toy ? ToyExperiment.exact(toyProblem, toyData) : null;
        HyperOptimum optimum = toy ? exact.optimum() : null;
        List<String> names = space.names();
        Strategy strat = bo ? new BayesianOptimization(BayesianOptimization.Settings.defaults().withFit(
                GaussianProcess.FitSettings.defaults().withLengthScalePrior(LengthScalePrior.parse(priorId, space.size()))))
                : new RandomSearch();
        if (resume && overwrite) {
            throw bad("--resume and --overwrite exclude each other: continue the search in --out, or replace it");
        }
        if (batch != null && batch < 1) {
            throw bad("--batch must be >= 1, got " + batch);
        }
        boolean continuing = resume && Files.isRegularFile(out.resolve(TRIALS));
        Engine engine = engineOptions.open();
        try (engine; RunDirectory runDir = RunDirectory.open(out, continuing ? RunDirectory.Existing.CONTINUE
                : overwrite || resume ? RunDirectory.Existing.REPLACE : RunDirectory.Existing.REFUSE, "--out", cl)) {
            HyperSearch search = new HyperSearch(space, recipe, strat).withCriterion(crit).withEngine(engine)
                    .withBatch(batch != null ? batch : engine.parallelism());
            return search(cl, runDir.path(), toy, toyProblem, toyData, search, engine, epochsPerTrial, nTrain, objective,
                    space, exact, optimum, names, continuing, priorId);
        }
    }

    private int search(CommandLine cl, Path dir, boolean toy, Problem toyProblem, RegressionData toyData,
                       HyperSearch search, Engine engine, int epochsPerTrial, int nTrain, TrainerObjective objective,
                       SearchSpace space, ExactHyperProblem exact, HyperOptimum optimum, List<String> names,
                       boolean continuing, String priorId) throws IOException {
        Strategy strat = search.strategy();
        Criterion crit = search.criterion();
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < space.size(); i++) {
            dims.add(space.dimension(i).describe());
        }
        Config config = new Config(experiment,
                toy ? toyProblem.id() : null, strat.id(), crit.id(), trials, maxSeconds, epochsPerTrial,
                toy ? toyData.nTrain() : batchSize, lr, seed, threads, limitTrain, limitEval, synthetic,
                toy ? null : widths.id(), dims, ExperimentReport.gitRevision(),
                Instant.now().toString(), toy ? DType.FLOAT64.toString() : objective.config().dtype().toString(),
                search.batch(), engine.id(), priorId);
        List<Trial> done = continuing ? recordedTrials(dir, config, names) : List.of();
        ExperimentFiles.writeJson(dir.resolve(ExperimentFiles.CONFIG), config);

        PrintWriter console = cl.getOut();
        console.printf(Locale.ROOT, "%s search on %s: up to %s%s of %s (%s), minimising the %s loss%n", strat.id(),
                toy ? "toy " + toyProblem.id() : experiment, Labels.count(trials, "trial"),
                maxSeconds == null ? "" : String.format(Locale.ROOT, " or %.0f s", maxSeconds),
                Labels.count(epochsPerTrial, toy ? "full-batch step" : "epoch"),
                Labels.count(nTrain, "training example"), crit.id());
        if (!engine.id().equals("local") || search.batch() > 1) {
            console.printf(Locale.ROOT, "engine %s (%d parallel), batches of %d%n", engine.id(), engine.parallelism(),
                    search.batch());
        }
        if (continuing) {
            console.printf(Locale.ROOT, "resuming after %s (%.1f s)%n", Labels.count(done.size(), "finished trial"),
                    done.isEmpty() ? 0.0 : done.get(done.size() - 1).endSeconds());
        }
        console.flush();
        Budget budget = maxSeconds == null ? Budget.trials(trials) : Budget.of(trials, maxSeconds);
        int previousThreads = Parallel.threads();
        Parallel.setThreads(threads);
        SearchResult result;
        try {
            result = search.withListener(new HyperSearch.Listener() {
                @Override
                public void onTrial(Trial t, SearchResult soFar) {
                    console.println(trialLine(t, names, trials));
                    console.flush();
                    write(dir, soFar, names, epochsPerTrial, experiment, exact, optimum, space);
                }
            }).run(budget, new Rng(seed), done);
        } catch (HyperSearch.ResumeMismatchException e) {
            throw bad("--resume: " + e.getMessage());
        } finally {
            Parallel.setThreads(previousThreads);
        }
        Summary s = write(dir, result, names, epochsPerTrial, experiment, exact, optimum, space);
        if (s.best() == null) {
            console.printf("every trial failed; see %s%n", dir.resolve(TRIALS));
        } else {
            double test = crit == Criterion.FINAL_VALIDATION ? s.best().testLoss() : s.best().testLossAtBest();
            console.printf(Locale.ROOT, "best: trial %d, %s loss %.4f%s after %.1f s%n", s.best().trial(),
                    crit.id(), s.best().target(),
                    Double.isNaN(test) ? "" : String.format(Locale.ROOT, " (test %.4f)", test), s.seconds());
        }
        if (s.exact() != null) {
            console.printf(Locale.ROOT, "exact optimum %s* = %.5g; regret of the best trial %.3f%%%n", names.get(0),
                    s.exact().optimum(), s.exact().bestTrialRegret() == null ? Double.NaN : 100 * s.exact().bestTrialRegret());
        }
        console.printf("Wrote %s, %s, %s and %s to %s%n", ExperimentFiles.CONFIG, TRIALS, RunFiles.SUMMARY, PNG,
                dir.toAbsolutePath().normalize());
        console.flush();
        return 0;
    }

    /**
     * The finished trials of the search in {@code dir}, from its trials.csv, after checking that its
     * config.json records the same search (everything but the budget, the threads and the times).
     */
    private List<Trial> recordedTrials(Path dir, Config now, List<String> names) throws IOException {
        Config before;
        try {
            before = ExperimentFiles.GSON.fromJson(Files.readString(dir.resolve(ExperimentFiles.CONFIG)), Config.class);
        } catch (IOException | RuntimeException e) {
            throw bad("--resume: cannot read " + dir.resolve(ExperimentFiles.CONFIG) + ": " + e.getMessage());
        }
        Config a = sameSearch(before);
        Config b = sameSearch(now);
        if (!a.equals(b)) {
            JsonObject ja = ExperimentFiles.GSON.toJsonTree(a).getAsJsonObject();
            JsonObject jb = ExperimentFiles.GSON.toJsonTree(b).getAsJsonObject();
            List<String> differences = new ArrayList<>();
            for (String key : ja.keySet()) {
                if (!ja.get(key).equals(jb.get(key))) {
                    differences.add(key + " recorded " + ja.get(key) + ", now " + jb.get(key));
                }
            }
            throw bad("--resume: " + dir + " holds another search (" + String.join("; ", differences) + ")");
        }
        List<String> lines = Files.readAllLines(dir.resolve(TRIALS));
        List<Trial> trials = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 10 + names.size()) {
                throw bad("--resume: " + dir.resolve(TRIALS) + " line " + (i + 1) + ": expected " + (10 + names.size())
                        + " fields, got " + f.length);
            }
            try {
                double[] v = new double[9];
                for (int k = 0; k < 9; k++) {
                    v[k] = Double.parseDouble(f[k]);
                }
                double[] values = new double[names.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = Double.parseDouble(f[9 + k]);
                }
                String failure = f[f.length - 1].isEmpty() ? null : f[f.length - 1];
                Evaluation e = new Evaluation(v[5], v[6], v[7], v[8], v[2] - v[1], List.of(), failure);
                trials.add(new Trial((int) v[0] - 1, values, e, v[3], failure, v[1], v[2], v[4]));
            } catch (NumberFormatException e) {
                throw bad("--resume: " + dir.resolve(TRIALS) + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return trials;
    }

    /**
     * The fields of a search's config that decide its trials; a search recorded before --widths applied to mnist
     * (widths null) used the paper's network, a BO search recorded before --length-scale-prior no prior.
     */
    private static Config sameSearch(Config c) {
        String widths = c.widths() == null && "mnist".equals(c.experiment()) ? "paper" : c.widths();
        String prior = c.lengthScalePrior() == null && "bo".equals(c.strategy()) ? "none" : c.lengthScalePrior();
        return new Config(c.experiment(), c.problem(), c.strategy(), c.criterion(), 0, null, c.epochsPerTrial(),
                c.batchSize(), c.lr(), c.seed(), 0, c.limitTrain(), c.limitEval(), c.synthetic(), widths, c.space(),
                null, null, c.dtype(), c.batch() == null ? 1 : c.batch(), null, prior);
    }

    static String trialLine(Trial t, List<String> names, int maxTrials) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "trial %3d/%d  %8.1f s  ", t.index() + 1,
                maxTrials, t.endSeconds()));
        sb.append(t.failed() ? "failed" : String.format(Locale.ROOT, "target %.4f", t.target()));
        sb.append(String.format(Locale.ROOT, "  best %.4f ", t.bestSoFar()));
        double[] v = t.values();
        for (int i = 0; i < v.length; i++) {
            sb.append(' ').append(names.get(i)).append('=').append(String.format(Locale.ROOT, "%.4g", v[i]));
        }
        return sb.toString();
    }

    private static Summary write(Path dir, SearchResult r, List<String> names, int epochs, String experiment,
                                 ExactHyperProblem exact, HyperOptimum opt, SearchSpace space) {
        try {
            StringBuilder csv = new StringBuilder("trial,start_seconds,end_seconds,target,best_so_far,final_valid_loss,"
                    + "best_valid_loss,test_loss,test_loss_at_best," + String.join(",", names) + ",failure\n");
            for (Trial t : r.trials()) {
                var e = t.evaluation();
                csv.append(t.index() + 1).append(',').append(t.startSeconds()).append(',').append(t.endSeconds())
                        .append(',').append(t.target()).append(',').append(t.bestSoFar()).append(',')
                        .append(e.finalValidLoss()).append(',').append(e.bestValidLoss()).append(',')
                        .append(e.testLoss()).append(',').append(e.testLossAtBest());
                for (double v : t.values()) {
                    csv.append(',').append(v);
                }
                csv.append(',').append(t.failed() ? t.failure().replaceAll("[,\\r\\n]", " ") : "").append('\n');
            }
            RunFiles.writeAtomically(dir.resolve(TRIALS), csv.toString());
            BestTrial best = r.best().map(t -> {
                Map<String, Double> hp = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    hp.put(names.get(i), t.values()[i]);
                }
                var e = t.evaluation();
                return new BestTrial(t.index() + 1, hp, t.target(), e.finalValidLoss(), e.bestValidLoss(), e.testLoss(),
                        e.testLossAtBest(), t.endSeconds());
            }).orElse(null);
            Exact ex = null;
            if (exact != null) {
                Double regret = best == null ? null
                        : (exact.validationLoss(best.hyperparameters().get(names.get(0))) - opt.validationLoss())
                                / opt.validationLoss();
                ex = new Exact(opt.value(), opt.validationLoss(), regret);
            }
            Summary s = new Summary(experiment, r.strategy(), r.criterion().id(),
                    r.stop() == null ? "running" : r.stop().name().toLowerCase(Locale.ROOT), r.trials().size(),
                    r.failures(), epochs, r.seconds(), best, ex);
            ExperimentFiles.writeJson(dir.resolve(RunFiles.SUMMARY), s);
            RunPlots.search(dir.resolve(PNG), Curve.ofSearch(r.strategy(), r.trials(), epochs), r.trials(),
                    space, opt == null ? Double.NaN : opt.value());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + dir + ": " + e, e);
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
