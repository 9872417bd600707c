/**
 * The paper's tunable networks as {@link io.github.deltastn.train.HyperModel}s (algorithm.md §10): the MNIST
 * MLP with tuned dropouts ({@link io.github.deltastn.models.MlpModel}), the Fashion-MNIST SimpleCNN with
 * tuned dropouts and cutout ({@link io.github.deltastn.models.SimpleCnnModel}), and the LSTM language model
 * with tuned dropouts, DropConnect and activation regularisation
 * ({@link io.github.deltastn.models.LanguageModel}). Each states its hyperparameters in registration order,
 * which is the column order of the hyper input z.
 */
package io.github.deltastn.models;
