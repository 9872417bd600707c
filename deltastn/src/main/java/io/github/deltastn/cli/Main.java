package io.github.deltastn.cli;

import io.github.deltastn.nn.data.MalformedDataException;
import io.github.deltastn.nn.data.MissingDataException;
import io.github.deltastn.train.NonFiniteLossException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code deltastn-cli}: {@code demo}, {@code toy}, {@code mnist}, {@code fmnist}, {@code lm}, {@code plot},
 * {@code compare}, {@code search} and {@code study} (see the package documentation).
 * Exit codes: 0 success, 1 failure while running, 2 bad flags or input files.
 */
@Command(name = "deltastn-cli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Online hyperparameter tuning with STN, centered STN and Delta-STN (Bae & Grosse, NeurIPS 2020).",
        subcommands = {DemoCommand.class, ToyCommand.class, MnistCommand.class, FmnistCommand.class, CifarCommand.class,
            LmCommand.class,
            PlotCommand.class, CompareCommand.class, SearchCommand.class, StudyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Messages longer than this are cut (an echoed data line can be hundreds of megabytes). */
    static final int MAX_MESSAGE = 600;

    /** Runs the tool and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(commandLine(), args));
    }

    /**
     * {@link CommandLine#execute} with what it cannot catch: a bad {@code deltastn.threads} system property
     * (exit 2) and running out of memory (exit 1), each as one line with a hint instead of a stack trace.
     */
    static int execute(CommandLine cl, String... args) {
        String threads = System.getProperty("deltastn.threads");
        if (threads != null && !threads.isBlank() && !threads.trim().matches("[1-9][0-9]{0,5}")) {
            cl.getErr().println("deltastn-cli: the system property deltastn.threads must be a positive integer (the "
                    + "threads of the tensor kernels), got '" + cap(threads) + "'; drop -Ddeltastn.threads or use --threads");
            cl.getErr().flush();
            return ExitCode.USAGE;
        }
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(cl, e);
        }
    }

    static int outOfMemory(CommandLine cl, OutOfMemoryError e) {
        cl.getErr().println("deltastn-cli: out of memory (" + cap(String.valueOf(e.getMessage())) + ", maximum heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); give Java more with java -Xmx8g -jar "
                + "deltastn-cli.jar ..., or use less data (--limit-train, --limit-eval, --batch-size)");
        cl.getErr().flush();
        return ExitCode.SOFTWARE;
    }

    /**
     * The configured command line, for {@link #execute} (tests call it in-process, with their own
     * {@link CommandLine#setOut} / {@link CommandLine#setErr}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::runFailed);
        cl.setParameterExceptionHandler(Main::badInput);
        return cl;
    }

    /**
     * Bad flags or input: the reason on one line (cut to {@value #MAX_MESSAGE} characters), exit code 2. A
     * misspelt or missing option also gets a pointer to {@code --help}; the usage itself is not printed, so
     * the reason does not scroll away.
     */
    private static int badInput(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText(cl.getCommandSpec().qualifiedName() + ": " + cap(ex.getMessage())));
        if (ex instanceof CommandLine.UnmatchedArgumentException || ex instanceof CommandLine.MissingParameterException
                || ex instanceof CommandLine.OverwrittenOptionException
                || ex instanceof CommandLine.MutuallyExclusiveArgsException || cl.getCommand() instanceof Main) {
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /** {@code s} cut to {@value #MAX_MESSAGE} characters, saying how much was cut. */
    static String cap(String s) {
        if (s == null || s.length() <= MAX_MESSAGE) {
            return s;
        }
        return s.substring(0, MAX_MESSAGE) + "... (" + (s.length() - MAX_MESSAGE) + " more characters)";
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: expected demo, toy, mnist, fmnist, lm, plot, compare, search or help");
    }

    /**
     * A failure after the arguments were accepted: one line on stderr, exit code 1; a data file found
     * malformed or missing while running is bad input, exit code 2. Failures the tool expects (a diverging
     * run, an I/O error) get no stack trace; anything else is a bug and gets one.
     */
    private static int runFailed(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean badData = ex instanceof MalformedDataException || ex instanceof MissingDataException;
        boolean expected = badData || ex instanceof NonFiniteLossException || ex instanceof IOException
                || ex instanceof UncheckedIOException;
        String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
        if (ex instanceof java.nio.file.FileSystemException fs && fs.getReason() == null) {
            message = describe(fs);
        } else if (ex instanceof UncheckedIOException u && u.getCause() instanceof java.nio.file.FileSystemException fs) {
            message = (ex.getMessage() == null ? "" : ex.getMessage() + ": ") + describe(fs);
        }
        err.println(cl.getColorScheme().errorText(cl.getCommandSpec().qualifiedName() + ": " + cap(message)));
        if (!expected) {
            ex.printStackTrace(err);
        }
        err.flush();
        return badData ? ExitCode.USAGE : ExitCode.SOFTWARE;
    }

    /**
     * A file-system error in words: Java's exceptions for a missing, unwritable or occupied path carry only the
     * path as their message.
     */
    static String describe(java.nio.file.FileSystemException e) {
        String what = e.getReason() != null ? e.getReason().toLowerCase(java.util.Locale.ROOT)
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                : e instanceof java.nio.file.NotDirectoryException ? "not a directory"
                : e instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                : e.getClass().getSimpleName();
        return e.getFile() + ": " + what + (e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")");
    }

    /** The version from the jar manifest (written by the shade plugin). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "deltastn-cli " + (v == null ? "(development build, not from the packaged jar)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
            };
        }
    }
}
