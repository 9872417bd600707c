package io.github.deltastn.cli;

import io.github.deltastn.train.EpochMetrics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a training run: a progress bar on stderr (steps, ETA, and the latest losses and
 * hyperparameters as its message) when a terminal is attached, and always one line per epoch on the
 * command's output — with an ETA, so that logs without a terminal (CI) show progress too.
 */
final class Progress implements AutoCloseable {
    private final PrintWriter out;
    private final List<String> hyperNames;
    private final int epochs;
    private final long totalSteps;
    private final long startSteps;
    private final long startNanos = System.nanoTime();
    private final ProgressBar bar;

    /**
     * @param totalSteps training steps of the whole run (an estimate for the ETA)
     * @param startSteps steps already taken (a resumed run)
     * @param elapsed seconds already spent (a resumed run)
     * @param terminal whether to draw a progress bar
     */
    Progress(PrintWriter out, String task, List<String> hyperNames, int epochs, long totalSteps, long startSteps,
             double elapsed, boolean terminal) {
        this.out = out;
        this.hyperNames = hyperNames;
        this.epochs = epochs;
        this.totalSteps = totalSteps;
        this.startSteps = startSteps;
        this.bar = terminal
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" steps", 1)
                        .startsFrom(startSteps, Duration.ofMillis((long) (elapsed * 1000))).build()
                : null;
    }

    /** After a cycle: moves the bar to {@code steps}; its message shows the epoch's running training loss and λ. */
    void cycle(long steps, double trainLoss, double[] hyper) {
        if (bar != null) {
            bar.stepTo(Math.min(steps, totalSteps));
            bar.setExtraMessage(message("train", trainLoss, hyper));
        }
    }

    /**
     * While an epoch boundary is evaluated: the bar's message says which split and how far (without a terminal
     * nothing is printed, the epoch line follows).
     */
    void evaluating(String split, int done, int total) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, " evaluating %s %d/%d", split, done, total));
        }
    }

    /** At an epoch boundary: the epoch's line, and the bar's message. */
    void epoch(EpochMetrics m) {
        if (bar != null) {
            bar.stepTo(Math.min(m.steps(), totalSteps));
            bar.setExtraMessage(message("valid", m.validLoss(), m.hyper().data()));
        }
        out.println(line(m));
        out.flush();
    }

    private static String message(String what, double loss, double[] hyper) {
        StringBuilder msg = new StringBuilder(" ").append(what).append(' ').append(loss(loss)).append(" | hyper");
        for (double v : hyper) {
            msg.append(' ').append(String.format(Locale.ROOT, "%.3g", v));
        }
        return msg.toString();
    }

    String line(EpochMetrics m) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "epoch %3d/%d  step %7d  %8.1f s  train %s  valid %s (%s)  test %s (%s)  %s",
                m.epoch(), epochs, m.steps(), m.seconds(), loss(m.trainLoss()), loss(m.validLoss()),
                pct(m.validAccuracy()), loss(m.testLoss()), pct(m.testAccuracy()), hyper(m, 4)));
        long done = m.steps() - startSteps;
        double secs = (System.nanoTime() - startNanos) * 1e-9;
        if (done > 0 && m.steps() < totalSteps) {
            sb.append("  ETA ").append(duration(secs / done * (totalSteps - m.steps())));
        }
        return sb.toString();
    }

    private String hyper(EpochMetrics m, int digits) {
        StringBuilder sb = new StringBuilder();
        double[] v = m.hyper().data();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(hyperNames.get(i)).append('=')
                    .append(String.format(Locale.ROOT, "%." + digits + "g", v[i]));
        }
        return sb.toString();
    }

    /** Four decimals, or four significant digits for a loss that is blowing up; "-" when not evaluated. */
    private static String loss(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, Math.abs(v) < 1e4 ? "%.4f" : "%.4g", v);
    }

    private static String pct(double acc) {
        return Double.isNaN(acc) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * acc);
    }

    /** {@code 1h02m}, {@code 3m05s} or {@code 42s}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
