package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.experiments.ImageExperiments;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void builderStartsFromTheDocumentedGenericDefaults() {
        TrainConfig c = TrainConfig.builder().build();
        assertEquals(Method.DELTA, c.method());
        assertEquals(10, c.epochs());
        assertEquals(0, c.warmupEpochs(), "no warm-up unless asked: the MNIST reference's 5 epochs suit MNIST only");
        assertEquals(5, c.trainSteps());
        assertEquals(1, c.validSteps());
        assertEquals(0, c.maxCycles());
        assertEquals(128, c.batchSize());
        assertEquals(128, c.validBatchSize());
        assertEquals(0.01, c.lr());
        assertEquals(0.01, c.responseLr());
        assertEquals(0.9, c.momentum());
        assertEquals(0.01, c.hyperLr());
        assertEquals(0.01, c.scaleLr());
        assertEquals(1e-3, c.tau());
        assertTrue(c.tuneScales());
        assertEquals(0, c.seed());
    }

    @Test
    void toBuilderChangesOnlyWhatItSets() {
        TrainConfig a = TrainConfig.builder().method(Method.STN).epochs(3).batchSize(16).lr(0.1).seed(4).build();
        TrainConfig b = a.toBuilder().seed(5).build();
        assertEquals(5, b.seed());
        assertEquals(a, a.toBuilder().build());
        assertNotEquals(a, b);
        assertEquals(a.toBuilder().seed(5).build(), b);
        assertEquals(a.toBuilder().seed(5).build().hashCode(), b.hashCode());
        assertEquals(Method.STN, b.method());
        assertEquals(16, b.batchSize());
        assertEquals(0.1, b.lr());
    }

    @Test
    void theMnistReferenceHasItsWarmUp() {
        TrainConfig r = ImageExperiments.referenceConfig(Method.CENTERED, 7);
        assertEquals(Method.CENTERED, r.method());
        assertEquals(7, r.epochs());
        assertEquals(5, r.warmupEpochs());
    }

    @Test
    void badSettingsNameTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().momentum(1.0).build());
        assertTrue(e.getMessage().contains("momentum must be in [0, 1), got 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().trainSteps(0).build());
        assertTrue(e.getMessage().contains("T_train"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().method(null).build());
        assertTrue(e.getMessage().contains("method must be given"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().hyperLr(-1).build());
        assertTrue(e.getMessage().contains("learning rates must be >= 0"), e.getMessage());
    }
}
