package io.github.deltastn.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** config.json's git_revision is the commit the build saw, recorded at build time (not read from a checkout later). */
class GitRevisionTest {
    @Test
    void theRevisionIsTheCommitOfTheCheckoutThatBuiltTheClasses() throws IOException, InterruptedException {
        // The test classes were built by the same Maven run from this checkout, so its HEAD is the built commit.
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
                "built outside a git checkout (a source archive): the revision is null by design");
        String recorded = ExperimentReport.gitRevision();
        assertNotNull(recorded, "the build ran in a git checkout, so git.properties must name its commit");
        assertTrue(recorded.matches("[0-9a-f]{40}(-dirty)?"), recorded);
        assertTrue(recorded.startsWith(head), "recorded " + recorded + ", checkout HEAD " + head);
    }
}
