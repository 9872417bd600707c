package io.github.deltastn.cli;

import io.github.deltastn.baselines.SearchSpace;
import io.github.deltastn.baselines.Trial;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.RunFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG figures of experiment runs: hyperparameter schedules (one panel per hyperparameter, as the
 * paper's Fig. 6b/c; of one run, or of several runs and seeds), loss curves, and the comparison of runs by
 * best validation loss so far against epochs and against wall-clock seconds (Fig. 5 and 6a).
 */
final class RunPlots {
    private static final int PANEL_WIDTH = 520;
    private static final int PANEL_HEIGHT = 340;
    /** {@link #compare}'s loss axis ends at this multiple of the highest final value. */
    static final double TOP_OVER_FINAL = 1.25;
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7), new Color(0xE69F00),
        new Color(0x56B4E9), new Color(0x000000),
    };

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private RunPlots() {}

    /**
     * The plots of one run directory into {@code out} (usually the directory itself): {@code hyperparameters.png}
     * (per cycle from {@code cycles.csv} when the run has one, else per epoch) and {@code losses.png}.
     */
    static void drawRun(Path dir, Path out, String title, RunFiles.Metrics m) throws IOException {
        schedules(out.resolve(ExperimentFiles.SCHEDULES_PNG), "Hyperparameter schedules: " + title, m,
                ExperimentFiles.readCycles(dir.resolve(ExperimentFiles.CYCLES)));
        losses(out.resolve(ExperimentFiles.LOSSES_PNG), "Losses: " + title, m);
    }

    /**
     * One panel per hyperparameter: its constrained value after every cycle against the training step, with the
     * end of warm-up marked; without {@code cycles} (a run of an older version) against the epoch.
     */
    static void schedules(Path png, String title, RunFiles.Metrics m, ExperimentFiles.Cycles cycles)
            throws IOException {
        List<JFreeChart> panels = new ArrayList<>();
        boolean perCycle = cycles != null && !cycles.rows().isEmpty();
        for (int i = 0; i < m.hyperNames().size(); i++) {
            String name = m.hyperNames().get(i);
            int col = i;
            double[] x;
            double[] y;
            if (perCycle) {
                x = cycles.rows().stream().mapToDouble(r -> r[1]).toArray();
                y = cycles.rows().stream().mapToDouble(r -> r[3 + col]).toArray();
            } else {
                x = m.rows().stream().mapToDouble(EpochMetrics::epoch).toArray();
                y = m.rows().stream().mapToDouble(r -> r.hyper().data()[col]).toArray();
            }
            JFreeChart c = chart(name, perCycle ? "training step" : "epoch", name,
                    List.of(new Plots.Series(name, x, y)), false);
            if (perCycle && Double.isFinite(cycles.warmupEndStep())) {
                ValueMarker w = new ValueMarker(cycles.warmupEndStep(), Color.GRAY, new BasicStroke(1.2f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
                w.setLabel("warm-up ends");
                w.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                w.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                c.getXYPlot().addDomainMarker(w);
            }
            panels.add(c);
        }
        grid(png, title, panels, Math.min(3, Math.max(1, panels.size())));
    }

    /** Training, validation and test loss against the epoch, in one panel. */
    static void losses(Path png, String title, RunFiles.Metrics m) throws IOException {
        List<EpochMetrics> rows = m.rows();
        double[] x = new double[rows.size()];
        double[] train = new double[rows.size()];
        double[] valid = new double[rows.size()];
        double[] test = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            x[r] = rows.get(r).epoch();
            train[r] = rows.get(r).trainLoss();
            valid[r] = rows.get(r).validLoss();
            test[r] = rows.get(r).testLoss();
        }
        List<Plots.Series> s = new ArrayList<>();
        s.add(new Plots.Series("training (running mean; full pass at epoch 0)", x, train));
        s.add(new Plots.Series("validation", x, valid));
        s.add(new Plots.Series("test", x, test));
        JFreeChart c = chart(title, "epoch", "cross-entropy loss", s, false);
        grid(png, null, List.of(c), 1, 2 * PANEL_WIDTH, 2 * PANEL_HEIGHT);
    }

    /**
     * Best validation loss so far against epochs (left) and wall-clock seconds (right), as steps. Beside runs the
     * epoch axis ends with the longest run (a search's later trials would squash them); the seconds axis shows all.
     * The loss axis ends at {@link #TOP_OVER_FINAL} × the highest final value, so that the endings, where the
     * methods differ, fill the panels; the first epochs, where all start near chance level, are cut off.
     */
    static void compare(Path png, List<Curve> curves) throws IOException {
        grid(png, "Best validation loss so far", endingsFill(bestSoFar(curves), curves), 2);
    }

    /** The panels with their loss axis ending at {@link #TOP_OVER_FINAL} × the highest final value of the curves. */
    static List<JFreeChart> endingsFill(List<JFreeChart> panels, List<Curve> curves) {
        double top = TOP_OVER_FINAL * curves.stream().filter(c -> c.best().length > 0)
                .mapToDouble(c -> c.best()[c.best().length - 1]).filter(Double::isFinite).max().orElse(Double.NaN);
        for (JFreeChart p : panels) {
            org.jfree.chart.axis.ValueAxis y = p.getXYPlot().getRangeAxis();
            if (top > y.getLowerBound() && top < y.getUpperBound()) {
                y.setUpperBound(top);
            }
        }
        return panels;
    }

    static List<JFreeChart> bestSoFar(List<Curve> curves) {
        List<Plots.Series> byEpoch = new ArrayList<>();
        List<Plots.Series> bySeconds = new ArrayList<>();
        for (Curve c : curves) {
            byEpoch.add(new Plots.Series(c.name(), c.epochs(), c.best()));
            bySeconds.add(new Plots.Series(c.name(), c.seconds(), c.best()));
        }
        JFreeChart epochs = bands(steps(logScale(chart("by epochs of training", "epoch", "best validation loss (log scale)",
                byEpoch, false))), curves.stream().map(c -> c.band(c.epochs())).toList(), true);
        double runsEnd = curves.stream().filter(c -> !c.search() && c.epochs().length > 0)
                .mapToDouble(c -> c.epochs()[c.epochs().length - 1]).max().orElse(0);
        if (runsEnd > 0 && curves.stream().anyMatch(Curve::search)) {
            epochs.getXYPlot().getDomainAxis().setRange(0, runsEnd);
        }
        return List.of(epochs,
                bands(steps(logScale(chart("by wall-clock time", "seconds", "best validation loss (log scale)", bySeconds,
                        false))), curves.stream().map(c -> c.band(c.seconds())).toList(), true));
    }

    /** At each of the first {@code n} points of the seeds' series: their mean, lowest and highest value. */
    static double[][] acrossSeeds(List<double[]> seeds, int n) {
        double[] mean = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] y : seeds) {
            for (int i = 0; i < n; i++) {
                mean[i] += y[i] / seeds.size();
                lo[i] = Math.min(lo[i], y[i]);
                hi[i] = Math.max(hi[i], y[i]);
            }
        }
        return new double[][] {mean, lo, hi};
    }

    /** The seed band of one line of a chart: y with its lowest and highest seed at each x. */
    record Band(double[] x, double[] y, double[] lo, double[] hi) {}

    /**
     * Shades the seed band of every line that has one ({@code bands.get(k)} for series k; null for none), in the
     * line's colour, under the lines; as steps if the lines are.
     */
    private static JFreeChart bands(JFreeChart chart, List<Band> bands, boolean steps) {
        XYPlot plot = chart.getXYPlot();
        org.jfree.data.xy.YIntervalSeriesCollection data = new org.jfree.data.xy.YIntervalSeriesCollection();
        org.jfree.chart.renderer.xy.DeviationRenderer r = new org.jfree.chart.renderer.xy.DeviationRenderer(true, false);
        r.setAlpha(0.2f);
        for (int k = 0; k < bands.size(); k++) {
            Band b = bands.get(k);
            if (b == null) {
                continue;
            }
            org.jfree.data.xy.YIntervalSeries band = new org.jfree.data.xy.YIntervalSeries("band " + k, false, true);
            for (int i = 0; i < b.y().length; i++) {
                if (Double.isFinite(b.x()[i]) && Double.isFinite(b.lo()[i]) && Double.isFinite(b.hi()[i])) {
                    if (steps && band.getItemCount() > 0) {
                        // a step, as the lines: the previous band up to this x, then the new one
                        int last = band.getItemCount() - 1;
                        band.add(b.x()[i], band.getYValue(last), band.getYLowValue(last), band.getYHighValue(last));
                    }
                    band.add(b.x()[i], b.y()[i], b.lo()[i], b.hi()[i]);
                }
            }
            int j = data.getSeriesCount();
            data.addSeries(band);
            r.setSeriesPaint(j, plot.getRenderer().getSeriesPaint(k));
            r.setSeriesFillPaint(j, plot.getRenderer().getSeriesPaint(k));
            r.setSeriesStroke(j, new BasicStroke(0f));
            r.setSeriesVisibleInLegend(j, false);
        }
        if (data.getSeriesCount() > 0) {
            plot.setDataset(1, data);
            plot.setRenderer(1, r);
            plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE); // bands under the lines
        }
        return chart;
    }

    /**
     * A run's hyperparameter values at the end of every epoch (from epoch 1), for {@link #schedules(Path, List)}; a
     * seed mean has the band from the lowest to the highest seed ({@code lo}, {@code hi}; null for one run).
     */
    record Schedule(String name, List<String> hyperNames, double[] epochs, double[][] values, double[][] lo,
                    double[][] hi) {

        static Schedule ofRun(String name, RunFiles.Metrics m) {
            List<EpochMetrics> rows = m.rows().stream().filter(r -> r.epoch() >= 1).toList();
            int h = m.hyperNames().size();
            double[][] v = new double[h][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < h; j++) {
                    v[j][i] = rows.get(i).hyper().data()[j];
                }
            }
            return new Schedule(name, m.hyperNames(), rows.stream().mapToDouble(EpochMetrics::epoch).toArray(), v,
                    null, null);
        }

        /** The seeds' mean at each epoch with the band from the lowest to the highest; as long as the shortest. */
        static Schedule ofSeeds(String name, List<Schedule> seeds) {
            Schedule first = seeds.get(0);
            for (Schedule s : seeds) {
                if (!s.hyperNames().equals(first.hyperNames())) {
                    throw new IllegalArgumentException("the seeds of " + name + " tune different hyperparameters: "
                            + first.hyperNames() + " and " + s.hyperNames());
                }
            }
            int n = seeds.stream().mapToInt(s -> s.epochs().length).min().orElse(0);
            int h = first.hyperNames().size();
            double[][] mean = new double[h][];
            double[][] lo = new double[h][];
            double[][] hi = new double[h][];
            for (int j = 0; j < h; j++) {
                int col = j;
                double[][] v = acrossSeeds(seeds.stream().map(s -> s.values()[col]).toList(), n);
                mean[j] = v[0];
                lo[j] = v[1];
                hi[j] = v[2];
            }
            return new Schedule(name, first.hyperNames(), java.util.Arrays.copyOf(first.epochs(), n), mean, lo, hi);
        }
    }

    /**
     * {@code schedules.png} of {@code compare} (the paper's Fig. 6b/c): one panel per hyperparameter, its value
     * against the epoch for every run that tunes it, seed bands shaded.
     */
    static void schedules(Path png, List<Schedule> lines) throws IOException {
        List<String> names = lines.stream().flatMap(l -> l.hyperNames().stream()).distinct().toList();
        List<JFreeChart> panels = new ArrayList<>();
        for (String name : names) {
            List<Plots.Series> series = new ArrayList<>();
            List<Band> bands = new ArrayList<>();
            for (Schedule l : lines) {
                int j = l.hyperNames().indexOf(name);
                if (j >= 0) {
                    series.add(new Plots.Series(l.name(), l.epochs(), l.values()[j]));
                    bands.add(l.lo() == null ? null : new Band(l.epochs(), l.values()[j], l.lo()[j], l.hi()[j]));
                }
            }
            JFreeChart c = chart(name, "epoch", name, series, false);
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) c.getXYPlot().getRenderer();
            for (int k = 0; k < series.size(); k++) {
                r.setSeriesShapesVisible(k, series.get(k).x().length <= 30); // marks only where they do not blur
            }
            panels.add(bands(c, bands, false));
        }
        grid(png, "Hyperparameter schedules", panels, Math.min(3, Math.max(1, panels.size())));
    }

    /**
     * {@code search.png}: the best target so far against epochs and seconds (as steps), and for each searched
     * hyperparameter the target of every trial against the value it tried (log axis for log-scaled
     * dimensions), with the exact optimum λ* of a toy problem as a vertical line.
     */
    static void search(Path png, Curve best, List<Trial> trials, SearchSpace space, double optimum) throws IOException {
        List<JFreeChart> panels = new ArrayList<>(bestSoFar(List.of(best)));
        for (int i = 0; i < space.size(); i++) {
            SearchSpace.Dimension dim = space.dimension(i);
            List<double[]> points = new ArrayList<>();
            for (Trial t : trials) {
                if (!t.failed() && Double.isFinite(t.target())) {
                    points.add(new double[] {t.values()[i], t.target()});
                }
            }
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            JFreeChart c = chart("tried values of " + dim.name(), dim.name(), "target loss",
                    List.of(new Plots.Series("trials", x, y)), true);
            XYPlot plot = c.getXYPlot();
            XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
            dots.setSeriesPaint(0, PALETTE[0]);
            dots.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3.5, -3.5, 7, 7));
            plot.setRenderer(dots);
            if (dim.isLog() && x.length > 0) {
                plot.setDomainAxis(new RoundLogAxis(dim.name() + " (log scale)"));
            }
            if (space.size() == 1 && Double.isFinite(optimum)) {
                ValueMarker m = new ValueMarker(optimum, Color.BLACK, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                m.setLabel("exact optimum " + Plots.fmt(optimum));
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                plot.addDomainMarker(m);
            }
            panels.add(c);
        }
        grid(png, "Search: " + best.name(), panels, 2);
    }

    /** The chart's lines drawn as steps (a best-so-far value holds until the next improvement). */
    private static JFreeChart steps(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer old = (XYLineAndShapeRenderer) plot.getRenderer();
        XYStepRenderer r = new XYStepRenderer();
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            r.setSeriesPaint(i, old.getSeriesPaint(i));
            r.setSeriesStroke(i, old.getSeriesStroke(i));
            r.setSeriesShape(i, old.getSeriesShape(i));
            r.setSeriesShapesVisible(i, true);
        }
        plot.setRenderer(r);
        return chart;
    }

    /** The chart with a logarithmic loss axis, so that the small differences between good runs show. */
    private static JFreeChart logScale(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        RoundLogAxis y = new RoundLogAxis(plot.getRangeAxis().getLabel());
        y.setLabelFont(plot.getRangeAxis().getLabelFont());
        y.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
        y.setAutoRangeMinimumSize(1e-3);
        plot.setRangeAxis(y);
        return chart;
    }

    private static JFreeChart chart(String title, String xLabel, String yLabel, List<Plots.Series> series,
                                    boolean legendHidden) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Plots.Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                // A non-finite value (a diverged loss) would make the axis range infinite.
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    xy.add(s.x()[i], s.y()[i]);
                }
            }
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                series.size() > 1 && !legendHidden, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlinePaint(Color.GRAY);
        // Shapes as well as lines: a run of one or two epochs is otherwise a blank panel.
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesShape(i, new Rectangle2D.Double(-2.5, -2.5, 5, 5));
        }
        plot.setRenderer(renderer);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setAutoRangeIncludesZero(true);
        if (xLabel.equals("epoch")) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        Plots.keepTicksDistinct(y, series);
        return chart;
    }

    static void grid(Path png, String title, List<JFreeChart> panels, int cols) throws IOException {
        grid(png, title, panels, cols, PANEL_WIDTH, PANEL_HEIGHT);
    }

    /** The panels in a grid of {@code cols} columns, under an optional title, as one PNG. */
    private static void grid(Path png, String title, List<JFreeChart> panels, int cols, int w, int h)
            throws IOException {
        int rows = Math.max(1, (panels.size() + cols - 1) / cols);
        int titleHeight = title == null ? 0 : 36;
        BufferedImage img = new BufferedImage(cols * w, rows * h + titleHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            if (title != null) {
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
                int width = g.getFontMetrics().stringWidth(title);
                g.drawString(title, Math.max(4, (img.getWidth() - width) / 2), titleHeight - 10);
            }
            for (int i = 0; i < panels.size(); i++) {
                int r = i / cols;
                int c = i % cols;
                panels.get(i).draw(g, new Rectangle2D.Double(c * w, titleHeight + r * h, w, h));
            }
        } finally {
            g.dispose();
        }
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ImageIO.write(img, "png", out);
        }
        RunFiles.moveIntoPlace(tmp, png);
    }
}
