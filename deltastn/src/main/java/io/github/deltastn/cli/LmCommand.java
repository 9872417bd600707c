package io.github.deltastn.cli;

import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.experiments.LanguageExperiments;
import io.github.deltastn.experiments.LanguageExperiments.LmSize;
import io.github.deltastn.nn.data.DataCache;
import io.github.deltastn.nn.data.TextCorpus;
import io.github.deltastn.train.Method;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deltastn-cli lm}: tune the 7 regularisation hyperparameters of the LSTM language model on the
 * Brown corpus, or on PTB (the paper's §5.3) with {@code --corpus ptb} for a user who has its files
 * (algorithm.md §10.6; settings of {@link LanguageExperiments}). PTB brings its own 10,000-word vocabulary,
 * so {@code --vocab} does not apply to it.
 *
 * <p>Usage: {@code deltastn-cli lm --method delta --epochs 5 --limit-train 2000 --limit-eval 200 --out runs/lm}
 * on the corpus fetched by {@code scripts/fetch-data.sh brown}. {@code --size small} (the default: vocabulary
 * 10,000, 128 units, 2 layers, segments of 35 tokens, batches of 32) trains on 2 cores in minutes per
 * epoch; {@code --size paper} is the paper's 650-unit model with segments of 70 and batches of 40;
 * {@code --vocab}, {@code --dim}, {@code --layers} and {@code --bptt} change one part of the size. Every
 * epoch evaluates the validation and test sets in full, so {@code --limit-eval} matters for short runs.
 * The files written and the other options are those of {@link MnistCommand}; perplexity is exp(loss).
 * {@code --synthetic N} trains on N random tokens (a smoke test).
 */
@Command(name = "lm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "Tune the 7 hyperparameters of the LSTM language model (dropouts, DropConnect, AR/TAR) on the Brown "
                    + "corpus or PTB (--corpus ptb) with STN, centered STN or Delta-STN (or train it at fixed values).",
            "Writes config.json, metrics.csv, summary.json, hyperparameters.png, losses.png and checkpoint.bin to "
                    + "the run directory, refreshed every epoch; perplexity = exp(loss)."})
final class LmCommand extends ExperimentCommand {
    /** Default epochs: a short run (the reference trains until its learning rate has decayed). */
    static final int EPOCHS = 5;

    @Option(names = "--size", paramLabel = "S", order = 0, defaultValue = "small",
            description = "Model size: small (V 10,000, D 128, 2 layers, T 35, B 32) or paper (D 650, T 70, B 40). "
                    + "Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--corpus", paramLabel = "C", order = 0, defaultValue = "brown",
            description = "brown (default; scripts/fetch-data.sh brown) or ptb: the Penn Treebank LM files ptb.train.txt, "
                    + "ptb.valid.txt and ptb.test.txt (one sentence per line, as in the Mikolov distribution), which "
                    + "cannot be fetched here: put them in DIR/ptb, DIR = --data-dir, $DELTASTN_DATA or ~/.cache/deltastn.")
    String corpus;

    @Option(names = "--vocab", paramLabel = "V", order = 0,
            description = "Vocabulary size (overrides --size; brown only: PTB has its own 10,000 words).")
    Integer vocab;

    @Option(names = "--dim", paramLabel = "D", order = 0, description = "Embedding and LSTM width (overrides --size).")
    Integer dim;

    @Option(names = "--layers", paramLabel = "L", order = 0, description = "LSTM layers (overrides --size).")
    Integer layers;

    @Option(names = "--bptt", paramLabel = "T", order = 0, description = "Segment length (overrides --size).")
    Integer bptt;

    LmCommand() {
        super(LanguageExperiments.config(Method.DELTA, EPOCHS, LmSize.SMALL.batch()), EPOCHS);
    }

    @Override
    String experiment() {
        return "lm";
    }

    /** The examples of the language model are segments of --bptt + 1 tokens. */
    @Override
    String unit() {
        return "segments";
    }

    @Override
    String dataName() {
        return switch (corpus.toLowerCase(Locale.ROOT)) {
            case "brown" -> "brown";
            case "ptb" -> "ptb";
            default -> throw bad("unknown --corpus '" + corpus + "', expected brown or ptb");
        };
    }

    @Override
    String model() {
        return lmSize().toString();
    }

    /** {@code --batch-size} if given, else the size's batch. */
    @Override
    int batchSize() {
        return spec.commandLine().getParseResult().hasMatchedOption("--batch-size") ? batchSize : lmSize().batch();
    }

    LmSize lmSize() {
        LmSize base = switch (size.toLowerCase(Locale.ROOT)) {
            case "small" -> LmSize.SMALL;
            case "paper" -> LmSize.PAPER;
            default -> throw bad("unknown --size '" + size + "', expected small or paper");
        };
        try {
            return new LmSize(vocab == null ? base.vocab() : vocab, dim == null ? base.dim() : dim,
                    layers == null ? base.layers() : layers, bptt == null ? base.bptt() : bptt, base.batch());
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    @Override
    ExperimentSetup realSetup(DataCache cache) throws IOException {
        if (dataName().equals("ptb")) {
            if (vocab != null) {
                throw bad("--vocab applies to the Brown corpus; PTB comes with its own 10,000-word vocabulary");
            }
            // PTB comes with its own 10,000-word vocabulary; --size's vocabulary does not cut it further
            return LanguageExperiments.fromCorpus("ptb", TextCorpus.ptb(cache.dir("ptb")), lmSize(), limitTrain, 0, method,
                    epochs);
        }
        return LanguageExperiments.brown(cache, lmSize(), limitTrain, method, epochs);
    }

    @Override
    ExperimentSetup syntheticSetup(int n) {
        return LanguageExperiments.synthetic(lmSize(), n, method, epochs, SYNTHETIC_TRAIN_SEED);
    }
}
