package io.github.deltastn.nn.examples;

import io.github.deltastn.nn.data.MissingDataException;
import java.io.IOException;

/** How the examples' {@code main} methods report problems: a message on stderr and an exit status. */
final class Cli {
    private Cli() {}

    /** The body of a {@code main}. */
    interface Body {
        void run() throws IOException;
    }

    /**
     * Runs {@code body}; returns the exit status: 0 on success or {@code --help}, 2 for a bad command line
     * or missing data (the message says to run {@code scripts/fetch-data.sh}), 1 for other I/O errors.
     */
    static int run(Body body) {
        try {
            body.run();
            return 0;
        } catch (Args.UsageException e) {
            boolean help = e.isHelp();
            (help ? System.out : System.err).println(e.getMessage());
            return help ? 0 : 2;
        } catch (MissingDataException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("error: " + e);
            return 1;
        }
    }
}
