package io.github.deltastn.cli;

import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.TuningMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** What {@code config.json} and {@code summary.json} of an experiment run hold (snake_case keys there). */
final class ExperimentReport {
    private ExperimentReport() {}

    /**
     * Every setting that determines the numbers of a run; {@code --resume} requires the same settings except
     * {@link #RESUMABLE}: {@code epochs} (no setting depends on the total, so a run may be extended) and
     * {@code evalEvery} (evaluation does not change the training).
     *
     * @param limitEval validation and test examples used (evenly spaced), 0 = all
     * @param evalEvery the validation and test sets are evaluated every this many epochs (and at the end)
     * @param evalTrain a full pass over the training set at epoch 0
     * @param synthetic number of random stand-in training images, or null for the real data
     * @param model the model variant: {@code reference|paper} widths for fmnist, the LSTM's size for lm, null
     *     for mnist
     * @param sigma the initial perturbation scale of every hyperparameter ({@code --sigma}), null for the
     *     experiment's
     * @param hyperTerms K of {@code --method ift|unroll}, null for the other methods
     * @param hyperDamping the damping of {@code --method ift|unroll}, null for the other methods
     */
    record Settings(String experiment, String method, int epochs, int warmup, int trainSteps, int validSteps,
            int batchSize, int validBatchSize, double lr, double responseLr, double momentum, double hyperLr,
            double scaleLr, double tau, boolean tuneScales, long seed, int limitTrain, int limitEval, int evalEvery,
            boolean evalTrain, Integer synthetic, String model, String dtype, Map<String, Double> init,
            Double sigma, Integer hyperTerms, Double hyperDamping) {
        /** The settings (JSON keys) that may change when a run is resumed. */
        static final List<String> RESUMABLE = List.of("epochs", "eval_every");

        static Settings of(String experiment, TrainConfig c, int limitTrain, int limitEval, int evalEvery,
                           boolean evalTrain, Integer synthetic, String model, Map<String, Double> init,
                           Double sigma) {
            boolean gradient = c.method().tuning() instanceof TuningMethod.GradientBased;
            return new Settings(experiment, c.method().id(), c.epochs(), c.warmupEpochs(), c.trainSteps(),
                    c.validSteps(), c.batchSize(), c.validBatchSize(), c.lr(), c.responseLr(), c.momentum(),
                    c.hyperLr(), c.scaleLr(), c.tau(), c.tuneScales(), c.seed(), limitTrain, limitEval, evalEvery,
                    evalTrain, synthetic, model, c.dtype().toString(), new LinkedHashMap<>(init), sigma,
                    gradient ? Integer.valueOf(c.hyperTerms()) : null, gradient ? Double.valueOf(c.hyperDamping()) : null);
        }
    }

    /**
     * The data a run used.
     *
     * @param dir the data set's cache folder, null for synthetic data
     * @param sha256 file name → sha256 (from the fetch script's {@code .sha256} manifest, else computed), or
     *     the string {@code "synthetic"}
     */
    record Data(String name, String dir, Object sha256, int nTrain, int nValid, int nTest) {}

    /** A tuned hyperparameter: its range, initial value and whether it is discrete. */
    record HyperSpec(String name, double lo, double hi, double initial, boolean discrete) {
        static List<HyperSpec> of(Hyperparameters hp) {
            List<HyperSpec> out = new ArrayList<>();
            for (Hyperparameter h : hp.all()) {
                out.add(new HyperSpec(h.name(), h.lo(), h.hi(), h.initial(), h.discrete()));
            }
            return out;
        }
    }

    /** {@code config.json}. {@code gitRevision}: {@link #gitRevision()}, null if built outside a git checkout. */
    record Config(Settings settings, int threads, Data data, List<HyperSpec> hyperparameters, String gitRevision,
            String javaVersion, String started) {}

    /**
     * The checksums of a cached data set: the entries of the fetch script's {@code .sha256} manifest if the
     * folder has one, else the sha256 of each regular file in it (hidden files excepted).
     */
    static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path manifest = dir.resolve(".sha256");
        if (Files.isRegularFile(manifest)) {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+", 2);
                if (f.length == 2) {
                    out.put(f[1].startsWith("*") ? f[1].substring(1) : f[1], f[0]);
                }
            }
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        for (Path p : files) {
            out.put(p.getFileName().toString(), sha256(p));
        }
        return out;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The git commit the running code was built from, as the build recorded it in {@code git.properties}
     * (with {@code -dirty} if the checkout had uncommitted changes); null if it was built outside a git checkout.
     * Read from the build, not from a checkout at run time: a jar copied away keeps its own commit.
     */
    static String gitRevision() {
        Properties p = new Properties();
        try (InputStream in = ExperimentReport.class.getResourceAsStream("/io/github/deltastn/git.properties")) {
            if (in == null) {
                return null;
            }
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String id = p.getProperty("git.commit.id.full", "");
        if (!id.matches("[0-9a-f]{40}")) {
            return null;
        }
        return "true".equals(p.getProperty("git.dirty")) ? id + "-dirty" : id;
    }
}
