/**
 * The paper's experiments as ready-made setups: model, hyperparameters, data splits and reference settings
 * ({@link io.github.deltastn.experiments.ExperimentSetup}) for MNIST and Fashion-MNIST
 * ({@link io.github.deltastn.experiments.ImageExperiments}) and the language model
 * ({@link io.github.deltastn.experiments.LanguageExperiments}), on the real data sets or on synthetic
 * stand-ins that need no download. The command line builds its runs from these.
 */
package io.github.deltastn.experiments;
