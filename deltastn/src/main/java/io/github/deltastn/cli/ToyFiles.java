package io.github.deltastn.cli;

import io.github.deltastn.toy.HyperOptimum;
import io.github.deltastn.toy.Robustness;
import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Point;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.toy.ToyExperiment.Settings;
import io.github.deltastn.train.RunFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.awt.Color;
import org.jfree.chart.JFreeChart;

/**
 * The files of {@code toy} and {@code demo}: {@code metrics.csv} (one row per method, seed and cycle, with the
 * diagnostics of {@link Point}), {@code summary.json} (per method: how many seeds land within the bounds, the
 * median and worst regret, and every run), {@code trajectory.png} (every seed's trajectory against λ*) and
 * {@code diagnostics.png} (trajectory, hypergradient, response and w0 error of every seed).
 */
final class ToyFiles {
    static final String METRICS = "metrics.csv";
    static final String SUMMARY = "summary.json";
    static final String TRAJECTORY_PNG = "trajectory.png";
    static final String DIAGNOSTICS_PNG = "diagnostics.png";
    /** The header of {@code metrics.csv}. */
    static final String METRICS_HEADER = "method,seed,cycle,steps,value,train_loss,valid_loss,exact_valid_loss,"
            + "hypergradient,exact_hypergradient,response_hypergradient,response_cosine,response_ratio,weight_error";

    private ToyFiles() {}

    /** The runs of one method, in seed order. */
    record MethodRuns(String label, List<Outcome> outcomes) {}

    /** One run in {@code summary.json}. */
    record Run(long seed, double finalValue, double valLossAtFinal, double relativeRegret, double distance,
               boolean withinBounds, double seconds, long trainingSteps, String failure) {
        static Run of(Outcome o) {
            List<Point> t = o.trajectory();
            return new Run(o.seed(), o.finalValue(), o.valLossAtFinal(), o.relativeRegret(), o.distance(),
                    o.failure() == null && o.withinBounds(), o.seconds(), t.isEmpty() ? 0 : t.get(t.size() - 1).steps(),
                    o.failure());
        }
    }

    /** One method in {@code summary.json}. */
    record MethodSummary(String method, Robustness robustness, List<Run> runs) {}

    /** The data of the runs. */
    record Data(String source, boolean standardized, int nTrain, int nValid, int features) {
        static Data of(DataSource s) {
            return new Data(s.description(), s.standardized(), s.data().nTrain(), s.data().nValid(), s.data().features());
        }
    }

    /**
     * The settings shared by every run (the seeds listed instead of one seed); {@code hyperTerms} and
     * {@code hyperDamping} only for {@code --method ift|unroll}, null otherwise.
     */
    record Common(int cycles, int warmupCycles, double sigma, double lr, double hyperLr, double decay,
                  String response, boolean normalizeInputs, String penaltyNetwork, long[] seeds, Integer hyperTerms,
                  Double hyperDamping) {
        static Common of(Settings s, long[] seeds) {
            boolean gradient = s.method().tuning() instanceof io.github.deltastn.train.TuningMethod.GradientBased;
            return new Common(s.cycles(), s.warmupCycles(), s.sigma(), s.lr(), s.hyperLr(), s.decay(),
                    s.response().name().toLowerCase(java.util.Locale.ROOT), s.normalizeInputs(),
                    s.penaltyNetwork().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), seeds,
                    gradient ? Integer.valueOf(s.hyperTerms()) : null, gradient ? Double.valueOf(s.hyperDamping()) : null);
        }
    }

    /**
     * What {@code summary.json} holds. The bounds: relative regret ≤ {@code regretBound}, |u − u*| ≤
     * {@code distanceBound} with u = ln c, or the stretched logit of p. {@code exactGradientEndpoint}: where the
     * hyper steps end with the exact hypergradient ({@code ToyExperiment.exactGradientEndpoint}).
     */
    record Summary(String problem, Data data, Common settings, double exactOptimum, double valLossAtOptimum,
                   boolean optimumInterior, double exactGradientEndpoint, double regretBound, double distanceBound,
                   List<MethodSummary> methods) {}

    static Summary summary(Problem problem, DataSource source, Settings s, long[] seeds, HyperOptimum optimum,
                           double exactGradientEndpoint, List<MethodRuns> runs) {
        List<MethodSummary> methods = new ArrayList<>();
        for (MethodRuns m : runs) {
            methods.add(new MethodSummary(m.outcomes().get(0).method().id(), Robustness.of(m.outcomes()),
                    m.outcomes().stream().map(Run::of).toList()));
        }
        return new Summary(problem.id(), Data.of(source), Common.of(s, seeds), optimum.value(), optimum.validationLoss(),
                optimum.interior(), exactGradientEndpoint, io.github.deltastn.toy.ToyExperiment.REGRET_BOUND,
                io.github.deltastn.toy.ToyExperiment.DISTANCE_BOUND, methods);
    }

    /** Every trajectory point of every run; a value not known at a point is an empty field. */
    static void writeMetrics(Path file, List<MethodRuns> runs) throws IOException {
        StringBuilder w = new StringBuilder(METRICS_HEADER).append('\n');
        for (MethodRuns m : runs) {
            for (Outcome o : m.outcomes()) {
                for (Point p : o.trajectory()) {
                    w.append(o.method().id()).append(',').append(o.seed()).append(',').append(p.cycle()).append(',')
                            .append(p.steps()).append(',').append(num(p.value())).append(',')
                            .append(num(p.trainLoss())).append(',').append(num(p.validLoss())).append(',')
                            .append(num(p.exactValidLoss())).append(',').append(num(p.hypergradient())).append(',')
                            .append(num(p.exactHypergradient())).append(',').append(num(p.responseHypergradient()))
                            .append(',').append(num(p.responseCosine())).append(',').append(num(p.responseRatio()))
                            .append(',').append(num(p.weightError())).append('\n');
                }
            }
        }
        RunFiles.writeAtomically(file, w.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /**
     * The groups of a plot: for one method, its seeds within the bounds and outside them; for several, one
     * group per method.
     */
    static List<Plots.Group> groups(List<MethodRuns> runs, ToDoubleFunction<Point> f) {
        List<Plots.Group> groups = new ArrayList<>();
        if (runs.size() == 1) {
            List<Plots.Series> in = new ArrayList<>();
            List<Plots.Series> out = new ArrayList<>();
            for (Outcome o : runs.get(0).outcomes()) {
                (o.failure() == null && o.withinBounds() ? in : out).add(Plots.column("seed " + o.seed(), o.trajectory(), f));
            }
            String label = runs.get(0).label();
            if (!in.isEmpty()) {
                groups.add(new Plots.Group(label + ": " + seeds(in.size()) + " within bounds", in));
            }
            if (!out.isEmpty()) {
                groups.add(new Plots.Group(label + ": " + seeds(out.size()) + " outside", out));
            }
        } else {
            for (MethodRuns m : runs) {
                groups.add(new Plots.Group(m.label(), m.outcomes().stream()
                        .map(o -> Plots.column("seed " + o.seed(), o.trajectory(), f)).toList()));
            }
        }
        return groups;
    }

    /** {@code trajectory.png}: every run's hyperparameter against the cycle, and λ*. */
    static void trajectoryPlot(Path png, Plots.Chart chart, Problem problem, List<MethodRuns> runs, double optimum)
            throws IOException {
        Plots.trajectories(png, chart, groups(runs, Point::value), optimum,
                "exact optimum " + Labels.symbol(problem) + "* = " + Plots.fmt(optimum));
    }

    /**
     * {@code diagnostics.png}: four panels against the cycle — the hyperparameter and λ*; the hypergradient
     * the hyper step followed and the exact one; the cosine between the learned and the exact response at w0;
     * the relative distance of w0 from w*(λ).
     */
    static void diagnosticsPlot(Path png, String title, Problem problem, List<MethodRuns> runs, double optimum)
            throws IOException {
        boolean logValue = problem != Problem.DROPOUT;
        String axis = Plots.CYCLE_AXIS;
        List<Plots.Series> exact = new ArrayList<>();
        for (Outcome o : runs.get(0).outcomes()) {
            exact.add(Plots.column("exact", o.trajectory(), Point::exactHypergradient));
        }
        // the exact hypergradient last, so that it is drawn on top of the followed ones
        List<Plots.Group> followed = new ArrayList<>(groups(runs, Point::hypergradient));
        followed.add(new Plots.Group("exact dL_V(w*(\u03bb))/du", exact, Color.BLACK));
        List<JFreeChart> panels = List.of(
                Plots.chart(new Plots.Chart("hyperparameter", null, axis, Labels.hyperparameter(problem), logValue),
                        groups(runs, Point::value), optimum, Labels.symbol(problem) + "* = " + Plots.fmt(optimum)),
                Plots.chart(new Plots.Chart("hypergradient dL_V/du", null, axis, "followed (colour), exact (black)", false),
                        followed, Double.NaN, null),
                Plots.chart(new Plots.Chart("learned vs exact response at w0",
                        anyResponse(runs) ? null : "none: no hypernetwork in these runs", axis,
                        "cos(\u0398, J(w0))", false), groups(runs, Point::responseCosine), 1.0, "cos = 1"),
                Plots.chart(new Plots.Chart("w0 against w*(\u03bb)", null, axis, "|w0 - w*| / |w*|", true),
                        groups(runs, Point::weightError), Double.NaN, null));
        RunPlots.grid(png, title, panels, 2);
    }

    /** Whether some cycle of some run has a learned response to compare (IFT and unrolling have none). */
    private static boolean anyResponse(List<MethodRuns> runs) {
        for (MethodRuns m : runs) {
            for (Outcome o : m.outcomes()) {
                for (Point p : o.trajectory()) {
                    if (Double.isFinite(p.responseCosine())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** "1 seed", "3 seeds". */
    private static String seeds(int n) {
        return n + (n == 1 ? " seed" : " seeds");
    }
}
