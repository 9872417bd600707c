/**
 * Image augmentation on batches {@code [B, C, H, W]} with per-example parameters, reproducing the reference
 * code of Self-Tuning Networks (algorithm.md §9): {@link io.github.deltastn.nn.augment.Cutout},
 * {@link io.github.deltastn.nn.augment.HorizontalFlip} and per-channel
 * {@link io.github.deltastn.nn.augment.Normalize}; and the other tunable augmentations of the CIFAR-10 nets
 * (the paper's Table 1), {@link io.github.deltastn.nn.augment.ColorJitter} (brightness, contrast, saturation,
 * hue) and {@link io.github.deltastn.nn.augment.RandomAffine} (rotation, translation, scale, shear). Inputs are
 * never modified; random decisions come from an explicit {@link io.github.deltastn.core.Rng}, in a documented
 * order, and a strength of 0 draws nothing.
 */
package io.github.deltastn.nn.augment;
