package io.github.deltastn.toy;

import io.github.deltastn.baselines.SearchSpace;
import io.github.deltastn.baselines.TrainerObjective;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Transform;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.optim.RmsProp;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.NonFiniteLossException;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import io.github.deltastn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The toy studies of the paper (§5.1, Fig. 3 and 4): tune one hyperparameter of a linear model online with
 * STN, centered STN or Δ-STN, and compare with the exact optimum λ* of {@link ExactHyperProblem}. Every
 * cycle is also diagnosed against the exact answers ({@link Point}).
 *
 * <p>Settings ({@link Settings#defaults}; the {@code toy} package documentation says why each is what it is):
 * full-batch steps, T_train = {@value #TRAIN_STEPS_PER_CYCLE}, T_valid = 1, the perturbation scale fixed (not
 * tuned, as in the paper); SGD with momentum 0.9 for w0 and Θ, RMSprop for λ.
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
     * @param cycles number of (T_train + T_valid) cycles after warm-up
     * @param sigma fixed perturbation scale σ in the unconstrained space
     * @param lr SGD learning rate of w0 and Θ
     * @param hyperLr RMSprop learning rate of λ0
     * @param warmupCycles cycles of training steps only (w0 and Θ) before the first hyper step
     * @param decay over the last {@code decay·cycles} cycles every learning rate (w0, Θ, λ) falls linearly to 0
     *     (0: constant rates)
     * @param response how the model's weights respond to the hyper input
     * @param normalizeInputs whether the model normalises its inputs with fixed training statistics
     * @param penaltyNetwork the network the deep linear net's Jacobian penalty is taken on
     * @param hyperTerms K of the gradient-based methods (CG steps of IFT, unrolled steps); unused by the others
     * @param hyperDamping the damping δ of IFT's CG solve on {@code H + δI}; unused by the others
     */
    public record Settings(Problem problem, Method method, int cycles, double sigma, double lr, double hyperLr,
                           long seed, int warmupCycles, double decay, LinearRegressionModel.Response response,
                           boolean normalizeInputs, DeepLinearModel.PenaltyNetwork penaltyNetwork, int hyperTerms,
                           double hyperDamping)
            implements java.io.Serializable {
        public Settings {
            if (cycles < 1 || warmupCycles < 0) {
                throw new IllegalArgumentException("ToyExperiment.Settings: need cycles >= 1 and warmupCycles >= 0, got "
                        + cycles + " and " + warmupCycles);
            }
            if (!(hyperDamping >= 0 && Double.isFinite(hyperDamping))) {
                throw new IllegalArgumentException("ToyExperiment.Settings: need hyperDamping >= 0, got " + hyperDamping);
            }
            if (!(sigma > 0) || !(lr > 0) || !(hyperLr > 0) || !(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("ToyExperiment.Settings: need sigma, lr, hyperLr > 0 and decay in"
                        + " [0, 1), got " + sigma + ", " + lr + ", " + hyperLr + ", " + decay);
            }
        }

        /** The defaults used by the {@code demo} and {@code toy} commands (see the package documentation). */
        public static Settings defaults(Problem problem, Method method) {
            LinearRegressionModel.Response response = problem == Problem.LINEAR_NET
                    ? LinearRegressionModel.Response.STRUCTURED : LinearRegressionModel.Response.FULL;
            return new Settings(problem, method, 1500, 0.5, 0.01, 0.01, 0, 0, 0.5, response, true,
                    DeepLinearModel.PenaltyNetwork.STEP, 10, 1e-3);
        }

        public Settings withCycles(int c) {
            return with(b -> b.cycles = c);
        }

        public Settings withSeed(long v) {
            return with(b -> b.seed = v);
        }

        public Settings withSigma(double v) {
            return with(b -> b.sigma = v);
        }

        public Settings withMethod(Method m) {
            return with(b -> b.method = m);
        }

        public Settings withLearningRates(double weights, double hyper) {
            return with(b -> {
                b.lr = weights;
                b.hyperLr = hyper;
            });
        }

        public Settings withWarmup(int w) {
            return with(b -> b.warmupCycles = w);
        }

        public Settings withDecay(double f) {
            return with(b -> b.decay = f);
        }

        public Settings withResponse(LinearRegressionModel.Response r) {
            return with(b -> b.response = r);
        }

        public Settings withNormalizeInputs(boolean on) {
            return with(b -> b.normalizeInputs = on);
        }

        public Settings withPenaltyNetwork(DeepLinearModel.PenaltyNetwork n) {
            return with(b -> b.penaltyNetwork = n);
        }

        public Settings withHyperTerms(int k) {
            return with(b -> b.hyperTerms = k);
        }

        public Settings withHyperDamping(double d) {
            return with(b -> b.hyperDamping = d);
        }

        /** A copy with {@code change} applied to its components. */
        private Settings with(java.util.function.Consumer<Copy> change) {
            Copy b = new Copy(this);
            change.accept(b);
            return new Settings(b.problem, b.method, b.cycles, b.sigma, b.lr, b.hyperLr, b.seed, b.warmupCycles,
                    b.decay, b.response, b.normalizeInputs, b.penaltyNetwork, b.hyperTerms,
                    b.hyperDamping);
        }

        /** The components of a {@link Settings}, to be changed one at a time. */
        private static final class Copy {
            Problem problem;
            Method method;
            int cycles;
            double sigma;
            double lr;
            double hyperLr;
            long seed;
            int warmupCycles;
            double decay;
            LinearRegressionModel.Response response;
            boolean normalizeInputs;
            DeepLinearModel.PenaltyNetwork penaltyNetwork;
            int hyperTerms;
            double hyperDamping;

            Copy(Settings s) {
                problem = s.problem;
                method = s.method;
                cycles = s.cycles;
                sigma = s.sigma;
                lr = s.lr;
                hyperLr = s.hyperLr;
                seed = s.seed;
                warmupCycles = s.warmupCycles;
                decay = s.decay;
                response = s.response;
                normalizeInputs = s.normalizeInputs;
                penaltyNetwork = s.penaltyNetwork;
                hyperTerms = s.hyperTerms;
                hyperDamping = s.hyperDamping;
            }
        }

        /**
         * The factor on every learning rate in cycle {@code c} (0-based): 1, then a linear decay to 0 over the last
         * {@code decay} of the cycles.
         */
        public double lrFactorAt(int c) {
            double start = cycles * (1.0 - decay);
            return c < start ? 1.0 : (cycles - c) / (cycles - start);
        }
    }

    /**
     * The state after {@code cycle} cycles (cycle 0: after warm-up, before the first hyper step), with
     * diagnostics against the exact answers. Weights and responses are compared as the linear map the model
     * computes, in the data's units and per unit of the unconstrained u:
     *
     * @param value the constrained hyperparameter λ = T(u)
     * @param trainLoss training loss of the cycle's last step (NaN at cycle 0)
     * @param validLoss validation loss of the trained weights (w0; for STN the weights at z = λ0)
     * @param exactValidLoss L_V(w*(λ))
     * @param hypergradient the ∂L_V/∂u the last hyper step followed (NaN at cycle 0)
     * @param exactHypergradient dL_V(w*(λ))/du, the true hypergradient
     * @param responseHypergradient ∂L_V/∂w(w0) · J(w0): the hypergradient the learned response would give if
     *     it were the exact one for the current w0 ({@link ExactHyperProblem#responseAt})
     * @param responseCosine cosine between the learned response Θ = ∂w/∂u and J(w0) (over weights and bias)
     * @param responseRatio ‖Θ‖ / ‖J(w0)‖
     * @param weightError ‖w0 − w*(λ)‖ / ‖w*(λ)‖ (weights and bias)
     */
    public record Point(int cycle, long steps, double value, double trainLoss, double validLoss, double exactValidLoss,
                        double hypergradient, double exactHypergradient, double responseHypergradient,
                        double responseCosine, double responseRatio, double weightError) {}

    /** Acceptance bounds of one run: relative regret at most 1 % and |u − u*| at most 0.25. */
    public static final double REGRET_BOUND = 0.01;
    public static final double DISTANCE_BOUND = 0.25;

    /**
     * The outcome: the final constrained value, the exact optimum and the exact validation losses at both
     * (at w*(λ), so they measure the hyperparameter, not the training noise).
     *
     * @param finalValue λ after the last cycle, {@code NaN} if the run diverged
     * @param distance |u − u*| in the unconstrained coordinate (ln c; the stretched logit of p)
     * @param failure why the run stopped early, or {@code null}
     */
    public record Outcome(Problem problem, Method method, long seed, double finalValue, double exactOptimum,
                          double valLossAtFinal, double valLossAtOptimum, double distance, double seconds,
                          List<Point> trajectory, String failure) {
        /** Relative validation-loss regret {@code (L_V(λ) − L_V(λ*)) / L_V(λ*)} (NaN after a divergence). */
        public double relativeRegret() {
            return (valLossAtFinal - valLossAtOptimum) / valLossAtOptimum;
        }

        /** Within {@link #REGRET_BOUND} and {@link #DISTANCE_BOUND}. */
        public boolean withinBounds() {
            return relativeRegret() <= REGRET_BOUND && distance <= DISTANCE_BOUND;
        }

        public String summaryLine() {
            return String.format(Locale.ROOT, "%-10s %-9s seed %-3d final %.5g  exact %.5g  regret %.3f%%  |u-u*| %.3f  %.1f s%s",
                    problem.id(), method.id(), seed, finalValue, exactOptimum, 100 * relativeRegret(), distance, seconds,
                    failure == null ? "" : "  (" + failure + ")");
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

    /** The model of {@code s.problem()} on {@code data}, with the settings' response and input normalisation. */
    public static HyperModel model(RegressionData data, Settings s) {
        Standardization inputs = s.normalizeInputs() ? Standardization.fit(data) : null;
        int d = data.features();
        return switch (s.problem()) {
            case RIDGE -> new LinearRegressionModel(LinearRegressionModel.Kind.WEIGHT_DECAY, d, s.response(), inputs);
            case DROPOUT -> new LinearRegressionModel(LinearRegressionModel.Kind.INPUT_DROPOUT, d, s.response(), inputs);
            case LINEAR_NET -> new DeepLinearModel(d, s.response(), s.penaltyNetwork(), inputs);
        };
    }

    /** Full-batch steps of one training run: T_train = 10 steps per cycle (T_valid = 1 hyper step). */
    public static final int TRAIN_STEPS_PER_CYCLE = 10;

    /**
     * The paper's baselines on a toy problem: trial {@code i} trains a fresh model at fixed values with the
     * schedule of an online run ({@code (s.warmupCycles() + s.cycles())} × {@value #TRAIN_STEPS_PER_CYCLE}
     * full-batch steps, same seed, learning rate and model; {@code s.method()} is ignored) and is judged by
     * its validation loss.
     */
    public static TrainerObjective searchObjective(RegressionData data, Settings s) {
        Hyperparameters hp = new Hyperparameters();
        hp.register(hyperparameter(s.problem(), s.sigma()));
        Settings fixed = s.withMethod(Method.FIXED).withCycles(s.cycles() + s.warmupCycles()).withWarmup(0);
        return new TrainerObjective(() -> model(data, fixed), hp, config(data, fixed),
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
        // Full batch: one training step is one epoch. The trainer's warm-up (as the reference's) also takes the
        // step on the batch that starts its last epoch, so W·10 − 1 warm-up epochs are W·10 steps.
        int warmupEpochs = Math.max(0, s.warmupCycles() * TRAIN_STEPS_PER_CYCLE - 1);
        return TrainConfig.builder()
                .method(s.method()).epochs(Integer.MAX_VALUE).warmupEpochs(warmupEpochs)
                .trainSteps(TRAIN_STEPS_PER_CYCLE).maxCycles(s.cycles()).batchSize(data.nTrain())
                .validBatchSize(data.nValid()).lr(s.lr()).responseLr(s.lr()).hyperLr(s.hyperLr()).scaleLr(0)
                .tuneScales(false).tau(0).seed(s.seed()).hyperTerms(s.hyperTerms())
                .hyperDamping(s.hyperDamping()).build();
    }

    /**
     * Runs one method on one problem; {@code onPoint} sees every trajectory point as it is made. A run whose
     * loss becomes non-finite ends there: the outcome has {@code finalValue} NaN and the reason in
     * {@code failure}.
     */
    public static Outcome run(RegressionData data, Settings s, Consumer<Point> onPoint) {
        ExactHyperProblem exact = exact(s.problem(), data);
        Hyperparameters hp = new Hyperparameters();
        hp.register(hyperparameter(s.problem(), s.sigma()));
        Dataset train = Dataset.regression(data.xTrain(), data.yTrain());
        Dataset valid = Dataset.regression(data.xValid(), data.yValid());
        HyperModel model = model(data, s);
        Trainer trainer = new Trainer(model, hp, config(data, s), train, valid, null);
        if (s.decay() > 0) {
            trainer.setLrFactor(c -> s.lrFactorAt((int) c));
        }
        ToyDiagnostics diagnostics = new ToyDiagnostics(exact, data, model, s.method());
        List<Point> points = new ArrayList<>();
        Consumer<Point> sink = p -> {
            points.add(p);
            onPoint.accept(p);
        };
        long start = System.nanoTime();
        String failure = null;
        try {
            trainer.run(new TrainingListener() {
                @Override
                public void onWarmupEnd(Trainer t) {
                    sink.accept(diagnostics.point(0, t, Double.NaN, t.evaluate(valid).loss()));
                }

                @Override
                public void onCycle(int cycle, Trainer t) {
                    sink.accept(diagnostics.point(cycle, t, t.epochTrainLoss(), t.evaluate(valid).loss()));
                }
            });
        } catch (NonFiniteLossException e) {
            failure = e.getMessage();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        HyperOptimum opt = exact.optimum();
        double u = trainer.hyperparameters().lam0().data()[0];
        double fin = failure == null ? trainer.hyperparameters().currentValues().data()[0] : Double.NaN;
        double lossAtFinal = failure == null ? exact.validationLoss(fin) : Double.NaN;
        double distance = failure == null ? Math.abs(u - opt.unconstrained()) : Double.NaN;
        return new Outcome(s.problem(), s.method(), s.seed(), fin, opt.value(), lossAtFinal, opt.validationLoss(),
                distance, seconds, points, failure);
    }

    /**
     * Where the method would end if its hypergradient were exact: RMSprop with the settings' rate, schedule and
     * number of hyper steps on {@code dL_V(w*(λ))/du}, from λ0. It differs from λ* when L_V(λ) has another
     * local minimum between λ0 and λ*, or λ* is on the boundary of the search interval (λ → 0): then no local
     * method can be expected to reach λ*.
     */
    public static double exactGradientEndpoint(ExactHyperProblem exact, Settings s) {
        RmsProp rms = new RmsProp(s.hyperLr());
        Tensor u = Tensor.of(new double[] {exact.toUnconstrained(exact.initialValue())});
        for (int c = 0; c < s.cycles(); c++) {
            rms.setLr(s.hyperLr() * s.lrFactorAt(c));
            double g = exact.validationLossDerivativeUnconstrained(u.data()[0]);
            u = rms.step(Map.of("u", u), Map.of("u", Tensor.of(new double[] {g}))).get("u");
        }
        return exact.toConstrained(u.data()[0]);
    }

    /**
     * {@link #run} for every seed ({@code s.withSeed(k)}), on up to {@code threads} threads; outcomes in the
     * order of {@code seeds}, the same whatever the thread count (each run is independent and single-threaded
     * at these sizes). {@code onDone} sees each outcome as it finishes (from a worker thread, one at a time).
     */
    public static List<Outcome> runSeeds(RegressionData data, Settings s, long[] seeds, int threads,
                                         Consumer<Outcome> onDone) {
        if (seeds.length == 0 || threads < 1) {
            throw new IllegalArgumentException("runSeeds: need at least one seed and one thread, got " + seeds.length
                    + " seeds and " + threads + " threads");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, seeds.length), r -> {
            Thread t = new Thread(r, "toy-seed");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (long seed : seeds) {
                futures.add(pool.submit(() -> {
                    Outcome o = run(data, s.withSeed(seed), p -> { });
                    synchronized (onDone) {
                        onDone.accept(o);
                    }
                    return o;
                }));
            }
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("runSeeds: interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("runSeeds: a run failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }
}
