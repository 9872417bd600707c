package io.github.deltastn.toy;

import java.util.function.DoubleUnaryOperator;

/**
 * Global-then-local minimisation of a function of one variable on a closed interval: a dense uniform
 * grid picks the best cell, then golden-section search refines inside the two grid cells around it.
 *
 * <p>The grid guards against local minima wider than one cell; the refinement assumes the function is
 * unimodal inside the bracket [s_{k−1}, s_{k+1}] around the best grid point s_k. Golden section only
 * compares function values, so near a smooth minimum the location is resolved to about
 * √(2·ε_mach·|f|/f'') — roughly 1e-8 relative — whatever tolerance is asked for.
 */
public final class ScalarMinimizer {
    private static final double INV_PHI = (Math.sqrt(5.0) - 1.0) / 2.0;

    private ScalarMinimizer() {}

    /**
     * The outcome of {@link #minimize}.
     *
     * @param argmin      the minimiser found (the better of the refined point and the best grid point)
     * @param value       f(argmin)
     * @param bracketLo   left end of the grid bracket the refinement ran in
     * @param bracketHi   right end of that bracket
     * @param tolerance   width of the final golden-section interval
     * @param interior    false when the best grid point was an end of [lo, hi]
     * @param evaluations number of calls of f
     */
    public record Result(double argmin, double value, double bracketLo, double bracketHi, double tolerance,
            boolean interior, int evaluations) {
    }

    /**
     * Minimises {@code f} on [lo, hi].
     *
     * @param f          the function; must return a finite value at every point of [lo, hi]
     * @param lo         left end (finite)
     * @param hi         right end (finite, > lo)
     * @param gridPoints number of uniform grid points including both ends (≥ 3)
     * @param tolerance  stop the golden-section search when the interval is narrower than this (> 0)
     * @throws IllegalArgumentException on bad arguments or a non-finite function value
     */
    public static Result minimize(DoubleUnaryOperator f, double lo, double hi, int gridPoints, double tolerance) {
        String m = "ScalarMinimizer.minimize";
        Checks.requireNotNull(m, "f", f);
        Checks.requireFinite(m, "lo", lo);
        Checks.requireFinite(m, "hi", hi);
        if (!(hi > lo)) {
            throw new IllegalArgumentException(m + ": need lo < hi, got lo=" + lo + ", hi=" + hi);
        }
        if (gridPoints < 3) {
            throw new IllegalArgumentException(m + ": gridPoints must be >= 3, got " + gridPoints);
        }
        Checks.requirePositive(m, "tolerance", tolerance);
        int evaluations = 0;
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        double step = (hi - lo) / (gridPoints - 1);
        for (int k = 0; k < gridPoints; k++) {
            double v = eval(m, f, gridPoint(lo, hi, step, k, gridPoints));
            evaluations++;
            if (v < bestValue) {
                bestValue = v;
                best = k;
            }
        }
        double bestX = gridPoint(lo, hi, step, best, gridPoints);
        double bracketLo = gridPoint(lo, hi, step, Math.max(best - 1, 0), gridPoints);
        double bracketHi = gridPoint(lo, hi, step, Math.min(best + 1, gridPoints - 1), gridPoints);

        double a = bracketLo;
        double b = bracketHi;
        double c = b - INV_PHI * (b - a);
        double d = a + INV_PHI * (b - a);
        double fc = eval(m, f, c);
        double fd = eval(m, f, d);
        evaluations += 2;
        while (b - a > tolerance) {
            double width = b - a;
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - INV_PHI * (b - a);
                fc = eval(m, f, c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + INV_PHI * (b - a);
                fd = eval(m, f, d);
            }
            evaluations++;
            if (!(b - a < width)) {
                break; // the interval no longer shrinks in floating point
            }
        }
        double x = 0.5 * (a + b);
        double fx = eval(m, f, x);
        evaluations++;
        if (bestValue < fx) {
            x = bestX;
            fx = bestValue;
        }
        return new Result(x, fx, bracketLo, bracketHi, b - a, best > 0 && best < gridPoints - 1, evaluations);
    }

    private static double gridPoint(double lo, double hi, double step, int k, int n) {
        return k == n - 1 ? hi : lo + k * step;
    }

    private static double eval(String m, DoubleUnaryOperator f, double x) {
        double v = f.applyAsDouble(x);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(m + ": the function is not finite at x=" + x + " (value " + v
                    + "), expected finite values on the whole interval");
        }
        return v;
    }
}
