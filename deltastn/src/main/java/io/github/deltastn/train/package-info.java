/**
 * Tuning runs: the methods, the loop that runs them, and what a run records (algorithm.md §4.4, §6, §7;
 * a walk-through in docs/tuning-your-model.md).
 *
 * <ul>
 *   <li>{@link io.github.deltastn.train.HyperModel} — what a tunable model provides: its structured and
 *       ordinary parameters, {@code predict(p, x, z, hyper, training, rng)} driven by the hyper input
 *       {@code z [B, h]}, its loss, penalties and augmentation.</li>
 *   <li>{@link io.github.deltastn.train.TuningMethod} — STN, centered STN, Δ-STN and plain training as four
 *       types, each owning its training step and hyper objective, written against
 *       {@link io.github.deltastn.train.StepContext}; {@link io.github.deltastn.train.Method} names them. The
 *       gradient-based methods IFT and unrolling ({@link io.github.deltastn.train.TuningMethod.GradientBased})
 *       take their hypergradients from {@link io.github.deltastn.train.Hypergradients}.</li>
 *   <li>{@link io.github.deltastn.train.Trainer} — the loop (warm-up, cycles of T_train training steps and
 *       T_valid hyper steps, evaluation at epoch boundaries), checkpoints and resume;
 *       {@link io.github.deltastn.train.TrainingListener} hears its progress.</li>
 *   <li>{@link io.github.deltastn.train.TrainConfig} — the settings, built with a builder.</li>
 *   <li>{@link io.github.deltastn.train.EpochMetrics} and {@link io.github.deltastn.train.RunFiles} — the
 *       trajectory, and the {@code metrics.csv} / {@code summary.json} files the command line writes.</li>
 * </ul>
 */
package io.github.deltastn.train;
