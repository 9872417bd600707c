package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
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

    /**
     * The dtype of the parameters {@link #init} creates (and so of the inputs {@link #apply} expects);
     * {@link DType#FLOAT64} unless the module was built for another.
     */
    default DType dtype() {
        return DType.FLOAT64;
    }

    /** Freshly initialised parameters, named {@code <layer name>.<parameter>}, in a fixed order. */
    Map<String, Tensor> init(Rng rng);

    /** The layer's output for input {@code x}, reading its parameters from {@code p}. */
    Var apply(Params p, Var x);
}
