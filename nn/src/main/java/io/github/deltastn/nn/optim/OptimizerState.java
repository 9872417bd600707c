package io.github.deltastn.nn.optim;

import io.github.deltastn.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an {@link Optimizer} needs to continue exactly: the per-parameter slot tensors, named
 * {@code "<slot>/<parameter>"} (e.g. {@code "momentum_buffer/fc1.weight"}, PyTorch's slot names), the
 * number of steps taken and the current learning rate. The tensors are never modified afterwards.
 */
public record OptimizerState(Map<String, Tensor> tensors, long steps, double lr) {
    /** Copies {@code tensors}, keeping their order. */
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
