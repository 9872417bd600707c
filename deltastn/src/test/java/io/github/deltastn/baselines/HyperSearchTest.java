package io.github.deltastn.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.baselines.SearchSpace.Dimension;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.train.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperSearchTest {
    static final SearchSpace SPACE = SearchSpace.of(Dimension.linear("a", 0, 1), Dimension.integer("k", 0, 3));

    /** A fake clock advanced by the objective: every trial takes exactly {@code seconds}. */
    static final class Clock {
        long nanos;

        Objective objective(double seconds) {
            return (trial, v) -> {
                nanos += (long) (seconds * 1e9);
                return Evaluation.of(v[0] + v[1], Double.NaN, seconds);
            };
        }
    }

    @Test
    void timeBudgetStopsBeforeTheNextTrialAndMayOverrunByOne() {
        Clock c = new Clock();
        SearchResult r = new HyperSearch(SPACE, c.objective(10), new RandomSearch()).withClock(() -> c.nanos)
                .run(Budget.seconds(35), new Rng(1));
        assertEquals(4, r.trials().size());
        assertEquals(Budget.Stop.TIME, r.stop());
        assertEquals(40, r.seconds(), 1e-9);
        for (int i = 0; i < 4; i++) {
            Trial t = r.trials().get(i);
            assertEquals(10.0 * i, t.startSeconds(), 1e-9);
            assertEquals(10.0 * (i + 1), t.endSeconds(), 1e-9);
            assertEquals(10, t.seconds(), 1e-9);
        }
    }

    @Test
    void whicheverBudgetComesFirst() {
        Clock c = new Clock();
        SearchResult r = new HyperSearch(SPACE, c.objective(10), new RandomSearch()).withClock(() -> c.nanos)
                .run(Budget.of(3, 1000), new Rng(1));
        assertEquals(3, r.trials().size());
        assertEquals(Budget.Stop.MAX_TRIALS, r.stop());
        Clock d = new Clock();
        SearchResult s = new HyperSearch(SPACE, d.objective(10), new RandomSearch()).withClock(() -> d.nanos)
                .run(Budget.of(30, 15), new Rng(1));
        assertEquals(2, s.trials().size());
        assertEquals(Budget.Stop.TIME, s.stop());
    }

    @Test
    void trialsKeepValuesLossesTimesAndTheBestSoFar() {
        List<Integer> started = new ArrayList<>();
        List<Integer> snapshots = new ArrayList<>();
        HyperSearch.Listener l = new HyperSearch.Listener() {
            @Override
            public void onTrialStart(int index, double[] values) {
                started.add(index);
            }

            @Override
            public void onTrial(Trial trial, SearchResult soFar) {
                snapshots.add(soFar.trials().size());
                assertNull(soFar.stop());
            }
        };
        SearchResult r = new HyperSearch(SPACE, Objective.of(v -> Math.pow(v[0] - 0.3, 2) + v[1]), new RandomSearch())
                .withListener(l).run(Budget.trials(25), new Rng(7));
        assertEquals("random", r.strategy());
        assertEquals(Criterion.FINAL_VALIDATION, r.criterion());
        assertEquals(25, r.trials().size());
        assertEquals(25, started.size());
        assertEquals(List.of(1, 2, 3), snapshots.subList(0, 3));
        double best = Double.POSITIVE_INFINITY;
        double prevEnd = 0;
        for (int i = 0; i < r.trials().size(); i++) {
            Trial t = r.trials().get(i);
            assertEquals(i, t.index());
            assertTrue(SPACE.contains(t.values()));
            assertEquals(Math.pow(t.values()[0] - 0.3, 2) + t.values()[1], t.target(), 1e-15);
            best = Math.min(best, t.target());
            assertEquals(best, t.bestSoFar(), 0.0);
            assertTrue(t.startSeconds() >= prevEnd && t.endSeconds() >= t.startSeconds());
            prevEnd = t.endSeconds();
        }
        assertEquals(best, r.best().orElseThrow().target(), 0.0);
        List<SearchResult.CurvePoint> curve = r.bestTargetCurve();
        assertEquals(25, curve.size());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).value() <= curve.get(i - 1).value());
            assertTrue(curve.get(i).seconds() >= curve.get(i - 1).seconds());
        }
        // the values handed out are copies
        double[] v = r.trials().get(0).values();
        v[0] = 99;
        assertTrue(r.trials().get(0).values()[0] <= 1);
    }

    static EpochMetrics epoch(int e, double seconds, double valid) {
        return new EpochMetrics(e, 10L * e, seconds, seconds, 0, 0, Double.NaN, valid, Double.NaN, valid + 0.01, Double.NaN,
                Tensor.zeros(2), Tensor.zeros(2));
    }

    @Test
    void criterionAndPerEpochCurve() {
        List<List<EpochMetrics>> histories = List.of(
                List.of(epoch(0, 0.0, 5.0), epoch(1, 1.0, 2.0), epoch(2, 2.0, 1.5), epoch(3, 3.0, 1.8)),
                List.of(epoch(0, 0.0, 5.0), epoch(1, 1.0, 1.7), epoch(2, 2.0, 1.2), epoch(3, 3.0, 1.3)));
        Clock c = new Clock();
        Objective o = (trial, v) -> {
            c.nanos += 3_000_000_000L;
            return Evaluation.fromHistory(histories.get(trial), 3.0);
        };
        HyperSearch search = new HyperSearch(SPACE, o, new RandomSearch()).withClock(() -> c.nanos);
        SearchResult fin = search.run(Budget.trials(2), new Rng(1));
        assertEquals(1.8, fin.trials().get(0).target(), 0.0);
        assertEquals(1.3, fin.best().orElseThrow().target(), 0.0);
        assertEquals(1.2, fin.best().orElseThrow().evaluation().bestValidLoss(), 0.0);
        assertEquals(1.21, fin.best().orElseThrow().evaluation().testLossAtBest(), 1e-12);
        assertEquals(1.31, fin.best().orElseThrow().evaluation().testLoss(), 1e-12);
        c.nanos = 0;
        SearchResult best = search.withCriterion(Criterion.BEST_VALIDATION).run(Budget.trials(2), new Rng(1));
        assertEquals(1.5, best.trials().get(0).target(), 0.0);
        assertEquals(1.2, best.best().orElseThrow().target(), 0.0);
        // epoch 0 is left out; the second trial's epochs sit at 3 s + their own time
        List<SearchResult.CurvePoint> curve = best.bestValidationCurve();
        double[][] expected = {{1, 2.0}, {2, 1.5}, {3, 1.5}, {4, 1.5}, {5, 1.2}, {6, 1.2}};
        assertEquals(expected.length, curve.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], curve.get(i).seconds(), 1e-9);
            assertEquals(expected[i][1], curve.get(i).value(), 0.0);
        }
        assertEquals(Criterion.BEST_VALIDATION, Criterion.parse("best"));
        assertEquals(Criterion.FINAL_VALIDATION, Criterion.parse("final-validation"));
        assertThrows(IllegalArgumentException.class, () -> Criterion.parse("median"));
    }

    @Test
    void failedTrialsAreKeptButNeverBest() {
        Objective o = (trial, v) -> trial % 2 == 0
                ? Evaluation.failed("diverged at step 3", 0.1, List.of())
                : Evaluation.of(10 - trial, Double.NaN, 0.1);
        SearchResult r = new HyperSearch(SPACE, o, new RandomSearch()).run(Budget.trials(6), new Rng(1));
        assertEquals(3, r.failures());
        Trial first = r.trials().get(0);
        assertTrue(first.failed());
        assertEquals("diverged at step 3", first.failure());
        assertTrue(Double.isNaN(first.target()) && Double.isNaN(first.bestSoFar()));
        assertEquals(5, r.best().orElseThrow().index());
        assertEquals(9.0, r.trials().get(2).bestSoFar(), 0.0);
        assertEquals(5, r.bestTargetCurve().size());
    }

    @Test
    void badInputIsRejectedClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Budget.trials(0)).getMessage().contains(">= 1"));
        assertThrows(IllegalArgumentException.class, () -> Budget.seconds(0));
        assertThrows(IllegalArgumentException.class, () -> Budget.seconds(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Budget(Integer.MAX_VALUE, Double.POSITIVE_INFINITY));
        Objective ok = Objective.of(v -> v[0]);
        Strategy outside = new Strategy() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public double[] propose(SearchSpace space, List<Trial> completed, Rng rng) {
                return new double[] {2.0, 1};
            }
        };
        String m = assertThrows(IllegalStateException.class,
                () -> new HyperSearch(SPACE, ok, outside).run(Budget.trials(2), new Rng(1))).getMessage();
        assertTrue(m.contains("broken") && m.contains("outside"), m);
        assertThrows(IllegalStateException.class,
                () -> new HyperSearch(SPACE, (t, v) -> null, new RandomSearch()).run(Budget.trials(2), new Rng(1)));
        Objective picky = new Objective() {
            @Override
            public Evaluation evaluate(int trial, double[] values) {
                throw new AssertionError("must not be called");
            }

            @Override
            public void validate(SearchSpace space) {
                throw new IllegalArgumentException("wrong space");
            }
        };
        assertThrows(IllegalArgumentException.class, () -> new HyperSearch(SPACE, picky, new RandomSearch()).run(Budget.trials(2), new Rng(1)));
        assertThrows(NullPointerException.class, () -> new HyperSearch(null, ok, new RandomSearch()));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.fromHistory(List.of(), 1));
    }
}
