package io.github.deltastn.cli;

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
 * {@code compare} and {@code search} (see the package documentation).
 * Exit codes: 0 success, 1 failure while running, 2 bad flags or input files.
 */
@Command(name = "deltastn-cli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Online hyperparameter tuning with STN, centered STN and Delta-STN (Bae & Grosse, NeurIPS 2020).",
        subcommands = {DemoCommand.class, ToyCommand.class, MnistCommand.class, FmnistCommand.class, LmCommand.class,
            PlotCommand.class, CompareCommand.class, SearchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Runs the tool and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, for {@link CommandLine#execute} (tests call it in-process, with their own
     * {@link CommandLine#setOut} / {@link CommandLine#setErr}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::runFailed);
        return cl;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: expected demo, toy, mnist, fmnist, lm, plot, compare, search or help");
    }

    /**
     * A failure after the arguments were accepted: one line on stderr, exit code 1. Failures the tool
     * expects (a diverging run, an I/O error) get no stack trace; anything else is a bug and gets one.
     */
    private static int runFailed(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean expected = ex instanceof NonFiniteLossException || ex instanceof IOException
                || ex instanceof UncheckedIOException;
        String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
        err.println(cl.getColorScheme().errorText(cl.getCommandSpec().qualifiedName() + ": " + message));
        if (!expected) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.SOFTWARE;
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
