package io.github.deltastn.nn.optim;

import java.util.Arrays;

/**
 * PyTorch {@code MultiStepLR}: {@code lr(e) = base · γ^k} with {@code k} the number of milestones
 * {@code <= e}. The CIFAR-10 setting is milestones 60, 120, 180 and {@code γ = 0.2}.
 */
public final class MultiStepLr implements LrSchedule {
    private final double base;
    private final int[] milestones;
    private final double gamma;

    /** @param milestones epochs in non-decreasing order (a repeated milestone multiplies by γ twice) */
    public MultiStepLr(double base, int[] milestones, double gamma) {
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] < milestones[i - 1]) {
                throw new IllegalArgumentException("MultiStepLr: milestones must be non-decreasing, got "
                        + Arrays.toString(milestones));
            }
        }
        this.base = base;
        this.milestones = milestones.clone();
        this.gamma = gamma;
    }

    @Override
    public double lr(int epoch) {
        int k = 0;
        while (k < milestones.length && milestones[k] <= epoch) {
            k++;
        }
        return base * Math.pow(gamma, k);
    }
}
