package io.github.deltastn.baselines;

import io.github.deltastn.core.Rng;
import java.util.List;

/**
 * Random search (Bergstra &amp; Bengio 2012): every trial is an independent draw, uniform in each
 * dimension's search coordinate ({@link SearchSpace#sample}); the past trials are ignored.
 */
public final class RandomSearch implements Strategy {

    @Override
    public String id() {
        return "random";
    }

    @Override
    public double[] propose(SearchSpace space, List<Trial> completed, Rng rng) {
        return space.sample(rng);
    }
}
