package io.github.deltastn.train;

import io.github.deltastn.core.DType;
import java.util.Objects;

/**
 * Settings of one tuning run (algorithm.md §6.1, §6.5), built with {@link #builder()}:
 * <pre>{@code
 * TrainConfig cfg = TrainConfig.builder().method(Method.DELTA).epochs(20).warmupEpochs(2).batchSize(64).build();
 * TrainConfig other = cfg.toBuilder().seed(7).build();
 * }</pre>
 * The builder starts from settings that suit no model in particular: Δ-STN for 10 epochs without warm-up,
 * T_train = 5 training steps and T_valid = 1 hyper step per cycle, batches of 128, SGD with momentum 0.9 at
 * 0.01 for the weights w0 and the response Θ, RMSprop at 0.01 for λ0 and the perturbation scales, scale
 * tuning on with entropy weight τ = 1e-3, seed 0, float64. The experiments of the paper set their own (for example
 * {@code ImageExperiments.referenceConfig}, the reference code's MNIST settings with 5 warm-up epochs).
 *
 * <p>{@link #dtype()} is the run's dtype (design.md §2): the model's weights, activations, Θ, w0 and the data
 * are in it; the hyperparameters λ0, s, their perturbations, transforms and the hyper step stay float64.
 */
public final class TrainConfig {
    private final Method method;
    private final int epochs;
    private final int warmupEpochs;
    private final int trainSteps;
    private final int validSteps;
    private final int maxCycles;
    private final int batchSize;
    private final int validBatchSize;
    private final double lr;
    private final double responseLr;
    private final double momentum;
    private final double hyperLr;
    private final double scaleLr;
    private final double tau;
    private final boolean tuneScales;
    private final long seed;
    private final DType dtype;
    private final int hyperTerms;
    private final double hyperDamping;

    private TrainConfig(Builder b) {
        require(b.method != null, "method must be given");
        require(b.epochs >= 0, "epochs must be >= 0, got " + b.epochs);
        require(b.warmupEpochs >= 0, "warm-up epochs must be >= 0, got " + b.warmupEpochs);
        require(b.trainSteps >= 1, "train steps (T_train) must be >= 1, got " + b.trainSteps);
        require(b.validSteps >= 0, "valid steps (T_valid) must be >= 0, got " + b.validSteps);
        require(b.maxCycles >= 0, "max cycles must be >= 0, got " + b.maxCycles);
        require(b.batchSize >= 1 && b.validBatchSize >= 1,
                "batch sizes must be >= 1, got " + b.batchSize + " and " + b.validBatchSize);
        require(b.lr >= 0 && b.responseLr >= 0 && b.hyperLr >= 0 && b.scaleLr >= 0, "learning rates must be >= 0, got "
                + b.lr + ", " + b.responseLr + ", " + b.hyperLr + " and " + b.scaleLr);
        require(b.momentum >= 0 && b.momentum < 1, "momentum must be in [0, 1), got " + b.momentum);
        require(b.tau >= 0, "tau must be >= 0, got " + b.tau);
        require(b.hyperTerms >= 1, "hyper terms (K) must be >= 1, got " + b.hyperTerms);
        require(b.hyperDamping >= 0 && Double.isFinite(b.hyperDamping), "hyper damping must be finite and >= 0, got "
                + b.hyperDamping);
        this.method = b.method;
        this.epochs = b.epochs;
        this.warmupEpochs = b.warmupEpochs;
        this.trainSteps = b.trainSteps;
        this.validSteps = b.validSteps;
        this.maxCycles = b.maxCycles;
        this.batchSize = b.batchSize;
        this.validBatchSize = b.validBatchSize;
        this.lr = b.lr;
        this.responseLr = b.responseLr;
        this.momentum = b.momentum;
        this.hyperLr = b.hyperLr;
        this.scaleLr = b.scaleLr;
        this.tau = b.tau;
        this.tuneScales = b.tuneScales;
        this.seed = b.seed;
        this.dtype = Objects.requireNonNull(b.dtype, "TrainConfig: dtype must be given");
        this.hyperTerms = b.hyperTerms;
        this.hyperDamping = b.hyperDamping;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("TrainConfig: " + message);
        }
    }

    /** A builder at the defaults of the class comment. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.epochs = epochs;
        b.warmupEpochs = warmupEpochs;
        b.trainSteps = trainSteps;
        b.validSteps = validSteps;
        b.maxCycles = maxCycles;
        b.batchSize = batchSize;
        b.validBatchSize = validBatchSize;
        b.lr = lr;
        b.responseLr = responseLr;
        b.momentum = momentum;
        b.hyperLr = hyperLr;
        b.scaleLr = scaleLr;
        b.tau = tau;
        b.tuneScales = tuneScales;
        b.seed = seed;
        b.dtype = dtype;
        b.hyperTerms = hyperTerms;
        b.hyperDamping = hyperDamping;
        return b;
    }

    /** Which method trains the model. */
    public Method method() {
        return method;
    }

    /** Total epochs, warm-up included. */
    public int epochs() {
        return epochs;
    }

    /** Epochs of training steps only, before the hyper steps start. */
    public int warmupEpochs() {
        return warmupEpochs;
    }

    /** T_train, training steps per cycle. */
    public int trainSteps() {
        return trainSteps;
    }

    /** T_valid, hyper steps per cycle. */
    public int validSteps() {
        return validSteps;
    }

    /** Stop after this many (T_train + T_valid) cycles after warm-up; 0 = no limit. */
    public int maxCycles() {
        return maxCycles;
    }

    /** Training batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Batch size of the hyper steps and of evaluation. */
    public int validBatchSize() {
        return validBatchSize;
    }

    /** Learning rate of the general weights w0 (of every weight for STN). */
    public double lr() {
        return lr;
    }

    /** Learning rate of the response parameters Θ (centered STN, Δ-STN). */
    public double responseLr() {
        return responseLr;
    }

    /** SGD momentum of the weight optimizers. */
    public double momentum() {
        return momentum;
    }

    /** RMSprop learning rate of λ0. */
    public double hyperLr() {
        return hyperLr;
    }

    /** RMSprop learning rate of the raw perturbation scales s. */
    public double scaleLr() {
        return scaleLr;
    }

    /** Entropy weight τ. */
    public double tau() {
        return tau;
    }

    /** Whether the perturbation scales σ are tuned (with the entropy term). */
    public boolean tuneScales() {
        return tuneScales;
    }

    /** Seed of every random stream of the run. */
    public long seed() {
        return seed;
    }

    /** The run's dtype: of the weights, activations and data (hyperparameters stay float64). */
    public DType dtype() {
        return dtype;
    }

    /**
     * K of the gradient-based methods: the conjugate-gradient steps of {@link Method#IFT}, the SGD steps
     * {@link Method#UNROLL} differentiates through. Unused by the other methods.
     */
    public int hyperTerms() {
        return hyperTerms;
    }

    /** The damping δ of {@link Method#IFT}: CG solves {@code (H + δI) q = ∇_w L_V}. Unused by the other methods. */
    public double hyperDamping() {
        return hyperDamping;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    @Override
    public String toString() {
        return "TrainConfig[method=" + method + ", epochs=" + epochs + ", warmupEpochs=" + warmupEpochs
                + ", trainSteps=" + trainSteps + ", validSteps=" + validSteps + ", maxCycles=" + maxCycles
                + ", batchSize=" + batchSize + ", validBatchSize=" + validBatchSize + ", lr=" + lr
                + ", responseLr=" + responseLr + ", momentum=" + momentum + ", hyperLr=" + hyperLr + ", scaleLr="
                + scaleLr + ", tau=" + tau + ", tuneScales=" + tuneScales + ", seed=" + seed
                + (dtype == DType.FLOAT64 ? "" : ", dtype=" + dtype)
                + (method.tuning() instanceof TuningMethod.GradientBased
                        ? ", hyperTerms=" + hyperTerms + ", hyperDamping=" + hyperDamping : "") + "]";
    }

    /** Settings one at a time; {@link #build()} checks them together. */
    public static final class Builder {
        private Method method = Method.DELTA;
        private int epochs = 10;
        private int warmupEpochs = 0;
        private int trainSteps = 5;
        private int validSteps = 1;
        private int maxCycles = 0;
        private int batchSize = 128;
        private int validBatchSize = 128;
        private double lr = 0.01;
        private double responseLr = 0.01;
        private double momentum = 0.9;
        private double hyperLr = 0.01;
        private double scaleLr = 0.01;
        private double tau = 1e-3;
        private boolean tuneScales = true;
        private long seed = 0;
        private DType dtype = DType.FLOAT64;
        private int hyperTerms = 10;
        private double hyperDamping = 1e-3;

        private Builder() {}

        /** K of {@link Method#IFT} and {@link Method#UNROLL} (default 10). */
        public Builder hyperTerms(int k) {
            this.hyperTerms = k;
            return this;
        }

        /** δ of {@link Method#IFT} (default 1e-3). */
        public Builder hyperDamping(double d) {
            this.hyperDamping = d;
            return this;
        }

        public Builder method(Method m) {
            this.method = m;
            return this;
        }

        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        public Builder warmupEpochs(int n) {
            this.warmupEpochs = n;
            return this;
        }

        /** T_train. */
        public Builder trainSteps(int n) {
            this.trainSteps = n;
            return this;
        }

        /** T_valid. */
        public Builder validSteps(int n) {
            this.validSteps = n;
            return this;
        }

        /** 0 = no limit. */
        public Builder maxCycles(int n) {
            this.maxCycles = n;
            return this;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        public Builder validBatchSize(int n) {
            this.validBatchSize = n;
            return this;
        }

        public Builder lr(double x) {
            this.lr = x;
            return this;
        }

        public Builder responseLr(double x) {
            this.responseLr = x;
            return this;
        }

        public Builder momentum(double x) {
            this.momentum = x;
            return this;
        }

        public Builder hyperLr(double x) {
            this.hyperLr = x;
            return this;
        }

        public Builder scaleLr(double x) {
            this.scaleLr = x;
            return this;
        }

        public Builder tau(double x) {
            this.tau = x;
            return this;
        }

        public Builder tuneScales(boolean on) {
            this.tuneScales = on;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The run's dtype (float64 by default); see {@link TrainConfig#dtype()}. */
        public Builder dtype(DType d) {
            this.dtype = d;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public TrainConfig build() {
            return new TrainConfig(this);
        }
    }
}
