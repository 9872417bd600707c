package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.nn.checkpoint.Checkpoint;
import io.github.deltastn.nn.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer writes optimizer steps over its weights ({@code Optimizer.stepInPlace}); nothing it handed out
 * (params(), a checkpoint, the tensors given to setParams or restored from a checkpoint) may change.
 */
class InPlaceWeightsTest {
    private static Trainer trainer(Method method) {
        Rng r = new Rng(21);
        MlpModel model = new MlpModel(new int[] {4, 5, 3}, 2);
        TrainConfig cfg = TrainConfig.builder().method(method).epochs(3).warmupEpochs(1).trainSteps(2).validSteps(1)
                .batchSize(TrainerTest.B).validBatchSize(TrainerTest.B).build();
        Dataset data = TrainerTest.classification(r, 4 * TrainerTest.B, 4, 3);
        return new Trainer(model, TrainerTest.dropouts(), cfg, data, data, null);
    }

    private static Map<String, Tensor> deepCopy(Map<String, Tensor> m) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.copy()));
        return c;
    }

    private static void assertSameBits(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((k, v) -> assertArrayEquals(v.data(), actual.get(k).data(), what + " " + k));
    }

    @Test
    void weightsHandedOutNeverChangeWhileTrainingGoesOn() {
        for (Method method : Method.values()) {
            if (method.tuning() instanceof TuningMethod.GradientBased) {
                continue; // no training loss differentiable in the MLP's dropout rates
            }
            Trainer t = trainer(method);
            Map<String, Tensor> given = deepCopy(t.params());
            Map<String, Tensor> givenCopy = deepCopy(given);
            t.setParams(given);
            Map<String, Tensor> before = t.params();
            Map<String, Tensor> beforeCopy = deepCopy(before);
            Checkpoint start = t.checkpoint();
            Map<String, Tensor> startCopy = deepCopy(start.tensors());
            List<Map<String, Tensor>> seen = new ArrayList<>();
            List<Map<String, Tensor>> seenCopies = new ArrayList<>();
            t.run(new TrainingListener() {
                @Override
                public void onCycle(int cycle, Trainer trainer) {
                    seen.add(trainer.params());
                    seenCopies.add(deepCopy(trainer.params()));
                }
            });
            String m = method.id();
            assertSameBits(givenCopy, given, m + " setParams input");
            assertSameBits(beforeCopy, before, m + " params() before the run");
            assertSameBits(startCopy, start.tensors(), m + " checkpoint before the run");
            for (int i = 0; i < seen.size(); i++) {
                assertSameBits(seenCopies.get(i), seen.get(i), m + " params() at cycle " + (i + 1));
            }
            Map<String, Tensor> after = t.params();
            assertFalse(before.keySet().stream().allMatch(k -> Arrays.equals(before.get(k).data(), after.get(k).data())),
                    m + ": training did not move the weights");

            // one checkpoint restored twice gives two equal runs, and stays as it was
            Trainer a = trainer(method);
            Trainer b = trainer(method);
            a.restore(start);
            a.run(new TrainingListener() {});
            b.restore(start);
            b.run(new TrainingListener() {});
            assertSameBits(startCopy, start.tensors(), m + " checkpoint after two restored runs");
            assertSameBits(a.params(), b.params(), m + " runs restored from one checkpoint");
            assertSameBits(t.params(), a.params(), m + " restored run against the original");
        }
    }
}
