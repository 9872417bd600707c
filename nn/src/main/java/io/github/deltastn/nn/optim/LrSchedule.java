package io.github.deltastn.nn.optim;

/**
 * A learning rate as a function of the epoch (PyTorch's epoch-indexed schedulers, without their
 * hidden step counter): the caller sets {@code optimizer.setLr(schedule.lr(epoch))} when an epoch
 * starts, for every optimizer the schedule governs.
 */
@FunctionalInterface
public interface LrSchedule {
    /** The learning rate for epoch {@code epoch} (0-based). */
    double lr(int epoch);

    /** A constant learning rate. */
    static LrSchedule constant(double lr) {
        return epoch -> lr;
    }
}
