package io.github.deltastn.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.toy.LinearRegressionModel.Response;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.Robustness;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.Method;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the toy studies (paper Fig. 3; EXPERIMENTS.md, toy robustness), on the built-in
 * synthetic data only (the real data sets are not available to tests): with the default settings, Δ-STN lands
 * within 1 % validation-loss regret and 0.25 of the exact optimum in the unconstrained coordinate (ln c, the
 * logit of p) on at least 19 of 20 seeds — the study's criterion — for weight decay and input dropout, on the
 * data set and another draw of it, standardised and raw, wherever the study found it does; and where it found it
 * does not (input dropout on the second draw), the regret bound still holds on every seed. The full study over
 * real data sets is {@code scripts/toy-robustness.sh}.
 */
class ToyRobustnessTest {
    static final long[] SEEDS = LongStream.range(0, 20).toArray();
    /** The study's criterion: within both bounds on at least 19 of 20 seeds. */
    static final int REQUIRED = 19;

    /**
     * A second synthetic data set with raw features whose scales span 10⁻¹ to 10³ with offsets, as Boston's
     * ({@code nox} has standard deviation 0.12, {@code tax} 168).
     */
    static RegressionData rawScales() {
        RegressionData d = SyntheticRegression.generate(SyntheticRegression.Config.defaults().withStandardize(false),
                new Rng(SyntheticRegression.DEFAULT_SEED + 1));
        int f = d.features();
        double[] scale = new double[f];
        double[] shift = new double[f];
        for (int j = 0; j < f; j++) {
            scale[j] = Math.pow(10, j % 5 - 1);
            shift[j] = (j % 3) * 5 * scale[j];
        }
        return new RegressionData(rescale(d.xTrain(), scale, shift), d.yTrain(), rescale(d.xValid(), scale, shift),
                d.yValid());
    }

    private static Tensor rescale(Tensor x, double[] scale, double[] shift) {
        double[] v = x.data().clone();
        int d = scale.length;
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * scale[i % d] + shift[i % d];
        }
        return Tensor.wrap(v, x.shape());
    }

    /** {@code synthetic-K-std|raw}: draw K of the built-in data set, standardised or not, as the study's cases. */
    static RegressionData data(String name) {
        return switch (name) {
            case "synthetic-0-std", "synthetic-0-raw", "synthetic-1-std", "synthetic-1-raw" ->
                SyntheticRegression.generate(SyntheticRegression.Config.defaults().withStandardize(name.endsWith("std")),
                        new Rng(SyntheticRegression.DEFAULT_SEED + (name.startsWith("synthetic-1") ? 1 : 0)));
            case "raw-scales" -> rawScales();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static List<Outcome> runs(RegressionData data, Settings s) {
        return ToyExperiment.runSeeds(data, s, SEEDS, Runtime.getRuntime().availableProcessors(), o -> { });
    }

    static String describe(List<Outcome> outcomes) {
        return Robustness.of(outcomes).line() + "\n" + outcomes.stream().map(Outcome::summaryLine)
                .collect(Collectors.joining("\n"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"RIDGE, synthetic-0-std", "DROPOUT, synthetic-0-std", "RIDGE, synthetic-0-raw",
        "DROPOUT, synthetic-0-raw", "RIDGE, synthetic-1-std", "RIDGE, synthetic-1-raw"})
    void deltaStnLandsOnTheOptimum(Problem problem, String dataName) {
        List<Outcome> outcomes = runs(data(dataName), Settings.defaults(problem, Method.DELTA));
        Robustness r = Robustness.of(outcomes);
        assertTrue(r.within() >= REQUIRED, describe(outcomes));
    }

    /**
     * The case the study lists as still failing (EXPERIMENTS.md): on the second draw, input dropout ends beyond
     * 0.25 in logit on a few seeds — the learned secant response is biased by O(σ²) against a flat validation
     * loss — but the validation loss it reaches is within the regret bound on every seed.
     */
    @ParameterizedTest(name = "DROPOUT on {0}")
    @CsvSource({"synthetic-1-std", "synthetic-1-raw"})
    void whereDropoutMissesTheOptimumItsRegretStaysSmall(String dataName) {
        List<Outcome> outcomes = runs(data(dataName), Settings.defaults(Problem.DROPOUT, Method.DELTA));
        Robustness r = Robustness.of(outcomes);
        assertTrue(r.diverged() == 0 && r.worstRegret() <= ToyExperiment.REGRET_BOUND, describe(outcomes));
    }

    @Test
    void centeredStnCoincidesWithDeltaStnOnModelsLinearInTheWeights() {
        for (Problem problem : new Problem[] {Problem.RIDGE, Problem.DROPOUT}) {
            Settings s = Settings.defaults(problem, Method.DELTA).withCycles(300);
            Outcome delta = ToyExperiment.run(data("raw-scales"), s, p -> { });
            Outcome centered = ToyExperiment.run(data("raw-scales"), s.withMethod(Method.CENTERED), p -> { });
            assertEquals(delta.finalValue(), centered.finalValue(), 1e-12 * delta.finalValue(), problem.id());
        }
    }

    /**
     * The failure this suite guards against: with the structured response of the image nets, a one-output
     * regression head learns a random one-dimensional projection of the best-response Jacobian, and weight
     * decay slides the wrong way on some seeds.
     */
    @Test
    void theStructuredResponseFailsOnSomeSeedsWhereTheFullResponseDoesNot() {
        RegressionData data = data("synthetic-1-std");
        List<Outcome> structured = runs(data, Settings.defaults(Problem.RIDGE, Method.DELTA)
                .withResponse(Response.STRUCTURED));
        assertTrue(Robustness.of(structured).within() < SEEDS.length, describe(structured));
        assertTrue(structured.stream().anyMatch(o -> o.finalValue() < 0.1 * o.exactOptimum()), describe(structured));
    }
}
