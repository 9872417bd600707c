package io.github.deltastn.cli;

import com.google.gson.JsonObject;
import io.github.deltastn.engine.Engine;
import io.github.deltastn.engine.RemoteFolder;
import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code deltastn-cli study}: a grid of runs — experiment × method × variant × seed — run one after another or in
 * parallel on an {@link Engine}, each into its own directory under the study folder, then one table
 * ({@code study.csv}) and, per experiment, the {@code compare --seeds} figures.
 *
 * <p>Usage: {@code deltastn-cli study --experiment mnist --method delta,stn --seed 0,1,2 --out runs/study --
 * --epochs 20 --limit-train 5000}, or {@code --spec study.json} with the same fields
 * ({@code {"experiments": [...], "methods": [...], "seeds": [...], "args": [...], "variants": {"name": [...]}}}).
 * Run {@code E-M[-V]-sS} gets {@code E --method M --seed S ARGS VARIANT_ARGS --out STUDY/E-M[-V]-sS}; its console
 * goes to {@code STUDY/E-M[-V]-sS.log}. Started again, a study skips its finished runs (summary.json status
 * completed or diverged) and resumes the others from their checkpoints.
 *
 * <p>The study folder is a path, or a URI the engine reaches ({@link Engine#folder}; Spark: any Hadoop file system),
 * into which each run is copied from a local scratch folder when it ends ({@link StudyRun#run}).
 */
@Command(name = "study", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "A grid of mnist / fmnist / lm / cifar runs (experiment x method x variant x seed), locally or on Spark; "
                    + "started again it resumes.",
            "Writes one run directory per run, study.json, study.csv and compare-EXPERIMENT/ to the study folder."})
final class StudyCommand implements Callable<Integer> {
    static final String PLAN = "study.json";
    static final String TABLE = "study.csv";
    static final List<String> EXPERIMENTS = List.of("mnist", "fmnist", "lm", "cifar");

    @Spec
    private CommandSpec spec;

    @Option(names = "--spec", paramLabel = "FILE", order = 0,
            description = "The grid as JSON: experiments, methods, seeds, args, variants (instead of the flags below).")
    private Path specFile;

    @Option(names = "--experiment", split = ",", paramLabel = "E", order = 1,
            description = "mnist, fmnist, lm or cifar (comma-separated for several).")
    private List<String> experiments;

    @Option(names = "--method", split = ",", paramLabel = "M", order = 2,
            description = "Methods, as the experiment commands' --method (comma-separated).")
    private List<String> methods;

    @Option(names = "--seed", split = ",", paramLabel = "S", order = 3, description = "Seeds. Default: 0.")
    private List<Long> seeds;

    @Option(names = "--variant", paramLabel = "NAME=ARGS", order = 4,
            description = "A setting to compare, e.g. --variant 'sigma-small=--sigma 0.5' (repeatable; runs are named "
                    + "E-M-NAME-sS). Default: one variant without extra arguments.")
    private List<String> variantFlags;

    @Parameters(paramLabel = "ARGS", description = "Arguments for every run, after --, e.g. -- --epochs 20 --synthetic 600.")
    private List<String> args;

    @Mixin
    private EngineOptions engineOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR", order = 7,
            description = "The study folder: a path (on a cluster one every worker can write, e.g. a shared file "
                    + "system), or with --engine spark a URI Hadoop reaches, e.g. hdfs://namenode:8020/studies/s1.")
    private String out;

    /** The grid, as {@code study.json} records it. */
    record Plan(List<String> experiments, List<String> methods, List<Long> seeds, List<String> args,
            Map<String, List<String>> variants) {}

    @Override
    public Integer call() throws IOException {
        Plan plan = plan();
        boolean remote = out.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
        Engine engine = engineOptions.open();
        try (engine) {
            RemoteFolder folder = null;
            Path home;
            if (remote) {
                try {
                    folder = engine.folder(out);
                } catch (IllegalArgumentException e) {
                    throw bad("--out " + out + ": " + e.getMessage());
                }
                home = Files.createTempDirectory("deltastn-study");
            } else {
                home = Path.of(out).toAbsolutePath().normalize();
            }
            try {
                return study(plan, engine, home, folder);
            } finally {
                if (remote) {
                    StudyRun.deleteRecursively(home);
                }
            }
        }
    }

    /**
     * Runs the study with its files in {@code home}: the study folder, or with a remote {@code folder} a scratch
     * copy of its study.json, study.csv and compare figures.
     */
    private int study(Plan plan, Engine engine, Path home, RemoteFolder folder) throws IOException {
        List<StudyRun> runs = runs(plan, home, folder);
        Files.createDirectories(home);
        Path planFile = home.resolve(PLAN);
        if (folder != null ? folder.download(PLAN, planFile) : Files.isRegularFile(planFile)) {
            Plan before = ExperimentFiles.GSON.fromJson(Files.readString(planFile), Plan.class);
            if (!before.equals(plan)) {
                throw bad("--out " + out + " holds another study: recorded " + ExperimentFiles.GSON.toJson(before)
                        + ", now " + ExperimentFiles.GSON.toJson(plan) + "; use another folder");
            }
        }
        ExperimentFiles.writeJson(planFile, plan);
        publish(home, folder, PLAN);
        PrintWriter console = spec.commandLine().getOut();
        String where = folder != null ? out : home.toString();
        console.printf(Locale.ROOT, "study of %s on engine %s (%d parallel) in %s%n", Labels.count(runs.size(), "run"),
                engine.id(), engine.parallelism(), where);
        console.flush();
        StudyRun.Outcome[] outcomes = new StudyRun.Outcome[runs.size()];
        engine.map(runs, StudyRun::run, (i, o, failure) -> {
            outcomes[i] = failure == null ? o : StudyRun.Outcome.failed(runs.get(i).name(), engine.id() + ": " + failure.getMessage());
            console.println(outcomes[i].line());
            console.flush();
            writeTable(home, folder, runs, outcomes);
        });
        int failed = 0;
        for (StudyRun.Outcome o : outcomes) {
            failed += o.ok() ? 0 : 1;
        }
        for (String e : plan.experiments()) {
            compare(e, home, folder, runs, outcomes, console);
        }
        console.printf("Wrote %s, %s and the run directories to %s%s%n", PLAN, TABLE, where,
                failed == 0 ? "" : "; " + Labels.count(failed, "run") + " failed, see their .log files");
        console.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Copies {@code home/name} to the remote folder, if there is one. */
    private static void publish(Path home, RemoteFolder folder, String name) throws IOException {
        if (folder != null) {
            folder.upload(home.resolve(name), name);
        }
    }

    /** The grid from --spec or from the flags, checked. */
    private Plan plan() throws IOException {
        Plan p;
        if (specFile != null) {
            if (experiments != null || methods != null || seeds != null || variantFlags != null || args != null) {
                throw bad("--spec gives the whole grid; drop --experiment, --method, --seed, --variant and the arguments");
            }
            try {
                p = ExperimentFiles.GSON.fromJson(Files.readString(specFile), Plan.class);
            } catch (IOException | RuntimeException e) {
                throw bad("--spec " + specFile + ": cannot read the study: " + e.getMessage());
            }
            if (p == null) {
                throw bad("--spec " + specFile + " is empty");
            }
            p = new Plan(p.experiments(), p.methods(), p.seeds() == null ? List.of(0L) : p.seeds(),
                    p.args() == null ? List.of() : p.args(), p.variants() == null ? Map.of() : p.variants());
        } else {
            Map<String, List<String>> variants = new LinkedHashMap<>();
            for (String v : variantFlags == null ? List.<String>of() : variantFlags) {
                int eq = v.indexOf('=');
                if (eq < 1) {
                    throw bad("--variant must be NAME=ARGS, e.g. 'sigma-small=--sigma 0.5'; got '" + v + "'");
                }
                String rest = v.substring(eq + 1).trim();
                variants.put(v.substring(0, eq), rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            }
            p = new Plan(experiments, methods, seeds == null ? List.of(0L) : seeds, args == null ? List.of() : args,
                    variants);
        }
        if (p.experiments() == null || p.experiments().isEmpty() || p.methods() == null || p.methods().isEmpty()) {
            throw bad("a study needs at least one experiment and one method (--experiment, --method or the spec's "
                    + "\"experiments\" and \"methods\")");
        }
        for (String e : p.experiments()) {
            if (!EXPERIMENTS.contains(e)) {
                throw bad("unknown experiment '" + e + "' in the study, expected one of " + EXPERIMENTS);
            }
        }
        for (String a : p.args()) {
            if (List.of("--out", "--seed", "--method", "--resume", "--overwrite").contains(a)) {
                throw bad("the study sets " + a + " of each run itself; drop it from the arguments");
            }
        }
        for (String name : p.variants().keySet()) {
            if (!name.matches("[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*") || name.matches(".*-s[0-9]+$")) {
                throw bad("variant name '" + name + "' must be letters, digits, '_', '.', '-' and not end in -sN");
            }
        }
        return p;
    }

    /** Every run of the grid, experiment-major, seeds innermost. */
    static List<StudyRun> runs(Plan p, Path dir, RemoteFolder folder) {
        Map<String, List<String>> variants = p.variants().isEmpty() ? Map.of("", List.of()) : p.variants();
        List<StudyRun> runs = new ArrayList<>();
        for (String e : p.experiments()) {
            for (String m : p.methods()) {
                for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                    for (long s : p.seeds()) {
                        String name = e + "-" + m + (v.getKey().isEmpty() ? "" : "-" + v.getKey()) + "-s" + s;
                        List<String> a = new ArrayList<>(List.of(e, "--method", m, "--seed", Long.toString(s)));
                        a.addAll(p.args());
                        a.addAll(v.getValue());
                        runs.add(new StudyRun(name, a, folder == null ? dir.resolve(name).toString() : name, folder));
                    }
                }
            }
        }
        return runs;
    }

    private static void writeTable(Path home, RemoteFolder folder, List<StudyRun> runs, StudyRun.Outcome[] outcomes) {
        StringBuilder csv = new StringBuilder(StudyRun.Outcome.CSV_HEADER).append('\n');
        for (int i = 0; i < runs.size(); i++) {
            csv.append(outcomes[i] == null ? StudyRun.Outcome.pending(runs.get(i).name()).csv() : outcomes[i].csv())
                    .append('\n');
        }
        try {
            RunFiles.writeAtomically(home.resolve(TABLE), csv.toString());
            publish(home, folder, TABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + TABLE + ": " + e, e);
        }
    }

    /**
     * {@code compare --seeds} over the experiment's finished runs, into {@code compare-E/}; with a remote folder
     * on local copies of the runs' small files, the figures copied back.
     */
    private void compare(String experiment, Path home, RemoteFolder folder, List<StudyRun> runs,
                         StudyRun.Outcome[] outcomes, PrintWriter console) throws IOException {
        List<String> a = new ArrayList<>(List.of("compare", "--seeds"));
        for (int i = 0; i < runs.size(); i++) {
            StudyRun r = runs.get(i);
            if (!r.args().get(0).equals(experiment) || !outcomes[i].ok()) {
                continue;
            }
            if (folder == null) {
                a.add(r.dir());
            } else {
                Path copy = home.resolve(r.name());
                Files.createDirectories(copy);
                for (String f : List.of(ExperimentFiles.CONFIG, RunFiles.METRICS, RunFiles.SUMMARY)) {
                    folder.download(r.dir() + "/" + f, copy.resolve(f));
                }
                a.add(copy.toString());
            }
        }
        if (a.size() == 2) {
            return;
        }
        String name = "compare-" + experiment;
        a.addAll(List.of("--out", home.resolve(name).toString()));
        CommandLine cl = Main.commandLine();
        cl.setOut(console);
        cl.setErr(spec.commandLine().getErr());
        if (cl.execute(a.toArray(new String[0])) != 0) {
            console.println("compare of the " + experiment + " runs failed (see above); the run directories are complete");
        } else {
            publish(home, folder, name);
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A run directory's summary.json. */
    static JsonObject summary(Path dir) throws IOException {
        return ExperimentFiles.readJsonObject(dir.resolve(RunFiles.SUMMARY));
    }
}
