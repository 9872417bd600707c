package io.github.deltastn.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Tensor;
import io.github.deltastn.models.LanguageModel;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The language-modelling setup on random token streams (the real corpus is never needed in tests). */
class LanguageExperimentsTest {
    private static final LanguageExperiments.LmSize TINY = new LanguageExperiments.LmSize(12, 6, 2, 5, 4);

    @Test
    void segmentsAreInputsAndTheirNextTokens() {
        int[] stream = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Dataset d = LanguageExperiments.segments(stream, 3, 12);
        assertEquals(3, d.size(), "floor((12 - 1) / 3) segments");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, d.features().data());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, d.targets().data());
        assertTrue(d.features().hasShape(3, 3) && d.targets().hasShape(3, 3));
        Dataset exact = LanguageExperiments.segments(new int[] {5, 4, 3, 2, 1, 0, 9}, 3, 10);
        assertEquals(2, exact.size(), "7 tokens: two windows of 4 sharing token 2");
        assertArrayEquals(new double[] {4, 3, 2, 1, 0, 9}, exact.targets().data());
    }

    @Test
    void segmentsRejectBadStreams() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageExperiments.segments(new int[] {1, 2, 3}, 3, 10));
        assertTrue(e.getMessage().contains("3 tokens") && e.getMessage().contains("at least 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LanguageExperiments.segments(new int[] {1, 2, 10, 3}, 2, 10));
        assertTrue(e.getMessage().contains("token 10") && e.getMessage().contains("[0, 10)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LanguageExperiments.segments(new int[] {1, 2}, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LanguageExperiments.LmSize(10, 0, 2, 5, 4));
    }

    @Test
    void spreadPicksEvenlySpacedSegments() {
        int[] stream = new int[41];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = i % 10;
        }
        Dataset d = LanguageExperiments.segments(stream, 2, 10);
        Dataset four = d.spread(4);
        assertEquals(4, four.size());
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1, 0, 1}, four.features().data(), "segments 0, 5, 10, 15");
        assertEquals(d.size(), d.spread(0).size());
        assertThrows(IllegalArgumentException.class, () -> d.spread(-1));
    }

    @Test
    void syntheticSetupHasTheReferenceSettings() {
        ExperimentSetup s = LanguageExperiments.synthetic(TINY, 201, Method.DELTA, 3, 1);
        assertEquals(40, s.train().size());
        assertEquals(9, s.valid().size(), "floor((50 - 1) / 5)");
        assertTrue(s.train().features().hasShape(40, 5));
        TrainConfig c = s.config();
        assertEquals(Method.DELTA, c.method());
        assertEquals(1, c.warmupEpochs());
        assertEquals(2, c.trainSteps());
        assertEquals(1, c.validSteps());
        assertEquals(0.01, c.hyperLr(), 0);
        assertFalse(c.tuneScales());
        assertEquals(LanguageExperiments.LR, c.lr(), 0);
        assertEquals(4, c.batchSize());
        assertEquals(LanguageModel.H, s.hyperparameters().size());
        assertTrue(s.model() instanceof LanguageModel lm && lm.vocab() == 12 && lm.dim() == 6 && lm.layers() == 2);
        for (double v : s.train().features().data()) {
            assertTrue(v >= 0 && v < 12 && v == Math.rint(v));
        }
    }

    @ParameterizedTest
    // the gradient-based methods need a training loss differentiable in the dropout rates, which these models lack
    @EnumSource(value = Method.class, names = {"IFT", "UNROLL"}, mode = EnumSource.Mode.EXCLUDE)
    void everyMethodTrainsOnTheSyntheticStream(Method m) {
        ExperimentSetup s = LanguageExperiments.synthetic(TINY, 161, m, 2, 2);
        List<EpochMetrics> h = s.trainer(s.config()).run(new TrainingListener() {});
        assertEquals(3, h.size(), "epoch 0, 1 and the final report");
        for (EpochMetrics e : h) {
            assertTrue(Double.isFinite(e.validLoss()) && Double.isFinite(e.testLoss()), e.toString());
            assertTrue(e.validLoss() < 2 * Math.log(12), "near log V for random tokens: " + e);
        }
        EpochMetrics last = h.get(h.size() - 1);
        assertTrue(Double.isFinite(last.trainLoss()), last.toString());
        Tensor hyper = last.hyper();
        assertEquals(LanguageModel.H, hyper.size());
        for (int i = 0; i < 5; i++) {
            assertTrue(hyper.data()[i] > 0 && hyper.data()[i] < 0.95, "dropout " + i + ": " + hyper.data()[i]);
        }
        assertTrue(hyper.data()[5] > 0 && hyper.data()[6] > 0);
        if (m == Method.FIXED) {
            assertEquals(0.05, hyper.data()[0], 1e-12, "fixed keeps its hyperparameters");
        } else {
            assertTrue(Math.abs(hyper.data()[0] - 0.05) > 1e-9, "hyper steps move dropouti: " + hyper.data()[0]);
        }
    }
}
