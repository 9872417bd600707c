package io.github.deltastn.train;

/**
 * Settings of one tuning run (algorithm.md §6.1, §6.5). Defaults are the reference code's MLP/MNIST
 * settings: SGD with momentum 0.9 at 0.01 for the weights, RMSprop at 0.01 for λ0 and for the scales,
 * T_train = 5, T_valid = 1, τ = 1e-3, scale tuning on, 5 warm-up epochs.
 *
 * @param method which method trains the model
 * @param epochs total epochs, warm-up included
 * @param warmupEpochs epochs of training steps only, before hyper steps start
 * @param trainSteps T_train, training steps per cycle
 * @param validSteps T_valid, hyper steps per cycle
 * @param maxCycles stop after this many (T_train + T_valid) cycles after warm-up; 0 = no limit
 * @param batchSize training batch size
 * @param validBatchSize batch size of hyper steps and evaluation
 * @param lr learning rate of the general weights (and of everything for STN)
 * @param responseLr learning rate of the response parameters Θ (centered STN / Δ-STN)
 * @param momentum SGD momentum of the weight optimizers
 * @param hyperLr RMSprop learning rate of λ0
 * @param scaleLr RMSprop learning rate of the raw scales s
 * @param tau entropy weight τ
 * @param tuneScales whether σ is tuned (with the entropy term)
 * @param seed seed of every random stream of the run
 */
public record TrainConfig(Method method, int epochs, int warmupEpochs, int trainSteps, int validSteps, int maxCycles,
                          int batchSize, int validBatchSize, double lr, double responseLr, double momentum,
                          double hyperLr, double scaleLr, double tau, boolean tuneScales, long seed) {

    public TrainConfig {
        require(method != null, "method must be given");
        require(epochs >= 0, "epochs must be >= 0, got " + epochs);
        require(warmupEpochs >= 0, "warm-up epochs must be >= 0, got " + warmupEpochs);
        require(trainSteps >= 1, "train steps (T_train) must be >= 1, got " + trainSteps);
        require(validSteps >= 0, "valid steps (T_valid) must be >= 0, got " + validSteps);
        require(maxCycles >= 0, "max cycles must be >= 0, got " + maxCycles);
        require(batchSize >= 1 && validBatchSize >= 1, "batch sizes must be >= 1, got " + batchSize + " and " + validBatchSize);
        require(lr >= 0 && responseLr >= 0 && hyperLr >= 0 && scaleLr >= 0, "learning rates must be >= 0");
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(tau >= 0, "tau must be >= 0, got " + tau);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("TrainConfig: " + message);
        }
    }

    /** The reference MLP/MNIST settings for {@code method}, with {@code epochs} epochs. */
    public static TrainConfig defaults(Method method, int epochs) {
        return new TrainConfig(method, epochs, 5, 5, 1, 0, 128, 128, 0.01, 0.01, 0.9, 0.01, 0.01, 1e-3, true, 0);
    }

    public TrainConfig withMethod(Method m) {
        return new TrainConfig(m, epochs, warmupEpochs, trainSteps, validSteps, maxCycles, batchSize, validBatchSize,
                lr, responseLr, momentum, hyperLr, scaleLr, tau, tuneScales, seed);
    }

    public TrainConfig withSchedule(int epochs, int warmupEpochs, int trainSteps, int validSteps, int maxCycles) {
        return new TrainConfig(method, epochs, warmupEpochs, trainSteps, validSteps, maxCycles, batchSize, validBatchSize,
                lr, responseLr, momentum, hyperLr, scaleLr, tau, tuneScales, seed);
    }

    public TrainConfig withBatchSizes(int batch, int validBatch) {
        return new TrainConfig(method, epochs, warmupEpochs, trainSteps, validSteps, maxCycles, batch, validBatch,
                lr, responseLr, momentum, hyperLr, scaleLr, tau, tuneScales, seed);
    }

    public TrainConfig withLearningRates(double lr, double responseLr, double momentum, double hyperLr, double scaleLr) {
        return new TrainConfig(method, epochs, warmupEpochs, trainSteps, validSteps, maxCycles, batchSize, validBatchSize,
                lr, responseLr, momentum, hyperLr, scaleLr, tau, tuneScales, seed);
    }

    public TrainConfig withScales(boolean tune, double tau) {
        return new TrainConfig(method, epochs, warmupEpochs, trainSteps, validSteps, maxCycles, batchSize, validBatchSize,
                lr, responseLr, momentum, hyperLr, scaleLr, tau, tune, seed);
    }

    public TrainConfig withSeed(long seed) {
        return new TrainConfig(method, epochs, warmupEpochs, trainSteps, validSteps, maxCycles, batchSize, validBatchSize,
                lr, responseLr, momentum, hyperLr, scaleLr, tau, tuneScales, seed);
    }
}
