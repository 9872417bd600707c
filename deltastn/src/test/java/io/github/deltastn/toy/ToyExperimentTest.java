package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.toy.LinearRegressionModel.Response;
import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Point;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToyExperimentTest {
    /** Raw synthetic data whose feature scales differ by up to 10⁵, as on real data sets. */
    static RegressionData rawWithScales() {
        RegressionData d = SyntheticRegression.generate(new SyntheticRegression.Config(30, 40, 0, 5, 0.4, 0.5, false),
                new Rng(21));
        double[] scale = {1e-2, 1, 30, 1e3, 0.5};
        double[] shift = {0, 5, -40, 2e3, 1};
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

    static Trainer trainer(RegressionData data, Settings s, HyperModel model) {
        Hyperparameters hp = new Hyperparameters();
        hp.register(ToyExperiment.hyperparameter(s.problem(), s.sigma()));
        Dataset train = Dataset.regression(data.xTrain(), data.yTrain());
        Dataset valid = Dataset.regression(data.xValid(), data.yValid());
        return new Trainer(model, hp, io.github.deltastn.train.TrainConfig.builder()
                .method(s.method()).epochs(1).batchSize(data.nTrain()).validBatchSize(data.nValid()).tuneScales(false)
                .tau(0).build(), train, valid, null);
    }

    /**
     * With w0 = w*(λ0) and Θ = the exact best-response Jacobian written into the full response of a model that
     * normalises raw inputs, the diagnostics report the exact answers, and the hyper step follows exactly the
     * closed-form hypergradient dL_V(w*(λ))/du.
     */
    @Test
    void withTheExactWeightsAndResponseTheHyperStepFollowsTheExactHypergradient() {
        RegressionData data = rawWithScales();
        Standardization inputs = Standardization.fit(data);
        double[] mu = inputs.featureMean();
        double[] sd = inputs.featureScale();
        int d = data.features();
        for (Problem problem : new Problem[] {Problem.RIDGE, Problem.DROPOUT}) {
            Settings s = Settings.defaults(problem, Method.DELTA);
            HyperModel model = ToyExperiment.model(data, s);
            Trainer t = trainer(data, s, model);
            ExactHyperProblem exact = ToyExperiment.exact(problem, data);
            double u = t.hyperparameters().lam0().data()[0];
            double value = t.hyperparameters().currentValues().data()[0];
            LinearWeights w = exact.solve(value);
            LinearWeights j = exact.responseAt(value, w);
            double dv = exact.constrainedDerivative(u);
            double[] wg = new double[d];
            double[] wr = new double[d];
            double bg = w.bias();
            double br = j.bias() * dv;
            for (int k = 0; k < d; k++) {
                wg[k] = w.w()[k] * sd[k];
                wr[k] = j.w()[k] * dv * sd[k];
                bg += mu[k] * w.w()[k];
                br += mu[k] * j.w()[k] * dv;
            }
            Map<String, Tensor> p = new LinkedHashMap<>(t.params());
            p.put("linear.W_g", Tensor.of(wg, 1, d));
            p.put("linear.b_g", Tensor.of(new double[] {bg}));
            p.put("linear.W_r", Tensor.of(wr, 1, d));
            p.put("linear.b_r", Tensor.of(new double[] {br}, 1, 1));
            t.setParams(p);

            ToyDiagnostics diagnostics = new ToyDiagnostics(exact, data, model, Method.DELTA);
            Point pt = diagnostics.point(0, t, Double.NaN, Double.NaN);
            double g = exact.validationLossDerivativeUnconstrained(u);
            assertEquals(1.0, pt.responseCosine(), 1e-10, problem.id());
            assertEquals(1.0, pt.responseRatio(), 1e-8, problem.id());
            assertTrue(pt.weightError() < 1e-10, problem.id() + ": " + pt.weightError());
            assertEquals(g, pt.exactHypergradient(), 1e-15 * Math.abs(g));
            assertEquals(g, pt.responseHypergradient(), 1e-8 * Math.abs(g), problem.id());

            t.hyperStep(new DataLoader(Dataset.regression(data.xValid(), data.yValid()), data.nValid(), false, null)
                    .next());
            assertEquals(g, t.lastHypergradient().data()[0], 1e-8 * Math.abs(g), problem.id() + ": the hyper step");
        }
    }

    /**
     * A plain-bug check of the hyper step: for random weights and responses, the gradient it follows is the
     * validation gradient at w0 along the learned response, ∂L_V/∂w(w0) · ∂w/∂u, for every model kind.
     */
    @Test
    void theHyperStepIsTheValidationGradientAlongTheLearnedResponse() {
        RegressionData data = rawWithScales();
        DataLoader.Batch vb = new DataLoader(Dataset.regression(data.xValid(), data.yValid()), data.nValid(), false, null)
                .next();
        for (Problem problem : Problem.values()) {
            for (Response response : Response.values()) {
                for (boolean normalize : new boolean[] {true, false}) {
                    Settings s = Settings.defaults(problem, Method.CENTERED).withResponse(response)
                            .withNormalizeInputs(normalize);
                    HyperModel model = ToyExperiment.model(data, s);
                    Trainer t = trainer(data, s, model);
                    Rng r = new Rng(31);
                    Map<String, Tensor> p = new LinkedHashMap<>(t.params());
                    for (String n : p.keySet()) {
                        if (model.isResponse(n)) {
                            p.put(n, Tensor.normal(r, 0, 0.3, p.get(n).shape()));
                        }
                    }
                    t.setParams(p);
                    t.hyperStep(vb);
                    ToyDiagnostics diagnostics = new ToyDiagnostics(ToyExperiment.exact(problem, data), data, model,
                            Method.CENTERED);
                    double expected = diagnostics.hypergradientOf(diagnostics.linearMap(t.params(), 0.0));
                    String what = problem.id() + ", " + response + (normalize ? ", normalised" : "");
                    assertEquals(expected, t.lastHypergradient().data()[0], 1e-9 * Math.abs(expected) + 1e-12, what);
                }
            }
        }
    }

    @Test
    void linearMapReadsTheRawUnitWeightsOfANormalisingModel() {
        RegressionData data = rawWithScales();
        Settings s = Settings.defaults(Problem.RIDGE, Method.DELTA);
        HyperModel model = ToyExperiment.model(data, s);
        Map<String, Tensor> params = model.init(new Rng(2));
        ToyDiagnostics.LinearMap m = new ToyDiagnostics(ToyExperiment.exact(Problem.RIDGE, data), data, model,
                Method.DELTA).linearMap(params, 0.0);
        Tensor x = data.xValid();
        Tensor y = model.predict(Params.constants(params), io.github.deltastn.autodiff.Var.constant(x),
                io.github.deltastn.autodiff.Var.constant(Tensor.zeros(data.nValid(), 1)), null, false, null).value();
        for (int i = 0; i < data.nValid(); i++) {
            double v = m.weights().bias();
            for (int k = 0; k < data.features(); k++) {
                v += m.weights().w()[k] * x.get(i, k);
            }
            assertEquals(y.data()[i], v, 1e-9 * (1 + Math.abs(v)));
        }
        for (double dw : m.response().w()) {
            assertEquals(0.0, dw, 0.0, "the response starts at zero");
        }
    }

    @Test
    void warmupComesBeforeTheFirstPointAndTheRatesDecayAtTheEnd() {
        Settings s = Settings.defaults(Problem.DROPOUT, Method.DELTA).withWarmup(3).withCycles(8).withDecay(0.5);
        assertEquals(1.0, s.lrFactorAt(0));
        assertEquals(1.0, s.lrFactorAt(3));
        assertEquals(1.0, s.lrFactorAt(4));
        assertEquals(0.5, s.lrFactorAt(6), 1e-15);
        assertEquals(0.25, s.lrFactorAt(7), 1e-15);
        Outcome o = ToyExperiment.run(SyntheticRegression.defaultData(), s, p -> { });
        List<Point> t = o.trajectory();
        assertEquals(9, t.size());
        assertEquals(0, t.get(0).cycle());
        assertEquals(30, t.get(0).steps(), "3 warm-up cycles of 10 steps before the first point");
        assertTrue(Double.isNaN(t.get(0).hypergradient()));
        assertEquals(110, t.get(8).steps());
        assertTrue(Double.isFinite(t.get(8).hypergradient()));
    }

    @Test
    void seedsRunAlikeOnAnyThreadCountAndADivergedRunIsRecorded() {
        RegressionData data = SyntheticRegression.defaultData();
        Settings s = Settings.defaults(Problem.RIDGE, Method.DELTA).withCycles(20);
        long[] seeds = {4, 1, 7};
        List<Long> seen = new ArrayList<>();
        List<Outcome> one = ToyExperiment.runSeeds(data, s, seeds, 1, o -> seen.add(o.seed()));
        List<Outcome> three = ToyExperiment.runSeeds(data, s, seeds, 3, o -> { });
        assertEquals(3, seen.size());
        for (int i = 0; i < seeds.length; i++) {
            assertEquals(seeds[i], one.get(i).seed());
            assertEquals(one.get(i).finalValue(), three.get(i).finalValue(), 0.0);
            assertNull(one.get(i).failure());
        }
        Outcome diverged = ToyExperiment.run(data, s.withLearningRates(50, 0.01), p -> { });
        assertNotNull(diverged.failure());
        assertTrue(diverged.failure().contains("non-finite loss"), diverged.failure());
        assertTrue(Double.isNaN(diverged.finalValue()) && !diverged.withinBounds());
        Robustness r = Robustness.of(List.of(one.get(0), diverged));
        assertEquals(1, r.diverged());
        assertEquals(Double.POSITIVE_INFINITY, r.worstRegret());
    }

    @Test
    void robustnessCountsRunsWithinBothBounds() {
        Outcome good = new Outcome(Problem.RIDGE, Method.DELTA, 0, 1.0, 1.0, 1.001, 1.0, 0.1, 1, List.of(), null);
        Outcome farButFlat = new Outcome(Problem.RIDGE, Method.DELTA, 1, 2.0, 1.0, 1.002, 1.0, 0.69, 1, List.of(), null);
        Outcome costly = new Outcome(Problem.RIDGE, Method.DELTA, 2, 1.1, 1.0, 1.02, 1.0, 0.1, 1, List.of(), null);
        Robustness r = Robustness.of(List.of(good, farButFlat, costly));
        assertEquals(1, r.within());
        assertEquals(0.002, r.medianRegret(), 1e-12);
        assertEquals(0.02, r.worstRegret(), 1e-12);
        assertEquals(0.1, r.medianDistance(), 1e-12);
        assertEquals(0.69, r.worstDistance(), 1e-12);
    }
}
