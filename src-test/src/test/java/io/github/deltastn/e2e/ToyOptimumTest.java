package io.github.deltastn.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.train.Method;
import org.junit.jupiter.api.Test;

/**
 * End to end against exact answers (paper Fig. 3): tuned online in one run, Δ-STN lands on the exact
 * optimum λ* of the bilevel problem (computed with EJML) for weight decay and for input dropout, while
 * the uncentered STN drifts away on weight decay — the pathology of paper §3.1 (its raw hyper input
 * λ0 ≈ ln 0.01 ≈ −4.6 is far from zero).
 */
class ToyOptimumTest {
    static final RegressionData DATA = SyntheticRegression.defaultData();

    static Outcome run(Problem p, Method m) {
        return ToyExperiment.run(DATA, ToyExperiment.Settings.defaults(p, m), point -> {});
    }

    static double logDistance(Outcome o) {
        return Math.abs(Math.log(o.finalValue()) - Math.log(o.exactOptimum()));
    }

    @Test
    void deltaStnFindsTheOptimalWeightDecay() {
        Outcome o = run(Problem.RIDGE, Method.DELTA);
        assertTrue(o.relativeRegret() <= 0.01 && logDistance(o) <= 0.25, o.summaryLine());
    }

    @Test
    void deltaStnFindsTheOptimalDropoutRate() {
        Outcome o = run(Problem.DROPOUT, Method.DELTA);
        assertTrue(o.relativeRegret() <= 0.01 && logDistance(o) <= 0.25, o.summaryLine());
    }

    @Test
    void centeredStnFindsTheOptimalWeightDecay() {
        Outcome o = run(Problem.RIDGE, Method.CENTERED);
        assertTrue(o.relativeRegret() <= 0.01 && logDistance(o) <= 0.25, o.summaryLine());
    }

    @Test
    void uncenteredStnDriftsAwayOnWeightDecay() {
        Outcome stn = run(Problem.RIDGE, Method.STN);
        Outcome delta = run(Problem.RIDGE, Method.DELTA);
        assertTrue(logDistance(stn) > 1.0 && stn.relativeRegret() > 10 * Math.max(delta.relativeRegret(), 1e-4),
                "expected the STN to end far from λ*: " + stn.summaryLine() + " vs " + delta.summaryLine());
    }
}
