package io.github.deltastn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
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
        NumberAxis y = (NumberAxis) chart.getXYPlot().getRangeAxis();
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
    void logAxisLabelsSmallDecadesAsPowersOfTen() {
        Plots.LogTickFormat f = new Plots.LogTickFormat();
        assertEquals("0.01", f.format(0.01));
        assertEquals("0.0001", f.format(1e-4));
        assertEquals("1E-5", f.format(1e-5));
        assertEquals("1E-10", f.format(1e-10));
        assertEquals("100", f.format(100.0));
    }
}
