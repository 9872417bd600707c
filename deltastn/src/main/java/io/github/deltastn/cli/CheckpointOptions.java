package io.github.deltastn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The run directory and checkpoint options of {@code mnist}, {@code fmnist}, {@code lm} and {@code cifar} (a picocli
 * mixin): where the run's files go, whether an earlier run there is continued or replaced, and how often the
 * checkpoint is written.
 */
final class CheckpointOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--out", required = true, paramLabel = "DIR", order = 18,
            description = "Run directory: config.json, metrics.csv, summary.json, hyperparameters.png, losses.png, "
                    + "checkpoint.bin (created if missing). A directory holding another run is refused unless "
                    + "--resume or --overwrite is given.")
    Path out;

    @Option(names = "--resume", order = 19,
            description = "Continue from DIR/checkpoint.bin if it exists: the settings must be those the checkpoint "
                    + "was written with, except --epochs (to extend a run, finished or not) and --eval-every; the "
                    + "result equals an uninterrupted run. Without a checkpoint the run starts over.")
    boolean resume;

    @Option(names = "--overwrite", order = 19,
            description = "Delete the files of an earlier run in DIR before starting.")
    boolean overwrite;

    @Option(names = "--checkpoint-every", paramLabel = "K", order = 20, defaultValue = "1",
            description = "Write DIR/checkpoint.bin every K epochs and at the end (the MNIST MLP's is 123 MB and "
                    + "takes about a second to write). Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--no-checkpoint", order = 20,
            description = "Never write a checkpoint (the run cannot be resumed).")
    boolean never;

    @Option(names = "--stop-after-checkpoints", hidden = true, paramLabel = "K",
            description = "Stop (exit 0) after the K-th checkpoint is written; for testing --resume.")
    int stopAfter;

    /** @throws ParameterException if the options contradict each other or are out of range */
    void check() {
        if (every < 1) {
            throw bad("--checkpoint-every must be >= 1, got " + every);
        }
        if (stopAfter < 0) {
            throw bad("--stop-after-checkpoints must be >= 0, got " + stopAfter);
        }
        if (resume && overwrite) {
            throw bad("--resume and --overwrite exclude each other: continue the run in --out, or replace it");
        }
    }

    /** Whether a checkpoint is written after {@code epoch}. */
    boolean savesAfter(int epoch) {
        return !never && epoch % every == 0;
    }

    /** Thrown by the training listener to end a run after {@code --stop-after-checkpoints} checkpoints. */
    static final class StopRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRequested() {
            super(null, null, false, false);
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
