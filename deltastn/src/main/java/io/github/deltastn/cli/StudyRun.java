package io.github.deltastn.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.github.deltastn.engine.RemoteFolder;
import io.github.deltastn.train.RunFiles;
import picocli.CommandLine;

/**
 * One run of a {@code study}: the experiment command's arguments (without {@code --out}) and its directory. Run
 * with {@link #run}, in whichever JVM the engine chose; idempotent: a finished run is not run again, an unfinished
 * one resumes from its checkpoint.
 *
 * @param name {@code E-M[-V]-sS}
 * @param args the command and its arguments, e.g. {@code mnist --method delta --seed 0 --epochs 20}
 * @param dir the run directory: an absolute path, or with a remote folder the entry's name in it
 * @param folder the study's remote folder, or null when the study folder is a path
 */
record StudyRun(String name, List<String> args, String dir, RemoteFolder folder) implements Serializable {

    StudyRun {
        args = List.copyOf(args);
    }

    /**
     * What became of a run, from its summary.json.
     *
     * @param status completed, diverged, failed (the command exited with an error; see the .log) or pending
     * @param skipped true when the run had finished before and was not run again
     */
    record Outcome(String name, String status, boolean skipped, int exit, double seconds, double finalValidLoss,
            double bestValidLoss, double finalTestLoss, double finalTestAccuracy, String message) implements Serializable {
        static final String CSV_HEADER = "run,status,seconds,final_valid_loss,best_valid_loss,final_test_loss,"
                + "final_test_acc,message";

        static Outcome failed(String name, String message) {
            return new Outcome(name, "failed", false, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    message);
        }

        static Outcome pending(String name) {
            return new Outcome(name, "pending", false, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
        }

        /** Completed or diverged (a diverged run is a result, recorded in its summary.json). */
        boolean ok() {
            return status.equals("completed") || status.equals("diverged");
        }

        String csv() {
            return String.join(",", name, status, Double.toString(seconds), Double.toString(finalValidLoss),
                    Double.toString(bestValidLoss), Double.toString(finalTestLoss), Double.toString(finalTestAccuracy),
                    message == null ? "" : message.replaceAll("[,\\r\\n]", " "));
        }

        String line() {
            return String.format(Locale.ROOT, "%-28s %-9s%s %8.1f s  final valid %.4f  best valid %.4f%s", name, status,
                    skipped ? " (done before)" : "", seconds, finalValidLoss, bestValidLoss,
                    message == null ? "" : "  " + Main.cap(message));
        }
    }

    /**
     * Runs (or skips, or resumes) this run in this JVM; its console goes to {@code DIR.log}. With a remote folder
     * the run works in a local scratch folder: its files are copied from the folder first (a finished run's summary
     * alone) and back when it ends.
     */
    static Outcome run(StudyRun r) throws IOException {
        if (r.folder() == null) {
            Path dir = Path.of(r.dir());
            return runIn(r, dir, dir.resolveSibling(dir.getFileName() + ".log"));
        }
        Path scratch = Files.createTempDirectory("deltastn-run");
        try {
            Path dir = scratch.resolve(r.name());
            Files.createDirectories(dir);
            if (r.folder().download(r.dir() + "/" + RunFiles.SUMMARY, dir.resolve(RunFiles.SUMMARY))) {
                Outcome before = read(r.name(), dir, true, 0);
                if (before.ok()) {
                    return before;
                }
                r.folder().download(r.dir(), dir);
            }
            Path log = scratch.resolve(r.name() + ".log");
            Outcome o = runIn(r, dir, log);
            r.folder().upload(dir, r.dir());
            r.folder().upload(log, r.dir() + ".log");
            return o;
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static Outcome runIn(StudyRun r, Path dir, Path log) throws IOException {
        Outcome before = read(r.name(), dir, true, 0);
        if (before.ok()) {
            return before;
        }
        List<String> a = new ArrayList<>(r.args());
        a.addAll(List.of("--out", dir.toString(), Files.isRegularFile(dir.resolve("checkpoint.bin")) ? "--resume" : "--overwrite"));
        Files.createDirectories(dir.getParent());
        int exit;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            w.println("deltastn-cli " + String.join(" ", a));
            CommandLine cl = Main.commandLine();
            cl.setOut(w);
            cl.setErr(w);
            exit = Main.execute(cl, a.toArray(new String[0]));
        }
        Outcome o = read(r.name(), dir, false, exit);
        if (exit != 0 && !o.ok()) {
            List<String> lines = Files.readAllLines(log);
            return Outcome.failed(r.name(), "exit " + exit + ": " + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
        }
        return o;
    }

    /** The outcome its summary.json records, or pending when there is none. */
    private static Outcome read(String name, Path dir, boolean skipped, int exit) throws IOException {
        if (!Files.isRegularFile(dir.resolve(RunFiles.SUMMARY))) {
            return Outcome.pending(name);
        }
        JsonObject s = StudyCommand.summary(dir);
        String status = text(s, "status");
        JsonObject fin = s.has("final") && s.get("final").isJsonObject() ? s.getAsJsonObject("final") : new JsonObject();
        JsonObject best = s.has("best") && s.get("best").isJsonObject() ? s.getAsJsonObject("best") : new JsonObject();
        return new Outcome(name, status == null ? "pending" : status, skipped, exit, number(s, "seconds"),
                number(fin, "valid_loss"), number(best, "valid_loss"), number(fin, "test_loss"), number(fin, "test_acc"),
                text(s, "message"));
    }

    /** Deletes {@code dir} and everything below it (a scratch folder of this class). */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
