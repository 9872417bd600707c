package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.models.MlpModel;
import io.github.deltastn.nn.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

    private static Trainer trained() {
        Rng r = new Rng(5);
        int n = 24;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
        }
        Dataset d = Dataset.classification(Tensor.normal(r, 0, 1, n, 4), labels, 3);
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout \"in\"", 0, 0.95, 0.2);
        TrainConfig cfg = TrainConfig.builder().epochs(3).warmupEpochs(1).batchSize(8).validBatchSize(8).build();
        Trainer t = new Trainer(new MlpModel(new int[] {4, 5, 3}, 1), hp, cfg, d, d, d);
        t.run(new TrainingListener() {});
        return t;
    }

    @Test
    void metricsRoundTripAndTheSummaryHoldsTheLastAndBestEpochs(@TempDir Path dir) throws IOException {
        Trainer t = trained();
        RunFiles.write(dir, "unit", t, "completed", null);
        RunFiles.Metrics m = RunFiles.readMetrics(dir.resolve(RunFiles.METRICS));
        assertEquals(t.hyperparameters().names(), m.hyperNames());
        assertEquals(t.history(), m.rows(), "every column of every epoch reads back exactly");

        JsonObject s = JsonParser.parseString(Files.readString(dir.resolve(RunFiles.SUMMARY))).getAsJsonObject();
        List<EpochMetrics> h = t.history();
        EpochMetrics last = h.get(h.size() - 1);
        EpochMetrics best = h.stream().min((a, b) -> Double.compare(a.validLoss(), b.validLoss())).orElseThrow();
        assertEquals("unit", s.get("experiment").getAsString());
        assertEquals("delta", s.get("method").getAsString());
        assertEquals("completed", s.get("status").getAsString());
        assertTrue(s.get("message").isJsonNull());
        assertEquals(3, s.get("epochs").getAsInt());
        assertEquals(last.steps(), s.get("steps").getAsLong());
        assertEquals(last.validLoss(), s.getAsJsonObject("final").get("valid_loss").getAsDouble(), 0);
        assertEquals(best.validLoss(), s.getAsJsonObject("best").get("valid_loss").getAsDouble(), 0);
        assertEquals(best.epoch(), s.getAsJsonObject("best").get("epoch").getAsInt());
        assertTrue(s.getAsJsonObject("final").get("valid_perplexity").isJsonNull());
        assertEquals(last.hyper().data()[0],
                s.getAsJsonObject("final_hyperparameters").get("dropout \"in\"").getAsDouble(), 0);
        assertEquals(last.sigma().data()[0], s.getAsJsonObject("final_sigma").get("dropout \"in\"").getAsDouble(), 0);
        assertTrue(s.getAsJsonObject("seconds_per_epoch").get("total").getAsDouble() > 0);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file stays");
        }
    }

    @Test
    void aMalformedMetricsFileIsNamedWithItsLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(RunFiles.METRICS);
        Files.writeString(f, RunFiles.header(List.of("a")) + "\n0,0,1,1,1,1,,1,,1,,0.5\n");
        IOException e = assertThrows(IOException.class, () -> RunFiles.readMetrics(f));
        assertTrue(e.getMessage().contains(":2: 12 fields, expected 13"), e.getMessage());
    }
}
