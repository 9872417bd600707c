package io.github.deltastn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.RunFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the guide's example, {@code docs/examples/TuneYourModel.java}, as a user would (against the
 * library on the class path), for fewer epochs, and checks what it prints and writes.
 */
class TuneYourModelExampleTest {

    @Test
    void theGuidesExampleRunsAndWritesTheRunFiles(@TempDir Path tmp) throws Exception {
        Path source = Path.of("docs/examples/TuneYourModel.java");
        assertTrue(Files.isRegularFile(source), "run from the deltastn module: " + source.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK is needed to compile the example");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertEquals(0, rc, "the example compiles: " + errors.toString(StandardCharsets.UTF_8));

        Path out = tmp.resolve("out");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("TuneYourModel").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {out.toString(), "100"});
        } finally {
            System.setOut(stdout);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("cycle   10  dropout"), text);
        assertTrue(text.contains("epoch 100  valid loss"), text);

        RunFiles.Metrics m = RunFiles.readMetrics(out.resolve(RunFiles.METRICS));
        assertEquals(List.of("dropout", "weight_decay"), m.hyperNames());
        List<EpochMetrics> rows = m.rows();
        assertEquals(101, rows.size(), "epochs 0..100");
        EpochMetrics first = rows.get(0);
        EpochMetrics last = rows.get(rows.size() - 1);
        assertTrue(last.validLoss() < 0.5 * first.validLoss(), "the network learns: " + first + " -> " + last);
        assertTrue(last.hyper().data()[0] != first.hyper().data()[0]
                && last.hyper().data()[1] != first.hyper().data()[1], "both hyperparameters are tuned: " + last);
        assertTrue(Files.readString(out.resolve(RunFiles.SUMMARY)).contains("\"status\": \"completed\""));
    }
}
