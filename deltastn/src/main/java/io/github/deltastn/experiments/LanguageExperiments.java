package io.github.deltastn.experiments;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.models.LanguageModel;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.nn.data.Datasets;
import io.github.deltastn.nn.data.TextCorpus;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import java.io.IOException;

/**
 * The language-modelling experiment of the paper (§5.3; algorithm.md §10.6) on the Brown corpus: the LSTM
 * {@link LanguageModel} with its 7 hyperparameters.
 *
 * <p>Data: the Brown corpus split by document ({@code BrownCorpus.split}: 400 / 50 / 50 documents),
 * PTB-style preprocessing, the vocabulary of the {@code size.vocab()} most frequent training words
 * ({@code <eos>} and {@code <unk>} included), every split's token stream cut into segments by
 * {@link #segments}: one segment of {@code T + 1} tokens is one example ({@code T} inputs, {@code T}
 * next-token targets), each starting from the zero LSTM state.
 *
 * <p>Settings ({@link #config}), the reference STN LSTM's where the trainer allows: T_train = 2, T_valid = 1;
 * 1 warm-up epoch; hyper optimizer RMSprop at 0.01 (the Trainer's; the reference uses Adam at 0.01); σ fixed
 * at 1 (no scale tuning, so no entropy term); batch {@code size.batch()} for training, hyper steps and
 * evaluation. The reference trains the weights with plain SGD at lr 30 and clips the gradient norm to 0.25;
 * that rate belongs to the clipped setup, and {@code Trainer} has no gradient clipping. We use SGD with
 * momentum 0.9 at lr {@link #LR} for w0 and Θ (the Trainer's optimizer), which trained stably in short runs
 * on Brown (see {@link #LR}); no learning-rate schedule, no early stopping.
 *
 * <p>Cost ({@link LmSize#SMALL}, B = 32, T = 35, on the shared 2-core machine): at load ≈ 3 a FIXED training
 * step took 0.57–0.61 s and a Δ-STN training step (w0 step + linearized Θ step) 1.6–2.6 s, evaluating 200
 * segments about 2 s; at load 5–13 the same steps took 0.65–1.5 s and 1.4–9 s. Back to back at load ≈ 3.6,
 * a Δ-STN step took 0.73–1.01 s with V = 2,000 and 1.81–2.64 s with V = 10,000: the tied decoder's
 * {@code [T·B, V]} logits are more than half of the cost at V = 10,000.
 */
public final class LanguageExperiments {
    /**
     * Learning rate of the weights (and of Θ), SGD with momentum 0.9, no clipping. Probe on Brown with the
     * {@link LmSize#SMALL} model (FIXED, B = 32, 60 steps): lr 1.0 ended at a batch loss of 6.51 and a
     * validation perplexity of 610 (200 segments), lr 0.3 at 6.63 and 702; neither diverged. Without gradient
     * clipping we take 0.5, a margin below the fastest rate tried, for runs of several epochs.
     */
    public static final double LR = 0.5;

    private LanguageExperiments() {}

    /**
     * Model and batch sizes.
     *
     * @param vocab vocabulary size {@code V} (special tokens included)
     * @param dim embedding size = hidden size of every LSTM layer {@code D}
     * @param layers LSTM layers
     * @param bptt segment length {@code T}
     * @param batch segments per batch
     */
    public record LmSize(int vocab, int dim, int layers, int bptt, int batch) {
        /** A small model that trains on 2 cores in minutes: V = 10,000, D = 128, 2 layers, T = 35, B = 32. */
        public static final LmSize SMALL = new LmSize(10_000, 128, 2, 35, 32);
        /** The paper's size (algorithm.md §10.6): V = 10,000, D = 650, 2 layers, T = 70, B = 40. */
        public static final LmSize PAPER = new LmSize(10_000, 650, 2, 70, 40);

        public LmSize {
            if (vocab < 2 || dim < 1 || layers < 1 || bptt < 1 || batch < 1) {
                throw new IllegalArgumentException("LmSize: expected vocab >= 2 and positive dim, layers, bptt, batch; got "
                        + "vocab=" + vocab + ", dim=" + dim + ", layers=" + layers + ", bptt=" + bptt + ", batch=" + batch);
            }
        }
    }

    /**
     * The Brown corpus experiment (class comment), reading {@code brown/} from {@code cache}.
     *
     * @param limitTrain use only {@code limitTrain} training segments, evenly spaced over the training stream
     *     so every genre is represented (0 = all)
     */
    public static ExperimentSetup brown(DataCache cache, LmSize size, int limitTrain, Method method, int epochs)
            throws IOException {
        return brown(cache, size, limitTrain, 0, method, epochs);
    }

    /**
     * {@link #brown(DataCache, LmSize, int, Method, int)} with the validation and test sets also limited to
     * {@code limitEval} evenly spaced segments (0 = all); each epoch evaluates both in full, which dominates
     * short runs with a large vocabulary.
     */
    public static ExperimentSetup brown(DataCache cache, LmSize size, int limitTrain, int limitEval, Method method,
                                        int epochs) throws IOException {
        return fromCorpus("brown", TextCorpus.brown(Datasets.brown(cache), size.vocab()), size, limitTrain, limitEval,
                method, epochs);
    }

    /**
     * The experiment on any corpus: its three streams cut into segments of {@code size.bptt()}, the model of
     * {@code size} with the corpus's vocabulary size (which may be below {@code size.vocab()} for a small
     * corpus).
     */
    public static ExperimentSetup fromCorpus(String name, TextCorpus corpus, LmSize size, int limitTrain, int limitEval,
                                             Method method, int epochs) {
        int v = corpus.vocab().size();
        Dataset train = split(name, "training", corpus.train(), size.bptt(), v).spread(limitTrain);
        Dataset valid = split(name, "validation", corpus.valid(), size.bptt(), v).spread(limitEval);
        Dataset test = split(name, "test", corpus.test(), size.bptt(), v).spread(limitEval);
        return new ExperimentSetup(name, new LanguageModel(v, size.dim(), size.layers()),
                LanguageModel.hyperparameters(), train, valid, test, config(method, epochs, size.batch()));
    }

    /** {@link #segments} of one split, with the corpus and the split named when the split is too short. */
    private static Dataset split(String corpus, String split, int[] stream, int steps, int vocab) {
        try {
            return segments(stream, steps, vocab);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + split + " split of the " + corpus + " corpus is too small: "
                    + e.getMessage() + "; check the corpus folder (" + (corpus.equals("brown") ? "scripts/fetch-data.sh brown"
                    : "DIR/" + corpus + ", DIR = --data-dir, $DELTASTN_DATA or ~/.cache/deltastn") + ") or lower --bptt");
        }
    }

    /**
     * A random stand-in for tests and CI (no data needed): three streams of uniform random tokens in
     * {@code [0, size.vocab())} with {@code trainTokens}, and a quarter as many for validation and test.
     */
    public static ExperimentSetup synthetic(LmSize size, int trainTokens, Method method, int epochs, long seed) {
        Rng r = new Rng(seed);
        int v = size.vocab();
        Dataset train = segments(randomStream(r, trainTokens, v), size.bptt(), v);
        Dataset valid = segments(randomStream(r, Math.max(size.bptt() + 1, trainTokens / 4), v), size.bptt(), v);
        Dataset test = segments(randomStream(r, Math.max(size.bptt() + 1, trainTokens / 4), v), size.bptt(), v);
        return new ExperimentSetup("synthetic-lm", new LanguageModel(v, size.dim(), size.layers()),
                LanguageModel.hyperparameters(), train, valid, test, config(method, epochs, size.batch()));
    }

    /**
     * The settings of the class comment: {@code epochs} in total with 1 warm-up epoch, T_train = 2,
     * T_valid = 1, batch {@code batch}, SGD momentum 0.9 at {@link #LR} for w0 and Θ, RMSprop 0.01 for λ0,
     * σ fixed (scale tuning off), seed 0.
     */
    public static TrainConfig config(Method method, int epochs, int batch) {
        return TrainConfig.builder().method(method).epochs(epochs).warmupEpochs(1).trainSteps(2).batchSize(batch)
                .validBatchSize(batch).lr(LR).responseLr(LR).tau(0).tuneScales(false).build();
    }

    /**
     * Cuts a token stream into examples of {@code steps} input tokens and their {@code steps} next tokens:
     * example {@code i} has inputs {@code stream[i·T .. i·T + T)} and targets {@code stream[i·T + 1 .. i·T + T]},
     * for {@code i < floor((len − 1) / T)}. Consecutive windows of {@code T + 1} tokens share their boundary
     * token, so the target sets do not overlap and every token but the first (and the last
     * {@code (len − 1) mod T}) is a target exactly once, as in truncated BPTT.
     *
     * @return a regression data set with features and targets {@code [N, T]} holding the ids as doubles
     * @throws IllegalArgumentException if {@code steps < 1}, the stream is shorter than {@code T + 1} tokens or a
     *     token lies outside {@code [0, vocab)}
     */
    public static Dataset segments(int[] stream, int steps, int vocab) {
        if (steps < 1) {
            throw new IllegalArgumentException("LanguageExperiments.segments: segment length must be >= 1, got " + steps);
        }
        int n = (stream.length - 1) / steps;
        if (stream.length < steps + 1) {
            throw new IllegalArgumentException("LanguageExperiments.segments: a stream of " + stream.length
                    + " tokens holds no segment of " + steps + " inputs (needs at least " + (steps + 1) + " tokens)");
        }
        double[] x = new double[n * steps];
        double[] y = new double[n * steps];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                int a = stream[i * steps + t];
                int b = stream[i * steps + t + 1];
                if (a < 0 || a >= vocab || b < 0 || b >= vocab) {
                    throw new IllegalArgumentException("LanguageExperiments.segments: token " + (a < 0 || a >= vocab ? a : b)
                            + " near stream position " + (i * steps + t) + " outside [0, " + vocab + ")");
                }
                x[i * steps + t] = a;
                y[i * steps + t] = b;
            }
        }
        return Dataset.regression(Tensor.wrap(x, n, steps), Tensor.wrap(y, n, steps));
    }

    private static int[] randomStream(Rng r, int n, int vocab) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextInt(vocab);
        }
        return s;
    }
}
