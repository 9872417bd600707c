package io.github.deltastn.train;

import io.github.deltastn.core.Tensor;

/**
 * What a run reports at each epoch boundary (ALGORITHM.md §10.7): losses are summed cross-entropy (or
 * squared error) over the split divided by its size; accuracies are NaN for regression and for splits
 * that are absent.
 *
 * @param epoch epochs completed
 * @param steps training steps taken so far
 * @param seconds wall-clock seconds since the run started
 * @param trainLoss running mean of the training-step losses of this epoch (a full pass at epoch 0)
 * @param hyper current constrained hyperparameter values {@code [h]}
 * @param sigma current perturbation scales {@code [h]}
 */
public record EpochMetrics(int epoch, long steps, double seconds, double trainLoss, double validLoss,
                           double validAccuracy, double testLoss, double testAccuracy, Tensor hyper, Tensor sigma) {}
