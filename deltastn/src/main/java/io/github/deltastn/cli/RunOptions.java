package io.github.deltastn.cli;

import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.Method;
import picocli.CommandLine.Model.CommandSpec;
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

    @Option(names = "--steps", paramLabel = "N", order = 20,
            description = "Number of cycles of T_train = 10 training steps and T_valid = 1 hyper step. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int steps = SHOWN.cycles();

    @Option(names = "--seed", paramLabel = "S", order = 21,
            description = "Seed of the training randomness (initialisation, perturbations). Default: ${DEFAULT-VALUE}.")
    private long seed = SHOWN.seed();

    @Option(names = "--sigma", paramLabel = "X", order = 22,
            description = "Fixed perturbation scale in the unconstrained space. Default: ${DEFAULT-VALUE}.")
    private double sigma = SHOWN.sigma();

    @Option(names = "--lr", paramLabel = "X", order = 23,
            description = "SGD learning rate of the weights and the response parameters. Default: ${DEFAULT-VALUE}.")
    private double lr = SHOWN.lr();

    @Option(names = "--hyper-lr", paramLabel = "X", order = 24,
            description = "RMSprop learning rate of the hyperparameter. Default: ${DEFAULT-VALUE}.")
    private double hyperLr = SHOWN.hyperLr();

    /**
     * The defaults for {@code problem} and {@code method} with the options the user gave.
     *
     * @throws ParameterException if a given value is out of range
     */
    Settings settings(Problem problem, Method method) {
        ParseResult given = command.commandLine().getParseResult();
        Settings s = Settings.defaults(problem, method);
        if (given.hasMatchedOption("--steps")) {
            if (steps < 1) {
                throw bad("--steps must be a positive number of cycles, got " + steps);
            }
            s = s.withCycles(steps);
        }
        if (given.hasMatchedOption("--seed")) {
            s = s.withSeed(seed);
        }
        if (given.hasMatchedOption("--sigma")) {
            s = s.withSigma(positive("--sigma", sigma));
        }
        if (given.hasMatchedOption("--lr") || given.hasMatchedOption("--hyper-lr")) {
            double w = given.hasMatchedOption("--lr") ? positive("--lr", lr) : s.lr();
            double h = given.hasMatchedOption("--hyper-lr") ? positive("--hyper-lr", hyperLr) : s.hyperLr();
            s = s.withLearningRates(w, h);
        }
        return s;
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
