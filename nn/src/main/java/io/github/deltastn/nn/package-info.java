/**
 * Functional neural-network layers: a {@link io.github.deltastn.nn.Module} holds only its configuration,
 * its parameters live in {@link io.github.deltastn.nn.Params} (an ordered name → {@code Var} map), as with
 * JAX or {@code torch.func.functional_call}.
 *
 * <p>Entry points: {@code Module.init(rng)} gives the initial tensors, {@code Params.of} makes them trainable,
 * {@code module.apply(params, x)} runs the layer and {@link io.github.deltastn.nn.Params#grad} returns
 * {@code ∂loss/∂p} by name for an optimizer ({@code nn.optim}). Layers: {@link io.github.deltastn.nn.Linear},
 * {@link io.github.deltastn.nn.Conv2d}, {@link io.github.deltastn.nn.Lstm}, {@link io.github.deltastn.nn.Embedding},
 * {@link io.github.deltastn.nn.Layers} (activations, pooling, {@code sequential}); per-example
 * {@link io.github.deltastn.nn.Dropout} masks and concrete (relaxed, rate-differentiable) dropout;
 * {@link io.github.deltastn.nn.Losses}; {@link io.github.deltastn.nn.Init}.
 *
 * <p>Conventions: PyTorch layouts, parameter names ({@code <layer>.weight}, {@code <layer>.bias}) and default
 * initialisations; {@code y = x·Wᵀ + b} for a linear layer; images NCHW, sequences time-first {@code [T, B, F]}.
 * Randomness (masks, initialisation) comes from an explicit {@link io.github.deltastn.core.Rng}.
 */
package io.github.deltastn.nn;
