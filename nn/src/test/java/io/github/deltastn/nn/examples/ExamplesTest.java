package io.github.deltastn.nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.data.Datasets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {

    /**
     * {@code n} images {@code [1, size, size]}: class 1 has a brighter top half, class 0 a brighter bottom
     * half, plus noise; linearly separable, so a few SGD steps must lower the loss.
     */
    private static Dataset halves(Rng r, int n, int size) {
        double[] x = new double[n * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(2);
            for (int row = 0; row < size; row++) {
                boolean top = row < size / 2;
                double base = (top == (labels[i] == 1)) ? 0.8 : 0.2;
                for (int col = 0; col < size; col++) {
                    x[(i * size + row) * size + col] = base + 0.1 * r.normal();
                }
            }
        }
        return Dataset.classification(Tensor.of(x, n, 1, size, size), labels, 2);
    }

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static void assertLearns(Training.Network net, Dataset train, Dataset test, Training.Config cfg) {
        Training.Config none = new Training.Config(0, cfg.batchSize(), cfg.lr(), cfg.momentum(), cfg.seed(), cfg.shards());
        Map<String, Tensor> initial = Training.train(net, train, test, none, QUIET).params();
        double before = Training.evaluate(net, initial, test, 16).loss();
        Training.Result r = Training.train(net, train, test, cfg, QUIET);
        assertEquals(1, r.epochs().size());
        Training.Epoch e = r.epochs().get(0);
        assertEquals(e.testLoss(), Training.evaluate(net, r.params(), test, 7).loss(), 1e-12,
                "the logged test loss is the evaluation of the returned parameters, whatever the batch size");
        assertTrue(e.testLoss() < 0.8 * before, "test loss " + before + " -> " + e.testLoss());
        assertTrue(e.trainLoss() > 0 && Double.isFinite(e.seconds()));
    }

    @Test
    void mlpTrainingLoopLowersTheLossOnASyntheticProblem() {
        Rng r = new Rng(1);
        Dataset train = halves(r, 64, 4);
        Dataset test = halves(r, 32, 4);
        Training.Network net = MnistMlp.network(16, 12, 2, 0.1, 0.2);
        assertLearns(net, train, test, new Training.Config(1, 8, 0.1, 0.9, 3, 1));
    }

    @Test
    void cnnTrainingLoopLowersTheLossOnASyntheticProblem() {
        Rng r = new Rng(2);
        Dataset train = halves(r, 64, 8);
        Dataset test = halves(r, 32, 8);
        Training.Network net = FashionCnn.network(1, 8, new int[] {3, 4}, 10, 2, 0.1, 0.2);
        assertLearns(net, train, test, new Training.Config(1, 8, 0.1, 0.9, 4, 2));
    }

    @Test
    void shardedStepEqualsTheFullBatchStep() {
        Rng r = new Rng(3);
        Dataset d = halves(r, 13, 8);
        Training.Network net = FashionCnn.network(1, 8, new int[] {2, 3}, 6, 2, 0, 0);
        Map<String, Tensor> p = net.init(r);
        Training.Step one = Training.step(net, p, d.features(), d.labels(), new Rng(5), 1);
        Training.Step three = Training.step(net, p, d.features(), d.labels(), new Rng(5), 3);
        assertEquals(one.loss(), three.loss(), 1e-13);
        assertEquals(one.grads().keySet(), three.grads().keySet());
        for (String k : one.grads().keySet()) {
            assertTrue(one.grads().get(k).allClose(three.grads().get(k), 1e-12, 1e-14), k);
        }
    }

    @Test
    void missingDataGivesExitStatusTwoAndSaysHowToFetchIt(@TempDir Path empty) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Cli.run(() -> Datasets.mnist(new DataCache(empty), true));
        } finally {
            System.setErr(old);
        }
        assertEquals(2, status);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("scripts/fetch-data.sh mnist") && msg.contains(empty.toString()), msg);
    }

    @Test
    void badOptionsAreRejectedWithTheKnownOptions() {
        Map<String, String> defaults = Map.of("epochs", "3", "widths", "16,32");
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> new Args(new String[] {"--epoch", "2"}, defaults, "usage"));
        assertTrue(e.getMessage().contains("--epoch") && e.getMessage().contains("--epochs 3"), e.getMessage());
        Args a = new Args(new String[] {"--widths", "32,64"}, defaults, "usage");
        assertEquals(3, a.integer("epochs"));
        assertEquals(64, a.integers("widths", 2)[1]);
        assertThrows(Args.UsageException.class, () -> new Args(new String[] {"--widths", "32"}, defaults, "u").integers("widths", 2));
        assertThrows(Args.UsageException.class, () -> new Args(new String[] {"--epochs"}, defaults, "u"));
        assertTrue(assertThrows(Args.UsageException.class, () -> new Args(new String[] {"--help"}, defaults, "u")).isHelp());
    }
}
