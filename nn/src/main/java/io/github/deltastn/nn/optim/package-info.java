/**
 * Optimizers and learning-rate schedules with PyTorch semantics, in the optax style:
 * {@link io.github.deltastn.nn.optim.Optimizer#step} takes the parameters and their gradients as ordered
 * name → tensor maps (e.g. from {@link io.github.deltastn.nn.Params#grad}) and returns new tensors; the state
 * is kept by parameter name and exported exactly ({@link io.github.deltastn.nn.optim.OptimizerState}).
 * A caller that owns its parameter arrays can opt in to
 * {@link io.github.deltastn.nn.optim.Optimizer#stepInPlace}, the same update written over them.
 *
 * <p>Entry points: {@link io.github.deltastn.nn.optim.Sgd} (heavy-ball momentum),
 * {@link io.github.deltastn.nn.optim.RmsProp}, {@link io.github.deltastn.nn.optim.Adam}; coupled L2 weight
 * decay {@code g ← g + wd·p}; schedules {@link io.github.deltastn.nn.optim.StepLr},
 * {@link io.github.deltastn.nn.optim.MultiStepLr} and AWD-LSTM's {@link io.github.deltastn.nn.optim.StallDecay}.
 * Each class comment states its update rule.
 */
package io.github.deltastn.nn.optim;
