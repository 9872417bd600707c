package io.github.deltastn.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.baselines.SearchSpace.Dimension;
import io.github.deltastn.core.Rng;
import io.github.deltastn.engine.Engine;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches of trials on an engine: the same search whatever the engine and the order in which trials finish. */
class BatchedSearchTest {
    static final SearchSpace SPACE = SearchSpace.of(Dimension.log("lr", 1e-3, 1), Dimension.linear("p", 0, 1));

    /** A smooth bowl with its minimum inside the box; Serializable so that any engine may ship it. */
    static final Objective BOWL = (Objective & Serializable) (trial, v) -> {
        double a = Math.log10(v[0]) + 1.5;
        double b = v[1] - 0.3;
        return Evaluation.of(1 + a * a + 4 * b * b, Double.NaN, 0);
    };

    /**
     * A stand-in for a cluster: runs the batch in this JVM but reports the results in reverse order, and reports
     * the inputs listed in {@code lost} as failed (as an engine does after its retries).
     */
    static final class ReversedEngine implements Engine {
        final List<Integer> lost = new ArrayList<>();
        int calls;

        @Override
        public String id() {
            return "reversed";
        }

        @Override
        public int parallelism() {
            return 3;
        }

        @Override
        public <T extends Serializable, R extends Serializable> void map(List<T> inputs, Task<T, R> task, Results<R> results) {
            calls++;
            for (int i = inputs.size() - 1; i >= 0; i--) {
                if (lost.contains(((HyperSearch.TrialInput) inputs.get(i)).index())) {
                    results.accept(i, null, new IllegalStateException("worker lost"));
                    continue;
                }
                try {
                    results.accept(i, task.apply(inputs.get(i)), null);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void close() {}
    }

    static SearchResult search(Strategy s, int batch, Engine engine, int trials, long seed) {
        return new HyperSearch(SPACE, BOWL, s).withEngine(engine).withBatch(batch).run(Budget.trials(trials), new Rng(seed));
    }

    static void assertSameTrials(SearchResult expected, SearchResult actual) {
        assertEquals(expected.trials().size(), actual.trials().size());
        for (int i = 0; i < expected.trials().size(); i++) {
            Trial e = expected.trials().get(i);
            Trial a = actual.trials().get(i);
            assertEquals(e.index(), a.index());
            assertArrayEquals(e.values(), a.values(), "trial " + i);
            assertEquals(e.target(), a.target(), 0.0, "trial " + i);
            assertEquals(e.bestSoFar(), a.bestSoFar(), 0.0, "trial " + i);
        }
    }

    @Test
    void batchOfOneOnTheLocalEngineIsTheSequentialSearch() {
        for (Strategy s : List.of(new RandomSearch(), new BayesianOptimization())) {
            SearchResult sequential = new HyperSearch(SPACE, BOWL, s).run(Budget.trials(8), new Rng(5));
            assertSameTrials(sequential, search(s, 1, Engine.local(), 8, 5));
        }
    }

    @Test
    void randomSearchProposesTheSameTrialsForEveryBatchSize() {
        SearchResult one = search(new RandomSearch(), 1, Engine.local(), 10, 7);
        for (int q : new int[] {2, 3, 4, 10, 20}) {
            assertSameTrials(one, search(new RandomSearch(), q, new ReversedEngine(), 10, 7));
        }
    }

    @Test
    void batchedBayesianOptimisationDependsOnTheSeedAndBatchSizeOnly() {
        SearchResult local = search(new BayesianOptimization(), 3, Engine.local(), 12, 3);
        ReversedEngine reversed = new ReversedEngine();
        assertSameTrials(local, search(new BayesianOptimization(), 3, reversed, 12, 3));
        assertEquals(4, reversed.calls, "12 trials in batches of 3");
        // once the GP takes over, the kriging believer spreads a batch: no two points of a batch coincide
        for (int b = 1; b < 4; b++) {
            for (int i = 3 * b; i < 3 * b + 3; i++) {
                for (int j = i + 1; j < 3 * b + 3; j++) {
                    assertFalse(java.util.Arrays.equals(local.trials().get(i).values(), local.trials().get(j).values()),
                            "trials " + i + " and " + j + " of one batch");
                }
            }
        }
        assertTrue(local.best().orElseThrow().target() < 1.05, "the search finds the bowl's floor 1: " + local.best());
    }

    @Test
    void aPendingPointLowersTheBelievedVarianceAndMovesTheNextProposal() {
        BayesianOptimization bo = new BayesianOptimization();
        SearchResult first = search(new RandomSearch(), 1, Engine.local(), 6, 11);
        List<Trial> done = first.trials();
        var s = bo.surrogate(SPACE, done, new Rng(1));
        double[] pending = bo.propose(SPACE, done, new Rng(2));
        var believed = bo.believe(SPACE, s, List.of(pending));
        double[] u = SPACE.toUnit(pending);
        assertTrue(believed.gp().predict(u).sd() < 0.2 * s.gp().predict(u).sd(),
                "variance at the pending point collapses to the noise");
        assertEquals(s.gp().predict(u).mean(), believed.gp().predict(u).mean(), 1e-3 * Math.abs(s.gp().predict(u).mean()),
                "the believer keeps the posterior mean");
        assertNotEquals(List.of(pending[0], pending[1]),
                List.of(bo.propose(SPACE, done, List.of(pending), new Rng(2))[0],
                        bo.propose(SPACE, done, List.of(pending), new Rng(2))[1]),
                "with the point pending, the same random stream proposes elsewhere");
    }

    @Test
    void aTrialTheEngineCouldNotRunIsAFailedTrialAndTheSearchGoesOn() {
        ReversedEngine engine = new ReversedEngine();
        engine.lost.add(4);
        SearchResult r = search(new RandomSearch(), 3, engine, 9, 2);
        assertEquals(9, r.trials().size());
        assertTrue(r.trials().get(4).failed());
        assertEquals("reversed: worker lost", r.trials().get(4).failure());
        assertEquals(1, r.failures());
        SearchResult clean = search(new RandomSearch(), 3, Engine.local(), 9, 2);
        assertArrayEquals(clean.trials().get(8).values(), r.trials().get(8).values());
    }

    @Test
    void resumingInsideABatchRunsOnlyItsMissingTrials() {
        SearchResult whole = search(new BayesianOptimization(), 3, Engine.local(), 9, 4);
        // interrupted in the second batch after trials 3 and 5 finished (trial 4 was running)
        List<Trial> recorded = new ArrayList<>(whole.trials().subList(0, 4));
        recorded.add(whole.trials().get(5));
        List<Integer> ran = new ArrayList<>();
        Objective counting = (Objective & Serializable) (trial, v) -> {
            ran.add(trial);
            return BOWL.evaluate(trial, v);
        };
        SearchResult resumed = new HyperSearch(SPACE, counting, new BayesianOptimization()).withBatch(3)
                .run(Budget.trials(9), new Rng(4), recorded);
        assertSameTrials(whole, resumed);
        assertEquals(List.of(4, 6, 7, 8), ran);
        List<Trial> other = new ArrayList<>(whole.trials().subList(0, 4));
        assertThrows(HyperSearch.ResumeMismatchException.class, () -> new HyperSearch(SPACE, BOWL, new BayesianOptimization())
                .withBatch(2).run(Budget.trials(9), new Rng(4), other), "another batch size proposes other points");
    }

    @Test
    void anEngineThatShipsTheObjectiveNeedsASerializableOne() {
        Objective plain = (trial, v) -> Evaluation.of(v[0], Double.NaN, 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new HyperSearch(SPACE, plain, new RandomSearch()).withEngine(new ReversedEngine()));
        assertTrue(e.getMessage().contains("not Serializable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HyperSearch(SPACE, BOWL, new RandomSearch()).withBatch(0));
    }
}
