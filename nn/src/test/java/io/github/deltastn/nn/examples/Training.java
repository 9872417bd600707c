package io.github.deltastn.nn.examples;

import io.github.deltastn.autodiff.NoGrad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.optim.Sgd;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plain (no hypernetwork) classifier training loop the examples share: mini-batch SGD with momentum
 * on the mean cross-entropy, the training set reshuffled every epoch (last partial batch kept), and an
 * evaluation of the test set after every epoch.
 *
 * <p>Optionally the batch is split into {@link Config#shards} equal parts whose forward and backward
 * passes run concurrently on the {@link Parallel} pool; the gradient is then the size-weighted mean of
 * the parts' gradients, which equals the full-batch gradient up to rounding. Small per-example kernels
 * (the convolutions' GEMMs) gain most from this.
 */
public final class Training {
    private Training() {}

    /** A classifier whose parameters live in {@link Params}. */
    public interface Network {
        /** Fresh parameters. */
        Map<String, Tensor> init(Rng rng);

        /**
         * Logits {@code [B, classes]} for the batch {@code x}.
         *
         * @param dropout the source of dropout masks in training; null in evaluation (no dropout)
         */
        Var logits(Params p, Var x, Rng dropout);
    }

    /**
     * Hyperparameters of a run.
     *
     * @param epochs passes over the training set
     * @param batchSize examples per step
     * @param lr SGD learning rate
     * @param momentum SGD (heavy-ball) momentum
     * @param seed seeds initialisation, shuffling and dropout
     * @param shards batch parts processed concurrently (1 = none)
     */
    public record Config(int epochs, int batchSize, double lr, double momentum, long seed, int shards) {
        public Config {
            if (epochs < 0 || batchSize < 1 || shards < 1) {
                throw new IllegalArgumentException("Training.Config: need epochs >= 0, batchSize >= 1 and shards >= 1, got "
                        + "epochs=" + epochs + ", batchSize=" + batchSize + ", shards=" + shards);
            }
        }
    }

    /**
     * What one epoch gave.
     *
     * @param epoch 1-based
     * @param trainLoss mean of the epoch's training-step losses (with dropout, parameters changing)
     * @param testLoss mean cross-entropy on the test set after the epoch
     * @param testAccuracy fraction of test examples classified correctly
     * @param seconds wall-clock seconds of the epoch's training steps (evaluation excluded)
     */
    public record Epoch(int epoch, double trainLoss, double testLoss, double testAccuracy, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "epoch %d  train loss %.4f  test loss %.4f  test acc %.4f  %.1f s",
                    epoch, trainLoss, testLoss, testAccuracy, seconds);
        }
    }

    /** The trained parameters and the per-epoch log. */
    public record Result(Map<String, Tensor> params, List<Epoch> epochs) {}

    /** Mean cross-entropy and accuracy of a data set. */
    public record Evaluation(double loss, double accuracy) {}

    /**
     * Trains {@code net} on {@code train}, evaluating on {@code test} after every epoch and printing one
     * line per epoch to {@code log}.
     */
    public static Result train(Network net, Dataset train, Dataset test, Config cfg, PrintStream log) {
        Rng rng = new Rng(cfg.seed());
        Map<String, Tensor> params = net.init(rng.split());
        DataLoader loader = new DataLoader(train, cfg.batchSize(), true, rng.split());
        Rng dropout = rng.split();
        Sgd opt = new Sgd(cfg.lr(), cfg.momentum());
        List<Epoch> history = new ArrayList<>();
        for (int e = 1; e <= cfg.epochs(); e++) {
            long t0 = System.nanoTime();
            double lossSum = 0;
            int steps = 0;
            for (DataLoader.Batch b : loader.epochBatches()) {
                Step s = step(net, params, b.x(), b.labels(), dropout, cfg.shards());
                params = opt.step(params, s.grads());
                lossSum += s.loss();
                steps++;
                if (!Double.isFinite(s.loss())) {
                    throw new IllegalStateException("training diverged at epoch " + e + ", step " + steps
                            + " (loss " + s.loss() + "); lower the learning rate");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Evaluation ev = evaluate(net, params, test, 500);
            Epoch ep = new Epoch(e, lossSum / Math.max(1, steps), ev.loss(), ev.accuracy(), seconds);
            history.add(ep);
            log.println(ep);
            log.flush();
        }
        return new Result(params, history);
    }

    /** A step's mean loss and the gradient of every parameter. */
    record Step(double loss, Map<String, Tensor> grads) {}

    /** Loss and gradients of one batch, optionally computed in {@code shards} concurrent parts. */
    static Step step(Network net, Map<String, Tensor> params, Tensor x, int[] labels, Rng dropout, int shards) {
        int n = labels.length;
        int parts = Math.min(shards, n);
        // one dropout stream per part, drawn in order, so the result does not depend on scheduling
        Rng[] rngs = new Rng[parts];
        for (int i = 0; i < parts; i++) {
            rngs[i] = dropout.split();
        }
        Step[] results = new Step[parts];
        Parallel.forRange(parts, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int from = (int) ((long) n * i / parts);
                int to = (int) ((long) n * (i + 1) / parts);
                results[i] = partStep(net, params, x.slice(0, from, to), Arrays.copyOfRange(labels, from, to),
                        rngs[i]);
            }
        });
        if (parts == 1) {
            return results[0];
        }
        double loss = 0;
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (int i = 0; i < parts; i++) {
            double w = ((long) n * (i + 1) / parts - (long) n * i / parts) / (double) n;
            loss += w * results[i].loss();
            for (Map.Entry<String, Tensor> g : results[i].grads().entrySet()) {
                double[] src = g.getValue().data();
                Tensor acc = grads.computeIfAbsent(g.getKey(), k -> Tensor.zeros(g.getValue().shape()));
                double[] dst = acc.data();
                for (int j = 0; j < dst.length; j++) {
                    dst[j] += w * src[j];
                }
            }
        }
        return new Step(loss, grads);
    }

    private static Step partStep(Network net, Map<String, Tensor> params, Tensor x, int[] labels, Rng dropout) {
        Params p = Params.of(params);
        Var loss = Losses.crossEntropy(net.logits(p, Var.constant(x), dropout), labels);
        return new Step(loss.item(), p.grad(loss));
    }

    /** Mean cross-entropy and accuracy of {@code data} without dropout, in batches of {@code batch}. */
    @SuppressWarnings("try") // the NoGrad scope is used for its effect only
    public static Evaluation evaluate(Network net, Map<String, Tensor> params, Dataset data, int batch) {
        if (data.size() == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        Params p = Params.constants(params);
        double loss = 0;
        double correct = 0;
        try (NoGrad scope = NoGrad.enter()) {
            for (int from = 0; from < data.size(); from += batch) {
                Dataset part = data.slice(from, Math.min(data.size(), from + batch));
                int[] labels = part.labels();
                Var logits = net.logits(p, Var.constant(part.features()), null);
                loss += Losses.crossEntropySum(logits, labels).item();
                correct += Losses.accuracy(logits.value(), labels) * labels.length;
            }
        }
        return new Evaluation(loss / data.size(), correct / data.size());
    }
}
