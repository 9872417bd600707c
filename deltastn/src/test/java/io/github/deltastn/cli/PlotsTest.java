package io.github.deltastn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

class PlotsTest {
    /** The tick labels the chart's range axis shows when drawn at the size of a figure. */
    static List<String> rangeTickLabels(JFreeChart chart) {
        BufferedImage img = new BufferedImage(900, 560, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        Rectangle2D area = new Rectangle2D.Double(0, 0, 900, 560);
        chart.draw(g, area);
        ValueAxis y = chart.getXYPlot().getRangeAxis();
        Rectangle2D data = new Rectangle2D.Double(80, 40, 780, 440);
        List<String> labels = new ArrayList<>();
        for (Object t : y.refreshTicks(g, new AxisState(), data, RectangleEdge.LEFT)) {
            String text = ((ValueTick) t).getText();
            if (text != null && !text.isEmpty()) {
                labels.add(text); // minor ticks have no label
            }
        }
        g.dispose();
        return labels;
    }

    @Test
    void aFlatOrNarrowLineGetsDistinctTickLabels() {
        for (double[] y : new double[][] {{0.05, 0.05, 0.05}, {0.05, 0.0500001, 0.05}, {12.0, 12.0, 12.0}}) {
            Plots.Series s = new Plots.Series("p", new double[] {0, 1, 2}, y);
            JFreeChart c = Plots.chart(new Plots.Chart("t", null, "cycle", "p", false),
                    List.of(new Plots.Group("p", List.of(s))), Double.NaN, null);
            List<String> labels = rangeTickLabels(c);
            Set<String> distinct = new HashSet<>(labels);
            assertTrue(labels.size() >= 2, "ticks " + labels);
            assertEquals(labels.size(), distinct.size(), "duplicate tick labels " + labels + " for " + y[0]);
        }
    }

    @Test
    void logAxisLabelsHaveThreeSignificantDigitsAndPowersOfTenBelow1e4() {
        assertEquals("0.01", RoundLogAxis.label(0.01));
        assertEquals("0.15", RoundLogAxis.label(1.5 * 0.1));
        assertEquals("0.0001", RoundLogAxis.label(1e-4));
        assertEquals("1E-5", RoundLogAxis.label(1e-5));
        assertEquals("1.5E-10", RoundLogAxis.label(1.5e-10));
        assertEquals("100", RoundLogAxis.label(100.0));
        assertEquals("1.58", RoundLogAxis.label(Math.pow(10, 0.2)));
    }

    @Test
    void logAxisCandidatesAreRoundNumbersInRange() {
        List<List<Double>> c = RoundLogAxis.candidates(0.1, 2.3);
        assertEquals(List.of(0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0), c.get(0));
        assertEquals(List.of(0.1, 0.2, 0.5, 1.0, 2.0), c.get(1));
        assertEquals(List.of(0.1, 1.0), c.get(2));
        assertEquals(List.of(1e-8, 1e-6, 1e-4, 0.01, 1.0), RoundLogAxis.candidates(1e-8, 1).get(3));
        // too narrow for two of 0.1, 0.15, 0.2: multiples of round steps, as on a linear axis
        assertTrue(RoundLogAxis.candidates(0.112, 0.14).contains(List.of(0.12, 0.13, 0.14)));
        assertTrue(RoundLogAxis.candidates(0.112, 0.14).contains(List.of(0.115, 0.12, 0.125, 0.13, 0.135, 0.14)));
        // only 0.15 and 0.2 of the densest mantissas: linear steps come first, the round sets stay as fallbacks
        List<List<Double>> narrow = RoundLogAxis.candidates(0.11, 0.25);
        assertTrue(narrow.indexOf(List.of(0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.24)) < narrow.indexOf(List.of(0.15, 0.2)), narrow.toString());
        assertTrue(narrow.contains(List.of(0.15, 0.2)));
    }

    /** A best-validation-loss chart over one or two decades: round, distinct, increasing tick labels. */
    @Test
    void aLogLossAxisIsLabelledWithRoundNumbers() {
        for (double[] y : new double[][] {{2.3, 0.4, 0.1}, {2.3e-3, 1e-8}, {0.131, 0.112}, {0.25, 0.11}}) {
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            JFreeChart c = Plots.chart(new Plots.Chart("t", null, "epoch", "loss", true),
                    List.of(new Plots.Group("loss", List.of(new Plots.Series("l", x, y)))), Double.NaN, null);
            List<String> labels = rangeTickLabels(c);
            assertTrue(labels.size() >= 3, "ticks " + labels + " for " + Arrays.toString(y));
            double previous = 0;
            for (String label : labels) {
                double v = Double.parseDouble(label);
                assertTrue(v > previous, "labels not increasing: " + labels);
                previous = v;
                if (y[0] / y[y.length - 1] > 10) { // narrower ranges get round linear steps
                    double m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
                    assertTrue(List.of(1.0, 1.5, 2.0, 3.0, 5.0, 7.0).stream().anyMatch(r -> Math.abs(r - m) < 1e-9),
                            "tick " + label + " is not a round number in " + labels);
                }
            }
        }
    }
}
