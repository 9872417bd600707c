package io.github.deltastn.cli;

import io.github.deltastn.toy.DeepLinearModel;
import io.github.deltastn.toy.LinearRegressionModel;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The run settings shared by {@code demo} and {@code toy} (a picocli mixin). Options the user did not
 * give keep the values of {@link Settings#defaults} for the chosen problem and method; the defaults shown
 * in the help are those of the ridge problem.
 */
final class RunOptions {
    private static final Settings SHOWN = Settings.defaults(Problem.RIDGE, Method.DELTA);

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"--cycles", "--steps"}, paramLabel = "N", order = 20,
            description = "Number of cycles of T_train = 10 training steps and T_valid = 1 hyper step, after warm-up. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int cycles = SHOWN.cycles();

    @Option(names = {"--seeds", "--seed"}, paramLabel = "SEEDS", order = 21,
            description = "Seeds of the training randomness (initialisation, perturbations, dropout masks), one run "
                    + "each: a number, a range 0-19, or a list 0-4,7. Default: 0 (demo: 0-9).")
    private String seeds = "0";

    @Option(names = "--threads", paramLabel = "N", order = 22,
            description = "Runs of different seeds at once (the results do not depend on it). Default: the number "
                    + "of cores.")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--sigma", paramLabel = "X", order = 23,
            description = "Fixed perturbation scale in the unconstrained space. Default: ${DEFAULT-VALUE}.")
    private double sigma = SHOWN.sigma();

    @Option(names = "--lr", paramLabel = "X", order = 24,
            description = "SGD learning rate of the weights and the response parameters. Default: ${DEFAULT-VALUE}.")
    private double lr = SHOWN.lr();

    @Option(names = "--hyper-lr", paramLabel = "X", order = 25,
            description = "RMSprop learning rate of the hyperparameter. Default: ${DEFAULT-VALUE}.")
    private double hyperLr = SHOWN.hyperLr();

    @Option(names = "--warmup", paramLabel = "N", order = 26,
            description = "Cycles of training steps only (w0 and the response) before the first hyper step. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int warmup = SHOWN.warmupCycles();

    @Option(names = "--decay", paramLabel = "F", order = 27,
            description = "Over the last F of the cycles every learning rate (weights, response, hyperparameter) falls "
                    + "linearly to 0 (0: constant rates). Default: ${DEFAULT-VALUE}.")
    private double decay = SHOWN.decay();

    @Option(names = "--response", paramLabel = "KIND", order = 28,
            description = "How the weights respond to the hyperparameter: full (a full linear hypernetwork) or "
                    + "structured (the structured layer of the image nets). Default: full; linear-net: structured.")
    private String response;

    @Option(names = "--no-input-normalization", order = 29,
            description = "Feed the features to the weights as they are, instead of normalised with fixed training "
                    + "statistics inside the model (an ablation: plain SGD then fails on raw features).")
    private boolean noInputNormalization;

    @Option(names = "--penalty-network", paramLabel = "KIND", order = 30,
            description = "linear-net: take the Jacobian penalty on the network of the step (step: the linearized "
                    + "network in the Delta-STN Theta step) or on the hypernetwork's weights (exact-weights). "
                    + "Default: step.")
    private String penaltyNetwork;

    @Mixin
    private GradientOptions gradient;

    /**
     * The defaults for {@code problem} and {@code method} with the options the user gave (the seed is that of
     * the first of {@link #seeds()}).
     *
     * @throws ParameterException if a given value is out of range
     */
    Settings settings(Problem problem, Method method) {
        ParseResult given = command.commandLine().getParseResult();
        Settings s = Settings.defaults(problem, method);
        if (given.hasMatchedOption("--cycles")) {
            if (cycles < 1) {
                throw bad("--cycles must be a positive number of cycles, got " + cycles);
            }
            s = s.withCycles(cycles);
        }
        if (given.hasMatchedOption("--sigma")) {
            s = s.withSigma(positive("--sigma", sigma));
        }
        if (given.hasMatchedOption("--lr") || given.hasMatchedOption("--hyper-lr")) {
            double w = given.hasMatchedOption("--lr") ? positive("--lr", lr) : s.lr();
            double h = given.hasMatchedOption("--hyper-lr") ? positive("--hyper-lr", hyperLr) : s.hyperLr();
            s = s.withLearningRates(w, h);
        }
        if (given.hasMatchedOption("--warmup")) {
            if (warmup < 0) {
                throw bad("--warmup must be >= 0 cycles, got " + warmup);
            }
            s = s.withWarmup(warmup);
        }
        if (given.hasMatchedOption("--decay")) {
            if (!(decay >= 0 && decay < 1)) {
                throw bad("--decay must be in [0, 1), got " + decay);
            }
            s = s.withDecay(decay);
        }
        if (response != null) {
            s = s.withResponse(switch (response.trim().toLowerCase(Locale.ROOT)) {
                case "full" -> LinearRegressionModel.Response.FULL;
                case "structured" -> LinearRegressionModel.Response.STRUCTURED;
                default -> throw bad("--response must be full or structured, got '" + response + "'");
            });
        }
        if (noInputNormalization) {
            s = s.withNormalizeInputs(false);
        }
        if (penaltyNetwork != null) {
            if (problem != Problem.LINEAR_NET) {
                throw bad("--penalty-network applies to --problem linear-net only");
            }
            s = s.withPenaltyNetwork(switch (penaltyNetwork.trim().toLowerCase(Locale.ROOT)) {
                case "step" -> DeepLinearModel.PenaltyNetwork.STEP;
                case "exact-weights" -> DeepLinearModel.PenaltyNetwork.EXACT_WEIGHTS;
                default -> throw bad("--penalty-network must be step or exact-weights, got '" + penaltyNetwork + "'");
            });
        }
        gradient.check(method);
        if (gradient.terms != null) {
            s = s.withHyperTerms(gradient.terms);
        }
        if (gradient.damping != null) {
            s = s.withHyperDamping(gradient.damping);
        }
        return s.withSeed(seeds()[0]);
    }

    /** The seeds of {@code --seeds}, in the order given. */
    long[] seeds() {
        List<Long> out = new ArrayList<>();
        for (String part : seeds.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash < 0) {
                    out.add(Long.parseLong(p));
                } else {
                    long a = Long.parseLong(p.substring(0, dash).trim());
                    long b = Long.parseLong(p.substring(dash + 1).trim());
                    if (b < a || b - a >= 100_000) {
                        throw bad("--seeds: the range " + p + " must go up, with at most 100000 seeds");
                    }
                    for (long k = a; k <= b; k++) {
                        out.add(k);
                    }
                }
            } catch (NumberFormatException e) {
                throw bad("--seeds must be a number, a range A-B or a comma-separated list of them, got '" + seeds + "'");
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw bad("--seeds lists a seed twice: '" + seeds + "'");
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code --threads}, checked. */
    int threads() {
        if (threads < 1) {
            throw bad("--threads must be >= 1, got " + threads);
        }
        return threads;
    }

    private double positive(String name, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw bad(name + " must be a positive finite number, got " + v);
        }
        return v;
    }

    private ParameterException bad(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
