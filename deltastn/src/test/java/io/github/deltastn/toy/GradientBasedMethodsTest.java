package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Point;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Method#IFT} and {@link Method#UNROLL} in the trainer, on the toy problems: the hypergradient they follow
 * against the exact one of the closed form, and where they end against λ*.
 */
class GradientBasedMethodsTest {
    static final RegressionData DATA = SyntheticRegression.defaultData();

    static List<Point> run(Problem problem, Method method, long seed, int terms, List<Outcome> outcomes) {
        List<Point> points = new ArrayList<>();
        Settings s = Settings.defaults(problem, method).withSeed(seed).withHyperTerms(terms);
        outcomes.add(ToyExperiment.run(DATA, s, points::add));
        return points;
    }

    /**
     * On ridge, where full-batch SGD brings w0 to w*(c) (on dropout the sampled masks keep w0 noisy, so the
     * hypergradient at w0 is too).
     */
    @Test
    void iftFollowsTheExactHypergradientOnceTheWeightsHaveConverged() {
        for (Problem problem : List.of(Problem.RIDGE)) {
            List<Outcome> outcomes = new ArrayList<>();
            List<Point> points = run(problem, Method.IFT, 0, 20, outcomes);
            int compared = 0;
            for (Point p : points) {
                if (p.weightError() < 1e-3 && Math.abs(p.exactHypergradient()) > 1e-3) {
                    assertEquals(p.exactHypergradient(), p.hypergradient(), 0.05 * Math.abs(p.exactHypergradient()),
                            problem + " cycle " + p.cycle());
                    compared++;
                }
            }
            assertTrue(compared >= 20, problem + ": only " + compared + " cycles with converged weights");
            assertTrue(outcomes.get(0).withinBounds(), outcomes.get(0).summaryLine());
        }
    }

    @Test
    void bothMethodsEndNearTheOptimumOnSeveralSeeds() {
        for (Problem problem : List.of(Problem.RIDGE, Problem.DROPOUT)) {
            for (Method m : List.of(Method.IFT, Method.UNROLL)) {
                List<Outcome> outcomes = new ArrayList<>();
                for (long seed = 1; seed <= 2; seed++) {
                    run(problem, m, seed, 10, outcomes);
                }
                for (Outcome o : outcomes) {
                    assertTrue(o.withinBounds(), o.summaryLine());
                }
            }
        }
    }

    @Test
    void truncationBiasShrinksTheUnrolledHypergradient() {
        // through K = 10 steps at rate 0.01 the weights respond to c only a little: the unrolled hypergradient is a
        // small fraction of the exact one early on, and grows with K
        List<Outcome> o = new ArrayList<>();
        double[] ratio = new double[2];
        int[] ks = {5, 40};
        for (int i = 0; i < 2; i++) {
            Point p = run(Problem.RIDGE, Method.UNROLL, 0, ks[i], o).get(9);
            ratio[i] = p.hypergradient() / p.exactHypergradient();
            assertTrue(ratio[i] > 0 && ratio[i] < 1, "K = " + ks[i] + ": ratio " + ratio[i]);
        }
        assertTrue(ratio[1] > 3 * ratio[0], "K = 40 against K = 5: " + ratio[1] + " vs " + ratio[0]);
    }
}
