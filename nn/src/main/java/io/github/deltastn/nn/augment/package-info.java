/**
 * Image augmentation on batches {@code [B, C, H, W]} with per-example parameters, reproducing the reference
 * code of Self-Tuning Networks (algorithm.md §9): {@link io.github.deltastn.nn.augment.Cutout},
 * {@link io.github.deltastn.nn.augment.HorizontalFlip} and per-channel
 * {@link io.github.deltastn.nn.augment.Normalize}. Inputs are never modified; random decisions come from an
 * explicit {@link io.github.deltastn.core.Rng}, in a documented order.
 */
package io.github.deltastn.nn.augment;
