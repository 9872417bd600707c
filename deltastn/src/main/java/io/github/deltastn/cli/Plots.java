package io.github.deltastn.cli;

import io.github.deltastn.toy.ToyExperiment.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG line charts of hyperparameter trajectories against the exact optimum (JFreeChart, headless). */
final class Plots {
    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    /** The x-axis label of trajectories indexed by cycle. */
    static final String CYCLE_AXIS = "cycle (10 training steps + 1 hyper step)";

    // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7), new Color(0xE69F00),
    };
    private static final Color GRID = new Color(0xDDDDDD);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {}

    /** The colour of group {@code k} of a chart. */
    static Color color(int k) {
        return PALETTE[k % PALETTE.length];
    }

    /** Titles and axes of a chart; {@code subtitle} may be null; {@code logY} for values tuned as c = exp(u). */
    record Chart(String title, String subtitle, String xLabel, String yLabel, boolean logY) {}

    /** A named curve, {@code y[i]} at {@code x[i]}. */
    record Series(String name, double[] x, double[] y) {
        Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("Series " + name + ": " + x.length + " x values but " + y.length
                        + " y values");
            }
        }
    }

    /**
     * Curves drawn in one colour under one legend entry, e.g. the seeds of one method; {@code color} null
     * takes the palette's colour of the group's position.
     */
    record Group(String name, List<Series> series, Color color) {
        Group(String name, List<Series> series) {
            this(name, series, null);
        }
    }

    /** The constrained hyperparameter value against the cycle. */
    static Series trajectory(String name, List<Point> points) {
        return column(name, points, Point::value);
    }

    /** One column of the diagnostics against the cycle. */
    static Series column(String name, List<Point> points, ToDoubleFunction<Point> f) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).cycle();
            y[i] = f.applyAsDouble(points.get(i));
        }
        return new Series(name, x, y);
    }

    /**
     * Writes a {@value #WIDTH}×{@value #HEIGHT} PNG: every group in its colour (the first group on top), and
     * the exact optimum as a dashed black horizontal line across the whole x range.
     */
    static void trajectories(Path png, Chart c, List<Group> groups, double optimum, String optimumName)
            throws IOException {
        ChartUtils.saveChartAsPNG(png.toFile(), chart(c, groups, optimum, optimumName), WIDTH, HEIGHT);
    }

    /**
     * A line chart of the groups (thin lines when a group has many curves), with an optional dashed reference
     * line at {@code reference} (NaN: none). Non-finite points are left out.
     */
    static JFreeChart chart(Chart c, List<Group> groups, double reference, String referenceName) {
        XYSeriesCollection data = new XYSeriesCollection();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        List<Integer> groupOf = new ArrayList<>();
        List<Boolean> firstOfGroup = new ArrayList<>();
        // Groups are drawn in order, each thinner than the one before: identical groups (centered STN and Δ-STN
        // on models linear in the weights) stay visible as nested lines, and the last group is on top.
        for (int g = 0; g < groups.size(); g++) {
            List<Series> ss = groups.get(g).series();
            for (int k = 0; k < ss.size(); k++) {
                Series s = ss.get(k);
                XYSeries xy = new XYSeries(groups.get(g).name() + (k == 0 ? "" : " #" + k), false, true);
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!c.logY() || s.y()[i] > 0)) {
                        xy.add(s.x()[i], s.y()[i]);
                        xMin = Math.min(xMin, s.x()[i]);
                        xMax = Math.max(xMax, s.x()[i]);
                    }
                }
                data.addSeries(xy);
                groupOf.add(g);
                firstOfGroup.add(k == 0);
            }
        }
        boolean withReference = Double.isFinite(reference) && xMin <= xMax;
        if (withReference) {
            // The reference as a series (not a marker) so that it has a legend entry and the axis range includes it.
            XYSeries ref = new XYSeries(referenceName, false, true);
            ref.add(xMin, reference);
            ref.add(xMax, reference);
            data.addSeries(ref);
        }

        JFreeChart chart = ChartFactory.createXYLineChart(c.title(), c.xLabel(), c.yLabel(), data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        if (c.subtitle() != null) {
            chart.addSubtitle(new TextTitle(c.subtitle(), new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
        }
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));

        XYPlot plot = chart.getXYPlot();
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(Color.GRAY);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < groupOf.size(); i++) {
            int g = groupOf.get(i);
            boolean many = groups.get(g).series().size() > 1;
            Color color = groups.get(g).color();
            renderer.setSeriesPaint(i, color != null ? color : color(g));
            float width = (many ? 1f : 2f) + (many ? 1.2f : 1.6f) * (groups.size() - 1 - g);
            renderer.setSeriesStroke(i, new BasicStroke(width));
            renderer.setSeriesVisibleInLegend(i, firstOfGroup.get(i));
        }
        if (withReference) {
            int r = groupOf.size();
            renderer.setSeriesPaint(r, Color.BLACK);
            renderer.setSeriesStroke(r, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {7f, 5f}, 0f));
        }
        plot.setRenderer(renderer);

        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setLabelFont(labelFont);
        x.setTickLabelFont(tickFont);
        x.setAutoRangeIncludesZero(true);
        x.setLowerMargin(0);
        x.setUpperMargin(0.01);
        if (c.logY()) {
            RoundLogAxis y = new RoundLogAxis(c.yLabel() + " (log scale)");
            y.setLabelFont(labelFont);
            y.setTickLabelFont(tickFont);
            plot.setRangeAxis(y);
        } else {
            NumberAxis y = (NumberAxis) plot.getRangeAxis();
            y.setLabelFont(labelFont);
            y.setTickLabelFont(tickFont);
            y.setAutoRangeIncludesZero(false);
            keepTicksDistinct(y, groups.stream().flatMap(g -> g.series().stream()).toList());
        }
        return chart;
    }

    /**
     * Gives a linear axis a range of at least a tenth of the largest magnitude shown: a flat line (a
     * hyperparameter that has not moved yet) otherwise gets a range so narrow that every tick has the same label.
     */
    static void keepTicksDistinct(NumberAxis axis, List<Series> series) {
        double top = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                if (Double.isFinite(v)) {
                    top = Math.max(top, Math.abs(v));
                }
            }
        }
        axis.setAutoRangeMinimumSize(Math.max(1e-3, 0.1 * top));
    }

    /** A value with 4 significant digits, for legends and titles. */
    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
