package io.github.deltastn.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainingListener;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Smoke runs of the image experiments on random stand-in images (the real data is never needed in tests). */
class ImageExperimentsTest {

    @ParameterizedTest
    @EnumSource(Method.class)
    void mnistSetupTrainsEveryMethod(Method m) {
        Dataset images = ImageExperiments.syntheticImages(80, 1);
        ExperimentSetup s = ImageExperiments.mnist(images, images.slice(0, 20), 40, m, 2);
        assertEquals(40, s.train().size());
        assertEquals(12, s.valid().size());
        List<EpochMetrics> h = s.trainer(s.config().toBuilder()
                .epochs(2).warmupEpochs(1).trainSteps(2).validSteps(1).maxCycles(0).batchSize(16).validBatchSize(16)
                .hyperTerms(2) // IFT, UNROLL: the unrolled graph of the 3.3M-weight MLP grows with K
                .build())
                .run(new TrainingListener() {});
        EpochMetrics last = h.get(h.size() - 1);
        assertTrue(Double.isFinite(last.validLoss()) && Double.isFinite(last.testLoss()), last.toString());
        assertEquals(3, last.hyper().size());
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"FIXED", "DELTA", "IFT", "UNROLL"})
    void fashionMnistSetupTrains(Method m) {
        Dataset images = ImageExperiments.syntheticImages(40, 2);
        ExperimentSetup s = ImageExperiments.fashionMnist(images, images.slice(0, 10), false, 0, m, 1);
        List<EpochMetrics> h = s.trainer(s.config().toBuilder()
                .epochs(1).warmupEpochs(0).trainSteps(2).validSteps(1).maxCycles(2).batchSize(8).validBatchSize(8)
                .hyperTerms(2)
                .build())
                .run(new TrainingListener() {});
        EpochMetrics last = h.get(h.size() - 1);
        assertTrue(Double.isFinite(last.validLoss()), last.toString());
        assertEquals(6, last.hyper().size());
        assertEquals(4.0, last.hyper().data()[4], 0, "cutout length starts at 4");
    }
}
