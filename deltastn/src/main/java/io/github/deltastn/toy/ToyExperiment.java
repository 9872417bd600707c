package io.github.deltastn.toy;

import io.github.deltastn.baselines.SearchSpace;
import io.github.deltastn.baselines.TrainerObjective;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Transform;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The toy studies of the paper (§5.1, Fig. 3 and 4): tune one hyperparameter of a linear model online with
 * STN, centered STN or Δ-STN, and compare with the exact optimum λ* of {@link ExactHyperProblem}.
 *
 * <p>Choices (ALGORITHM.md §11 leaves them open): full-batch steps (the training set is small), T_train = 10,
 * T_valid = 1, perturbation scale fixed (not tuned, as in the paper) at {@link Settings#sigma}; weight decay
 * and the Jacobian-norm coefficient use {@code c = exp(u)} from c₀ = 0.01; the dropout rate uses the
 * stretched sigmoid on (0, 0.95) from p₀ = 0.05; SGD with momentum 0.9 for the weights, RMSprop for λ.
 */
public final class ToyExperiment {
    private ToyExperiment() {}

    /** Which toy problem. */
    public enum Problem {
        RIDGE("ridge"), DROPOUT("dropout"), LINEAR_NET("linear-net");

        private final String id;

        Problem(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Parses {@code ridge|dropout|linear-net}. */
        public static Problem parse(String s) {
            for (Problem p : values()) {
                if (p.id.equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown toy problem '" + s + "', expected ridge, dropout or linear-net");
        }
    }

    /**
     * @param cycles number of (T_train + T_valid) cycles
     * @param sigma fixed perturbation scale σ in the unconstrained space
     * @param lr SGD learning rate of w0 (and Θ)
     * @param hyperLr RMSprop learning rate of λ0
     */
    public record Settings(Problem problem, Method method, int cycles, double sigma, double lr, double hyperLr, long seed) {
        /** The defaults used by the {@code demo} and {@code toy} commands. */
        public static Settings defaults(Problem problem, Method method) {
            return new Settings(problem, method, 1500, 0.5, 0.01, 0.01, 0);
        }

        public Settings withCycles(int c) {
            return new Settings(problem, method, c, sigma, lr, hyperLr, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(problem, method, cycles, sigma, lr, hyperLr, s);
        }

        public Settings withSigma(double s) {
            return new Settings(problem, method, cycles, s, lr, hyperLr, seed);
        }

        public Settings withMethod(Method m) {
            return new Settings(problem, m, cycles, sigma, lr, hyperLr, seed);
        }

        public Settings withLearningRates(double lr, double hyperLr) {
            return new Settings(problem, method, cycles, sigma, lr, hyperLr, seed);
        }
    }

    /** One row of the trajectory: after {@code cycle} cycles, the constrained value and the losses. */
    public record Point(int cycle, long steps, double value, double sigma, double trainLoss, double validLoss,
                        double exactValidLoss) {}

    /**
     * The outcome: the final constrained value, the exact optimum and the exact validation losses at both
     * (at w*(λ), so they measure the hyperparameter, not the training noise).
     */
    public record Outcome(Problem problem, Method method, double finalValue, double exactOptimum,
                          double valLossAtFinal, double valLossAtOptimum, double seconds, List<Point> trajectory) {
        /** Relative validation-loss regret {@code (L_V(λ) − L_V(λ*)) / L_V(λ*)}. */
        public double relativeRegret() {
            return (valLossAtFinal - valLossAtOptimum) / valLossAtOptimum;
        }

        public String summaryLine() {
            return String.format(Locale.ROOT, "%-10s %-9s final %.5g  exact %.5g  regret %.3f%%  %.1f s",
                    problem.id(), method.id(), finalValue, exactOptimum, 100 * relativeRegret(), seconds);
        }
    }

    /** The exact problem for {@code problem} on {@code data}. */
    public static ExactHyperProblem exact(Problem problem, RegressionData data) {
        return switch (problem) {
            case RIDGE -> new RidgeProblem(data);
            case DROPOUT -> new DropoutRegressionProblem(data);
            case LINEAR_NET -> new JacobianNormProblem(data);
        };
    }

    /** The hyperparameter registered for {@code problem}, with its transform and initial value. */
    public static Hyperparameter hyperparameter(Problem problem, double sigma) {
        return switch (problem) {
            case RIDGE -> Hyperparameter.of("weight_decay", 0, Double.POSITIVE_INFINITY, RidgeProblem.INITIAL_WEIGHT_DECAY)
                    .withTransform(Transform.EXP).withInitialScale(sigma);
            case DROPOUT -> Hyperparameter.of("dropout", 0, DropoutRegressionProblem.DEFAULT_MAX_RATE,
                    DropoutRegressionProblem.INITIAL_DROPOUT).withInitialScale(sigma);
            case LINEAR_NET -> Hyperparameter.of("jacobian_penalty", 0, Double.POSITIVE_INFINITY,
                    JacobianNormProblem.INITIAL_PENALTY).withTransform(Transform.EXP).withInitialScale(sigma);
        };
    }

    static HyperModel model(Problem problem, int features) {
        return switch (problem) {
            case RIDGE -> new LinearRegressionModel(LinearRegressionModel.Kind.WEIGHT_DECAY, features);
            case DROPOUT -> new LinearRegressionModel(LinearRegressionModel.Kind.INPUT_DROPOUT, features);
            case LINEAR_NET -> new DeepLinearModel(features);
        };
    }

    /** Full-batch steps of one training run: T_train = 10 steps per cycle (T_valid = 1 hyper step). */
    public static final int TRAIN_STEPS_PER_CYCLE = 10;

    /**
     * The paper's baselines on a toy problem: trial {@code i} trains a fresh model at fixed values with the
     * schedule of an online run ({@code s.cycles()} × {@value #TRAIN_STEPS_PER_CYCLE} full-batch steps, same
     * seed and learning rate; {@code s.method()} is ignored) and is judged by its validation loss.
     */
    public static TrainerObjective searchObjective(RegressionData data, Settings s) {
        Hyperparameters hp = new Hyperparameters();
        hp.register(hyperparameter(s.problem(), s.sigma()));
        return new TrainerObjective(() -> model(s.problem(), data.features()), hp, config(data, s.withMethod(Method.FIXED)),
                Dataset.regression(data.xTrain(), data.yTrain()), Dataset.regression(data.xValid(), data.yValid()), null);
    }

    /**
     * The search-range overrides of a toy problem's hyperparameter, for
     * {@link TrainerObjective#searchSpace(SearchSpace.Dimension...)}: weight decay and the Jacobian-norm
     * coefficient log-uniform on [1e-4, 10] (their domain (0, ∞) has no finite range; c* = 0.62 on the default
     * data); none for the dropout rate, searched uniformly on its domain (0, 0.95).
     */
    public static SearchSpace.Dimension[] searchRanges(Problem problem) {
        return problem == Problem.DROPOUT ? new SearchSpace.Dimension[0]
                : new SearchSpace.Dimension[] {SearchSpace.Dimension.log(hyperparameter(problem, 1).name(), 1e-4, 10)};
    }

    private static TrainConfig config(RegressionData data, Settings s) {
        return TrainConfig.defaults(s.method(), Integer.MAX_VALUE)
                .withSchedule(Integer.MAX_VALUE, 0, TRAIN_STEPS_PER_CYCLE, 1, s.cycles())
                .withBatchSizes(data.nTrain(), data.nValid())
                .withLearningRates(s.lr(), s.lr(), 0.9, s.hyperLr(), 0)
                .withScales(false, 0)
                .withSeed(s.seed());
    }

    /** Runs one method on one problem; {@code onPoint} sees every trajectory point as it is made. */
    public static Outcome run(RegressionData data, Settings s, Consumer<Point> onPoint) {
        ExactHyperProblem exact = exact(s.problem(), data);
        Hyperparameters hp = new Hyperparameters();
        hp.register(hyperparameter(s.problem(), s.sigma()));
        Dataset train = Dataset.regression(data.xTrain(), data.yTrain());
        Dataset valid = Dataset.regression(data.xValid(), data.yValid());
        Trainer trainer = new Trainer(model(s.problem(), data.features()), hp, config(data, s), train, valid, null);
        List<Point> points = new ArrayList<>();
        Consumer<Point> sink = p -> {
            points.add(p);
            onPoint.accept(p);
        };
        long start = System.nanoTime();
        sink.accept(point(0, trainer, exact, Double.NaN, Double.NaN));
        trainer.run(new Trainer.Listener() {
            private double lastTrain = Double.NaN;

            @Override
            public void onEpoch(io.github.deltastn.train.EpochMetrics m) {
                lastTrain = m.trainLoss();
            }

            @Override
            public void onCycle(int cycle, Trainer t) {
                sink.accept(point(cycle, t, exact, lastTrain, t.evaluate(valid).loss()));
            }
        });
        double seconds = (System.nanoTime() - start) * 1e-9;
        double fin = trainer.hyperparameters().currentValues().data()[0];
        HyperOptimum opt = exact.optimum();
        return new Outcome(s.problem(), s.method(), fin, opt.value(), exact.validationLoss(fin), opt.validationLoss(),
                seconds, points);
    }

    private static Point point(int cycle, Trainer t, ExactHyperProblem exact, double trainLoss, double validLoss) {
        Tensor v = t.hyperparameters().currentValues();
        double value = v.data()[0];
        return new Point(cycle, t.steps(), value, t.hyperparameters().sigma().data()[0], trainLoss, validLoss,
                exact.validationLoss(value));
    }
}
