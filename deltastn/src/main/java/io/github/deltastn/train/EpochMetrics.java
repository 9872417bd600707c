package io.github.deltastn.train;

import io.github.deltastn.core.Tensor;
import java.io.Serializable;

/**
 * What a run reports at each epoch boundary (algorithm.md §10.7): losses are summed cross-entropy (or
 * squared error) over the split divided by its size; accuracies are NaN for regression and for splits
 * that are absent.
 *
 * @param epoch epochs completed
 * @param steps training steps taken so far
 * @param seconds wall-clock seconds since the run started
 * @param trainSeconds of {@code seconds}, those spent in training steps (w0 and Θ)
 * @param hyperSeconds of {@code seconds}, those spent in hyper steps
 * @param evalSeconds of {@code seconds}, those spent evaluating at epoch boundaries
 * @param trainLoss running mean of the training-step losses of this epoch (at epoch 0 a full pass over the
 *     training set when asked for, else NaN)
 * @param validLoss NaN at epoch boundaries that are not evaluated ({@link Trainer#setEvaluation})
 * @param hyper current constrained hyperparameter values {@code [h]}
 * @param sigma current perturbation scales {@code [h]}
 */
public record EpochMetrics(int epoch, long steps, double seconds, double trainSeconds, double hyperSeconds,
                           double evalSeconds, double trainLoss, double validLoss,
                           double validAccuracy, double testLoss, double testAccuracy, Tensor hyper, Tensor sigma)
        implements Serializable {}
