package io.github.deltastn.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.baselines.SearchSpace.Dimension;
import io.github.deltastn.core.Rng;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.models.SimpleCnnModel;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.toy.LinearRegressionModel;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.toy.ToyExperiment;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TrainerObjectiveTest {
    static final int EPOCHS = 15;

    static Hyperparameters dropoutTemplate() {
        Hyperparameters hp = new Hyperparameters();
        hp.register(ToyExperiment.hyperparameter(ToyExperiment.Problem.DROPOUT, 1.0));
        return hp;
    }

    /** Linear regression with tuned input dropout on the synthetic toy data: 5 minibatches of 8 per epoch. */
    static TrainerObjective toy(double lr) {
        RegressionData d = SyntheticRegression.defaultData();
        TrainConfig cfg = TrainConfig.builder()
                .method(Method.DELTA).epochs(EPOCHS).batchSize(8).validBatchSize(200).lr(lr).responseLr(lr).seed(3)
                .build();
        return new TrainerObjective(() -> new LinearRegressionModel(LinearRegressionModel.Kind.INPUT_DROPOUT, d.features()),
                dropoutTemplate(), cfg, Dataset.regression(d.xTrain(), d.yTrain()), Dataset.regression(d.xValid(), d.yValid()),
                Dataset.regression(d.xTest(), d.yTest()));
    }

    @Test
    void trainsAtTheTrialsValuesWithMethodFixed() {
        TrainerObjective o = toy(0.01);
        assertEquals(Method.FIXED, o.config().method());
        List<Double> seen = new ArrayList<>();
        o = o.withListener(trial -> new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                seen.add(m.hyper().data()[0]);
            }
        });
        Evaluation low = o.evaluate(0, new double[] {0.05});
        int epochsLow = seen.size();
        Evaluation high = o.evaluate(1, new double[] {0.6});
        for (Evaluation e : List.of(low, high)) {
            assertFalse(e.failed());
            assertTrue(Double.isFinite(e.finalValidLoss()) && Double.isFinite(e.bestValidLoss()) && Double.isFinite(e.testLoss()));
            assertTrue(e.bestValidLoss() <= e.finalValidLoss());
            assertTrue(e.seconds() > 0);
            assertEquals(0, e.history().get(0).epoch());
            assertEquals(EPOCHS, e.history().get(e.history().size() - 1).epoch());
            assertTrue(e.finalValidLoss() < e.history().get(0).validLoss(), "training lowers the validation loss");
        }
        assertNotEquals(low.finalValidLoss(), high.finalValidLoss());
        // the dropout rate the trainer reports is the trial's, at every epoch
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i < epochsLow ? 0.05 : 0.6, seen.get(i), 1e-12);
        }
    }

    @Test
    void sameSeedForEveryTrialUnlessAsked() {
        TrainerObjective o = toy(0.01);
        assertEquals(o.evaluate(0, new double[] {0.3}).finalValidLoss(), o.evaluate(1, new double[] {0.3}).finalValidLoss(), 0.0);
        TrainerObjective per = o.withSeedPerTrial(true);
        assertNotEquals(per.evaluate(0, new double[] {0.3}).finalValidLoss(), per.evaluate(1, new double[] {0.3}).finalValidLoss());
    }

    @Test
    void divergingTrainingIsAFailedTrial() {
        TrainerObjective o = toy(50.0);
        Evaluation e = o.evaluate(0, new double[] {0.1});
        assertTrue(e.failed());
        assertTrue(e.failure().contains("non-finite"), e.failure());
        assertTrue(Double.isNaN(e.finalValidLoss()));
        SearchResult r = new HyperSearch(o.searchSpace(), o, new RandomSearch()).run(Budget.trials(2), new Rng(1));
        assertEquals(2, r.failures());
        assertTrue(r.best().isEmpty());
    }

    @Test
    void randomSearchOnTheToyEndToEnd() {
        TrainerObjective o = toy(0.01);
        SearchSpace space = o.searchSpace();
        assertEquals(List.of("dropout"), space.names());
        SearchResult r = new HyperSearch(space, o, new RandomSearch()).run(Budget.trials(3), new Rng(4));
        assertEquals(3, r.trials().size());
        assertEquals(0, r.failures());
        List<SearchResult.CurvePoint> curve = r.bestValidationCurve();
        long trainedEpochs = r.trials().stream().flatMap(t -> t.evaluation().history().stream()).filter(m -> m.epoch() >= 1).count();
        assertTrue(trainedEpochs >= 3 * EPOCHS);
        assertEquals(trainedEpochs, curve.size());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).value() <= curve.get(i - 1).value());
        }
        assertEquals(r.best().orElseThrow().evaluation().bestValidLoss(), curve.get(curve.size() - 1).value(), 0.0);
    }

    @Test
    void fixedAtSetsCurrentValuesIncludingDiscreteEnds() {
        Hyperparameters t = SimpleCnnModel.hyperparameters();
        double[][] cases = {{0.1, 0.2, 0.3, 0.4, 2, 0}, {0.9, 0.01, 0.5, 0.05, 23, 4}, {1e-6, 0.949, 0.5, 0.5, 11, 2}};
        for (double[] v : cases) {
            Hyperparameters hp = TrainerObjective.fixedAt(t, v);
            assertTrue(hp.isFrozen());
            assertArrayEquals(v, hp.currentValues().data(), 1e-12);
            assertEquals(t.names(), hp.names());
        }
    }

    /** Every point of the derived space, its corners included, is a valid trial of the container. */
    @Property(tries = 60)
    void everyPointOfTheDerivedSpaceRoundTrips(@ForAll @LongRange(min = 0, max = 100_000) long seed) {
        Hyperparameters t = SimpleCnnModel.hyperparameters();
        SearchSpace s = SearchSpace.of(t);
        Rng rng = new Rng(seed);
        double[] x = new double[s.size()];
        for (int i = 0; i < x.length; i++) {
            double u = rng.uniform();
            x[i] = u < 0.2 ? 0.0 : u > 0.8 ? 1.0 : rng.uniform();
        }
        double[] v = s.fromUnit(x);
        assertArrayEquals(v, TrainerObjective.fixedAt(t, v).currentValues().data(), 1e-9);
    }

    @Test
    void badValuesAndSpacesAreRejected() {
        Hyperparameters t = SimpleCnnModel.hyperparameters();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainerObjective.fixedAt(t, new double[] {0.1}))
                .getMessage().contains("expected 6 values"));
        String m = assertThrows(IllegalArgumentException.class,
                () -> TrainerObjective.fixedAt(t, new double[] {0.95, 0.2, 0.3, 0.4, 2, 0})).getMessage();
        assertTrue(m.contains("dropout0") && m.contains("strictly inside"), m);
        assertThrows(IllegalArgumentException.class, () -> TrainerObjective.fixedAt(t, new double[] {0.1, 0.2, 0.3, 0.4, 2.5, 0}));
        assertThrows(IllegalArgumentException.class, () -> TrainerObjective.fixedAt(t, new double[] {0.1, 0.2, 0.3, 0.4, 24, 0}));
        assertThrows(IllegalArgumentException.class, () -> TrainerObjective.fixedAt(t, new double[] {0.1, 0.2, 0.3, 0.4, 2, 5}));
        assertThrows(IllegalArgumentException.class, () -> TrainerObjective.fixedAt(t, new double[] {0.1, 0.2, Double.NaN, 0.4, 2, 0}));
        TrainerObjective o = toy(0.01);
        String w = assertThrows(IllegalArgumentException.class,
                () -> o.validate(SearchSpace.of(Dimension.linear("rate", 0.1, 0.5)))).getMessage();
        assertTrue(w.contains("[rate]") && w.contains("[dropout]"), w);
        assertThrows(IllegalArgumentException.class, () -> o.validate(SearchSpace.of(Dimension.linear("dropout", 0.0, 0.5))));
        o.validate(SearchSpace.of(Dimension.linear("dropout", 0.1, 0.5)));
        assertThrows(IllegalArgumentException.class, () -> new TrainerObjective(() -> null, new Hyperparameters(), o.config(),
                Dataset.regression(io.github.deltastn.core.Tensor.zeros(2, 1), io.github.deltastn.core.Tensor.zeros(2)),
                Dataset.regression(io.github.deltastn.core.Tensor.zeros(2, 1), io.github.deltastn.core.Tensor.zeros(2)), null));
    }
}
