package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.Map;

/**
 * A deterministic layer or composition of layers, in functional style: the module holds only its
 * configuration; parameters live in {@link Params}, created by {@link #init} and passed to
 * {@link #apply}. Stochastic regularisers (dropout) are functions with explicit masks, see
 * {@link Dropout}.
 */
public interface Module {

    /** Freshly initialised parameters, named {@code <layer name>.<parameter>}, in a fixed order. */
    Map<String, Tensor> init(Rng rng);

    /** The layer's output for input {@code x}, reading its parameters from {@code p}. */
    Var apply(Params p, Var x);
}
