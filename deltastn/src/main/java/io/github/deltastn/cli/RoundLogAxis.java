package io.github.deltastn.cli;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 logarithmic axis with ticks at round numbers m·10^k: the mantissas m are the densest of
 * {1, 1.5, 2, 3, 5, 7}, {1, 2, 5} and {1} whose labels do not overlap; over many decades every 2nd, 5th, 10th …
 * power of ten. JFreeChart's {@link LogAxis} steps uniformly in the exponent, which over one or two decades
 * (a loss between 0.1 and 2) labels 10^0.2 = 1.585, 0.631, 0.398, … Labels have at most 3 significant digits,
 * plain down to 1e-4 and as {@code 1E-5} below.
 */
final class RoundLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private static final double[][] MANTISSAS = {{1, 1.5, 2, 3, 5, 7}, {1, 2, 5}, {1}};
    private static final int[] DECADE_STEPS = {2, 5, 10, 20, 50, 100};
    /** Space left between neighbouring labels, in pixels. */
    private static final double PAD = 4;

    RoundLogAxis(String label) {
        super(label);
        setBase(10);
        setSmallestValue(1e-300);
        setNumberFormatOverride(new Format());
    }

    /**
     * The candidate tick values in [lo, hi], densest first: one list per mantissa set, then the powers of ten
     * whose exponent is a multiple of 2, 5, 10, … (lists may be empty). A range too narrow for three ticks of the
     * densest mantissas (0.112 to 0.131; 0.11 to 0.25, which has only 0.15 and 0.2) gets the multiples of round
     * steps 1, 2, 5 × 10^k first, as a linear axis, then the round ones.
     */
    static List<List<Double>> candidates(double lo, double hi) {
        List<List<Double>> round = roundCandidates(lo, hi);
        if (round.get(0).size() >= 3) {
            return round;
        }
        List<List<Double>> out = new ArrayList<>();
        int e = (int) Math.floor(Math.log10(hi - lo));
        for (int k = e - 2; k <= e; k++) {
            for (double m : new double[] {1, 2, 5}) {
                double step = m * Math.pow(10, k);
                List<Double> ticks = new ArrayList<>();
                for (long i = (long) Math.ceil(lo / step); i * step <= hi * (1 + 1e-12); i++) {
                    ticks.add(round(i * step));
                }
                out.add(ticks);
            }
        }
        out.addAll(round);
        return out;
    }

    private static List<List<Double>> roundCandidates(double lo, double hi) {
        List<List<Double>> out = new ArrayList<>();
        int k0 = (int) Math.floor(Math.log10(lo)) - 1;
        int k1 = (int) Math.ceil(Math.log10(hi)) + 1;
        for (double[] ms : MANTISSAS) {
            List<Double> ticks = new ArrayList<>();
            for (int k = k0; k <= k1; k++) {
                for (double m : ms) {
                    double v = round(m * Math.pow(10, k));
                    if (v >= lo && v <= hi) {
                        ticks.add(v);
                    }
                }
            }
            out.add(ticks);
        }
        for (int step : DECADE_STEPS) {
            List<Double> ticks = new ArrayList<>();
            for (int k = Math.floorDiv(k0, step) * step; k <= k1; k += step) {
                double v = round(Math.pow(10, k));
                if (v >= lo && v <= hi) {
                    ticks.add(v);
                }
            }
            out.add(ticks);
        }
        return out;
    }

    /** The label of a tick value (3 significant digits). */
    static String label(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15) {
            return d.toPlainString();
        }
        int e = d.precision() - d.scale() - 1; // d = m·10^e with 1 <= |m| < 10
        return d.scaleByPowerOfTen(-e).toPlainString() + "E" + e;
    }

    /** m·10^k without the binary noise of the product (1.5·10^-1 is 0.15, not 0.15000000000000002). */
    private static double round(double v) {
        return new BigDecimal(v).round(new MathContext(12)).doubleValue();
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        double height = g2.getFontMetrics(getTickLabelFont()).getHeight();
        List<Double> values = pick(g2, dataArea, edge, (a, b) -> height + PAD);
        return values == null ? super.refreshTicksVertical(g2, dataArea, edge) : ticks(values, anchor);
    }

    @Override
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        FontMetrics fm = g2.getFontMetrics(getTickLabelFont());
        List<Double> values = pick(g2, dataArea, edge,
                (a, b) -> (fm.stringWidth(label(a)) + fm.stringWidth(label(b))) / 2.0 + 2 * PAD);
        return values == null ? super.refreshTicksHorizontal(g2, dataArea, edge) : ticks(values, anchor);
    }

    /**
     * The densest candidate with at least two ticks whose neighbours a, b are {@code room(a, b)} pixels apart (else
     * the sparsest with two), or null for a range LogAxis must handle itself (not positive).
     */
    private List<Double> pick(Graphics2D g2, Rectangle2D area, RectangleEdge edge, DoubleBinaryOperator room) {
        double lo = Math.max(getLowerBound(), getSmallestValue());
        double hi = getUpperBound();
        if (!(lo > 0) || !(hi > lo)) {
            return null;
        }
        List<Double> last = null;
        for (List<Double> c : candidates(lo, hi)) {
            if (c.size() < 2) {
                continue;
            }
            last = c;
            boolean fits = true;
            for (int i = 1; i < c.size() && fits; i++) {
                double gap = Math.abs(valueToJava2D(c.get(i), area, edge) - valueToJava2D(c.get(i - 1), area, edge));
                fits = gap >= room.applyAsDouble(c.get(i - 1), c.get(i));
            }
            if (fits) {
                return c;
            }
        }
        return last;
    }

    private static List<NumberTick> ticks(List<Double> values, TextAnchor anchor) {
        List<NumberTick> ticks = new ArrayList<>();
        for (double v : values) {
            ticks.add(new NumberTick(TickType.MAJOR, v, label(v), anchor, anchor, 0.0));
        }
        return ticks;
    }

    /** {@link #label} as a NumberFormat, for LogAxis's own ticks and its label-size estimates. */
    private static final class Format extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            return to.append(label(v));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return to.append(label(v));
        }

        @Override
        public Number parse(String text, ParsePosition pos) {
            throw new UnsupportedOperationException("RoundLogAxis labels are not parsed");
        }
    }
}
