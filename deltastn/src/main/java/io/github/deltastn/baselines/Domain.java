package io.github.deltastn.baselines;

import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Transform;

/**
 * The link between a registered {@link Hyperparameter} and a search {@link SearchSpace.Dimension}: the derived
 * dimension, the check that an override fits the domain, and the initial value that makes a container's current
 * value equal a trial's value. The usable domain is the open interval {@code (a, b)} = the hyperparameter's
 * {@code (lo, hi)} intersected with its transform's range.
 */
final class Domain {
    private Domain() {}

    static double lower(Hyperparameter h) {
        return Math.max(h.lo(), h.transform().lo());
    }

    static double upper(Hyperparameter h) {
        return Math.min(h.hi(), h.transform().hi());
    }

    /** The dimension searched for {@code h} by default (rules in {@link SearchSpace}). */
    static SearchSpace.Dimension derive(Hyperparameter h) {
        double a = lower(h);
        double b = upper(h);
        String who = "SearchSpace.of: hyperparameter '" + h.name() + "' with domain (" + a + ", " + b + ")";
        if (h.discrete()) {
            if (!(a >= 0.0 && Double.isFinite(b))) {
                throw new IllegalArgumentException(who + " is discrete: need a finite, non-negative domain for its integers"
                        + "; pass an override such as Dimension.integer(\"" + h.name() + "\", 0, 10)");
            }
            long kLo = (long) Math.floor(a);
            long kHi = (long) Math.ceil(b) - 1;
            if (kLo >= kHi) {
                throw new IllegalArgumentException(who + " takes the single integer " + kLo + ": nothing to search");
            }
            return SearchSpace.Dimension.integer(h.name(), kLo, kHi);
        }
        Transform coordinate = h.transform().equals(Transform.EXP) ? Transform.EXP : Transform.LINEAR;
        if (!(coordinate.inRange(a) && coordinate.inRange(b))) {
            String example = coordinate.equals(Transform.EXP)
                    ? "Dimension.log(\"" + h.name() + "\", 1e-5, 10)" : "Dimension.linear(\"" + h.name() + "\", 0, 1)";
            throw new IllegalArgumentException(who + " and transform " + h.transform()
                    + " has no finite search range; pass an override such as " + example);
        }
        double ua = coordinate.inverse(a);
        double ub = coordinate.inverse(b);
        double m = SearchSpace.DOMAIN_MARGIN * (ub - ua);
        return SearchSpace.Dimension.inCoordinate(h.name(), coordinate.forward(ua + m), coordinate.forward(ub - m), coordinate);
    }

    /** Throws unless every value of {@code d} is a valid value of {@code h} (see {@link #representative}). */
    static void requireInside(Hyperparameter h, SearchSpace.Dimension d) {
        if (d.discrete() != h.discrete()) {
            throw new IllegalArgumentException("dimension '" + d.name() + "' is " + (d.discrete() ? "discrete" : "continuous")
                    + " but the hyperparameter is " + (h.discrete() ? "discrete (use Dimension.integer)" : "continuous"));
        }
        representative(h, d.lo());
        representative(h, d.hi());
    }

    /**
     * The initial (constrained) value to register so that {@link Hyperparameter#currentValue} of the initial
     * unconstrained value is {@code v}: {@code v} itself when continuous (it must lie strictly inside
     * {@code (a, b)}); for a discrete {@code h} and an integer {@code k}, the midpoint of the part of k's cell
     * {@code [k, k + 1)} inside {@code (a, b)}, which truncates to k and stays clear of the integers, so the
     * value does not hinge on rounding.
     *
     * @throws IllegalArgumentException if {@code v} is not a value of {@code h}
     */
    static double representative(Hyperparameter h, double v) {
        double a = lower(h);
        double b = upper(h);
        if (h.discrete()) {
            if (Math.rint(v) != v) {
                throw new IllegalArgumentException("hyperparameter '" + h.name() + "' is discrete: value must be an integer, got " + v);
            }
            if (a < 0) {
                throw new IllegalArgumentException("hyperparameter '" + h.name() + "': discrete hyperparameters with a negative"
                        + " domain (" + a + ", " + b + ") are not supported");
            }
            double cLo = Math.max(v, a);
            double cHi = Math.min(v + 1.0, b);
            if (!(cLo < cHi)) {
                throw new IllegalArgumentException("hyperparameter '" + h.name() + "': " + (long) v + " is not one of its integers "
                        + (long) Math.floor(a) + ".." + ((long) Math.ceil(b) - 1) + " (domain (" + a + ", " + b + "))");
            }
            return 0.5 * (cLo + cHi);
        }
        if (!(v > a && v < b)) {
            throw new IllegalArgumentException("hyperparameter '" + h.name() + "': value " + v
                    + " must lie strictly inside the open domain (" + a + ", " + b + ")");
        }
        return v;
    }
}
