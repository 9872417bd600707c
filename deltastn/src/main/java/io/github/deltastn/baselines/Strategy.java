package io.github.deltastn.baselines;

import io.github.deltastn.core.Rng;
import java.util.List;
import java.util.Locale;

/** How a search picks the next point from the trials so far ({@link RandomSearch}, {@link BayesianOptimization}). */
public interface Strategy {

    /** Short name, as on the command line: {@code random}, {@code bo}. */
    String id();

    /**
     * The natural values {@code [h]} of the next trial, a point of {@code space}.
     *
     * @param completed the trials so far, in order (failed ones included)
     * @param rng this proposal's own random stream
     */
    double[] propose(SearchSpace space, List<Trial> completed, Rng rng);

    /**
     * The next point when the trials at {@code pending} (natural values, proposed earlier in the same batch) are
     * running and their results not yet known: a batch for parallel workers. The default ignores them (right for
     * {@link RandomSearch}, whose draws are independent); {@link BayesianOptimization} spreads the batch out.
     * With no pending point this is {@link #propose(SearchSpace, List, Rng)}.
     */
    default double[] propose(SearchSpace space, List<Trial> completed, List<double[]> pending, Rng rng) {
        return propose(space, completed, rng);
    }

    /** {@code random} → {@link RandomSearch}; {@code bo} → {@link BayesianOptimization} with default settings. */
    static Strategy parse(String id) {
        switch (id.trim().toLowerCase(Locale.ROOT)) {
            case "random":
            case "rs":
                return new RandomSearch();
            case "bo":
            case "bayes":
                return new BayesianOptimization();
            default:
                throw new IllegalArgumentException("unknown search strategy '" + id + "', expected random or bo");
        }
    }
}
