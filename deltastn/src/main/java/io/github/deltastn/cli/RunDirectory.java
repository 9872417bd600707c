package io.github.deltastn.cli;

import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The output directory of one command while it runs: created if missing, locked against a second run
 * ({@code .lock}, an operating-system lock that a killed process loses), cleared of temporary files a crash
 * left, and guarded against mixing runs — a directory that holds another run's files is refused unless the
 * run continues it ({@code --resume}) or replaces it ({@code --overwrite}, which deletes those files first).
 */
final class RunDirectory implements AutoCloseable {
    static final String LOCK = ".lock";

    /** The files any command of the tool writes into its output directory; their presence marks a run. */
    static final List<String> RUN_FILES = List.of(ExperimentFiles.CONFIG, RunFiles.METRICS, ExperimentFiles.CYCLES,
            RunFiles.SUMMARY, ExperimentFiles.CHECKPOINT, ExperimentFiles.SCHEDULES_PNG, ExperimentFiles.LOSSES_PNG,
            ToyFiles.TRAJECTORY_PNG, ToyFiles.DIAGNOSTICS_PNG, SearchCommand.TRIALS, SearchCommand.PNG);

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunDirectory(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** What to do with the files of an earlier run in the directory. */
    enum Existing {
        /** Refuse to start: the directory holds another run. */
        REFUSE,
        /** Keep them: this run continues the earlier one. */
        CONTINUE,
        /** Delete them before starting. */
        REPLACE,
        /**
         * Delete the files this command writes itself ({@code own}) and refuse when others are there: for a
         * command that is meant to be rerun into the same directory (the demo).
         */
        REPLACE_OWN
    }

    /**
     * Opens {@code dir} for a run (see the class comment).
     *
     * @param option the flag that named the directory, for messages ({@code --out})
     * @throws ParameterException if the directory cannot be created, is in use by another run, or holds another
     *     run's files and {@code existing} is {@link Existing#REFUSE}
     */
    static RunDirectory open(Path dir, Existing existing, String option, CommandLine cl) {
        return open(dir, existing, List.of(), option, cl);
    }

    /** {@link #open(Path, Existing, String, CommandLine)}; {@code own} are the files {@link Existing#REPLACE_OWN} may delete. */
    static RunDirectory open(Path dir, Existing existing, List<String> own, String option, CommandLine cl) {
        Path d = ExperimentFiles.outputDirectory(dir, cl);
        FileChannel ch;
        FileLock lock;
        try {
            ch = FileChannel.open(d.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ParameterException(cl, option + " " + d + ": cannot write in the directory ("
                    + (e instanceof java.nio.file.FileSystemException fs ? Main.describe(fs) : e.toString()) + ")");
        }
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new ParameterException(cl, option + " " + d + ": cannot lock " + LOCK + " (" + e + ")");
        }
        if (lock == null) {
            closeQuietly(ch);
            throw new ParameterException(cl, option + " " + d + " is in use by another run (it holds " + LOCK
                    + "); wait for that run to end or choose another directory");
        }
        RunDirectory run = new RunDirectory(d, ch, lock);
        try {
            run.removeTemporaryFiles();
            List<String> found = run.runFiles();
            if (existing == Existing.REPLACE_OWN) {
                List<String> foreign = new ArrayList<>(found);
                foreign.removeAll(own);
                if (!foreign.isEmpty()) {
                    throw new ParameterException(cl, option + " " + d + " holds the files of another command's run ("
                            + String.join(", ", foreign) + "); choose another directory");
                }
                existing = Existing.REPLACE;
            }
            if (!found.isEmpty()) {
                if (existing == Existing.REFUSE) {
                    throw new ParameterException(cl, option + " " + d + " holds the files of another run (" + String.join(", ",
                            found) + "); --resume continues it (where the command supports it), --overwrite replaces it");
                }
                if (existing == Existing.REPLACE) {
                    for (String f : found) {
                        Files.deleteIfExists(d.resolve(f));
                    }
                }
            }
        } catch (IOException e) {
            run.close();
            throw new ParameterException(cl, option + " " + d + ": cannot clear the directory (" + e + ")");
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    Path path() {
        return dir;
    }

    /** The {@link #RUN_FILES} present in the directory. */
    List<String> runFiles() {
        List<String> found = new ArrayList<>();
        for (String f : RUN_FILES) {
            if (Files.exists(dir.resolve(f))) {
                found.add(f);
            }
        }
        return found;
    }

    /** Temporary files of atomic writes that a crash or a kill left behind (no live writer: the lock is held). */
    private void removeTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Releases the lock (the lock file stays: deleting it could let two runs lock different files). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the lock goes with the channel or the process anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do: closing only releases the lock
        }
    }
}
