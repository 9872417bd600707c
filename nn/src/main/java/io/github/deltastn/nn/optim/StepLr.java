package io.github.deltastn.nn.optim;

/** PyTorch {@code StepLR}: {@code lr(e) = base · γ^floor(e / stepSize)}. */
public final class StepLr implements LrSchedule {
    private final double base;
    private final int stepSize;
    private final double gamma;

    /** {@code base · γ^floor(e / stepSize)}; {@code stepSize} must be positive. */
    public StepLr(double base, int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLr: stepSize must be positive, got " + stepSize);
        }
        this.base = base;
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double lr(int epoch) {
        return base * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }
}
