package io.github.deltastn.baselines;

import io.github.deltastn.core.Rng;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Transform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The box searched by random search and Bayesian optimisation: an ordered list of {@link Dimension}s, one per
 * hyperparameter, and the map between natural values {@code v [h]} and the unit cube {@code x ∈ [0, 1]^h} the
 * Gaussian process works in.
 *
 * <p><b>Coordinates.</b> Dimension {@code i} is uniform in a <em>search coordinate</em>
 * {@code u = C⁻¹(v)} given by a {@link Transform} {@code C}: {@code x ↦ u = u_lo + x·(u_hi − u_lo) ↦ v = C(u)}
 * with {@code u_lo = C⁻¹(lo)}, {@code u_hi = C⁻¹(hi)}. {@link Transform#LINEAR} gives natural coordinates
 * (uniform in v), {@link Transform#EXP} gives log coordinates (uniform in ln v), and any other transform gives
 * uniform sampling in that transform's unconstrained coordinate. Sampling draws {@code x} uniformly, so it is
 * uniform in the search coordinate. A discrete dimension has integer bounds and is uniform over
 * {@code {lo, …, hi}}: the unit interval is cut into {@code hi − lo + 1} equal cells, cell {@code j} ↦
 * {@code lo + j}, and {@code toUnit(k)} is the centre of k's cell, so the GP sees one input per integer.
 *
 * <p><b>From a {@link Hyperparameters} container</b> ({@link #of(Hyperparameters, Dimension...)}), so that
 * RS/BO and the hypernetwork methods search the same ranges:
 * <ul>
 *   <li>the domain is the hyperparameter's open domain {@code (lo, hi)} intersected with its transform's
 *       range;</li>
 *   <li>discrete (cutout length on (2, 24), holes on (0, 5)): the integers the model can use,
 *       {@code ⌊lo⌋ … ⌈hi⌉ − 1} (2…23 and 0…4), uniform; the lower end must be ≥ 0;</li>
 *   <li>transform {@code exp} (weight decay, Jacobian-norm penalty): log coordinates; the domain (0, ∞) has
 *       no finite search range, so such a hyperparameter needs an explicit override, e.g.
 *       {@code Dimension.log("weight_decay", 1e-4, 10)};</li>
 *   <li>any other transform with a finite domain (every dropout rate, (0, 0.95)): natural coordinates on
 *       the domain shrunk by {@link #DOMAIN_MARGIN}·(hi − lo) at each end, so that every point is a valid
 *       initial value (strictly inside the open domain, finite preimage). Natural rather than the
 *       stretched-sigmoid coordinate because uniform in the latter is impossible on the whole domain;</li>
 *   <li>an unbounded domain otherwise: an explicit override is required.</li>
 * </ul>
 * Overrides replace the derived dimension of the same name and must lie inside the domain.
 *
 * <p>Immutable.
 */
public final class SearchSpace {
    /**
     * Relative margin by which a finite open domain {@code (lo, hi)} is shrunk to the closed search range
     * {@code [lo + m, hi − m]}, {@code m = DOMAIN_MARGIN·(hi − lo)}.
     */
    public static final double DOMAIN_MARGIN = 1e-6;

    /**
     * One searched hyperparameter: the closed range {@code [lo, hi]} in natural values, the search coordinate
     * {@code C} (see {@link SearchSpace}) and whether only integers are used.
     *
     * @param name the hyperparameter's name
     * @param lo lower end, finite, {@code lo < hi}, inside C's range
     * @param hi upper end, finite, inside C's range
     * @param coordinate the transform {@code v = C(u)} whose unconstrained coordinate {@code u} is sampled
     *     uniformly; must be {@link Transform#LINEAR} for a discrete dimension
     * @param discrete integers {@code lo … hi} (both then integers)
     */
    public record Dimension(String name, double lo, double hi, Transform coordinate, boolean discrete) {

        /**
         * Validates every field.
         *
         * @throws IllegalArgumentException naming the dimension and the offending value
         */
        public Dimension {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Dimension: name must be a non-blank string, got "
                        + (name == null ? "null" : "'" + name + "'"));
            }
            String who = "dimension '" + name + "'";
            Objects.requireNonNull(coordinate, who + ": coordinate transform must not be null");
            if (!(Double.isFinite(lo) && Double.isFinite(hi))) {
                throw new IllegalArgumentException(who + ": bounds must be finite, got [" + lo + ", " + hi + "]");
            }
            if (!(lo < hi)) {
                throw new IllegalArgumentException(who + ": need lo < hi, got [" + lo + ", " + hi + "]"
                        + (lo == hi ? " (a single value is not searched: fix it in the model's settings instead)" : ""));
            }
            if (discrete) {
                if (Math.rint(lo) != lo || Math.rint(hi) != hi) {
                    throw new IllegalArgumentException(who + ": a discrete dimension needs integer bounds, got ["
                            + lo + ", " + hi + "]");
                }
                if (hi - lo >= Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(who + ": too many integers in [" + lo + ", " + hi + "]");
                }
                if (!coordinate.equals(Transform.LINEAR)) {
                    throw new IllegalArgumentException(who + ": a discrete dimension is uniform over its integers; it "
                            + "takes the linear coordinate, got " + coordinate);
                }
            } else if (!(coordinate.inRange(lo) && coordinate.inRange(hi))) {
                throw new IllegalArgumentException(who + ": bounds [" + lo + ", " + hi + "] must lie strictly inside the range ("
                        + coordinate.lo() + ", " + coordinate.hi() + ") of the coordinate " + coordinate
                        + (coordinate.equals(Transform.EXP) ? " (a log-scaled range needs lo > 0)" : ""));
            } else if (!(coordinate.inverse(lo) < coordinate.inverse(hi))) {
                throw new IllegalArgumentException(who + ": [" + lo + ", " + hi + "] is too narrow to resolve in the coordinate "
                        + coordinate);
            }
        }

        /** Uniform in {@code v} on {@code [lo, hi]}. */
        public static Dimension linear(String name, double lo, double hi) {
            return new Dimension(name, lo, hi, Transform.LINEAR, false);
        }

        /** Uniform in {@code ln v} on {@code [lo, hi]}, {@code 0 < lo < hi}. */
        public static Dimension log(String name, double lo, double hi) {
            return new Dimension(name, lo, hi, Transform.EXP, false);
        }

        /** Uniform over the integers {@code lo, …, hi}, {@code lo < hi}. */
        public static Dimension integer(String name, long lo, long hi) {
            return new Dimension(name, lo, hi, Transform.LINEAR, true);
        }

        /** Uniform in the unconstrained coordinate {@code u = C⁻¹(v)} of {@code coordinate}, on {@code [lo, hi]}. */
        public static Dimension inCoordinate(String name, double lo, double hi, Transform coordinate) {
            return new Dimension(name, lo, hi, coordinate, false);
        }

        /** True when the coordinate is {@code ln v}. */
        public boolean isLog() {
            return coordinate.equals(Transform.EXP);
        }

        /** Number of integers of a discrete dimension ({@code hi − lo + 1}); 0 for a continuous one. */
        public int levels() {
            return discrete ? (int) (hi - lo) + 1 : 0;
        }

        /**
         * The natural value at unit coordinate {@code x ∈ [0, 1]}: {@code C(u_lo + x·(u_hi − u_lo))} clamped to
         * {@code [lo, hi]} (rounding), or for a discrete dimension {@code lo + min(⌊x·n⌋, n − 1)}, n levels.
         *
         * @throws IllegalArgumentException if {@code x} is NaN or outside [0, 1]
         */
        public double fromUnit(double x) {
            if (!(x >= 0.0 && x <= 1.0)) {
                throw new IllegalArgumentException("dimension '" + name + "': unit coordinate must be in [0, 1], got " + x);
            }
            if (discrete) {
                int n = levels();
                return lo + Math.min((int) Math.floor(x * n), n - 1);
            }
            if (x == 0.0) {
                return lo;
            }
            if (x == 1.0) {
                return hi;
            }
            double ulo = coordinate.inverse(lo);
            double uhi = coordinate.inverse(hi);
            double v = coordinate.forward(ulo + x * (uhi - ulo));
            return Math.min(hi, Math.max(lo, v));
        }

        /**
         * The unit coordinate of natural value {@code v ∈ [lo, hi]}: {@code (C⁻¹(v) − u_lo)/(u_hi − u_lo)}, or
         * for a discrete dimension the centre {@code (k − lo + ½)/n} of integer k's cell.
         *
         * @throws IllegalArgumentException if {@code v} is outside {@code [lo, hi]}, or not an integer for a
         *     discrete dimension
         */
        public double toUnit(double v) {
            if (!(v >= lo && v <= hi)) {
                throw new IllegalArgumentException("dimension '" + name + "': value must be in [" + lo + ", " + hi
                        + "], got " + v);
            }
            if (discrete) {
                if (Math.rint(v) != v) {
                    throw new IllegalArgumentException("dimension '" + name + "' is discrete: value must be an integer, got " + v);
                }
                return (v - lo + 0.5) / levels();
            }
            double ulo = coordinate.inverse(lo);
            double uhi = coordinate.inverse(hi);
            double x = (coordinate.inverse(v) - ulo) / (uhi - ulo);
            return Math.min(1.0, Math.max(0.0, x));
        }

        /** A short description, e.g. {@code dropout0 ∈ [1e-06, 0.95] linear} or {@code cutout_holes ∈ {0..4}}. */
        public String describe() {
            if (discrete) {
                return String.format(Locale.ROOT, "%s ∈ {%d..%d}", name, (long) lo, (long) hi);
            }
            String c = coordinate.equals(Transform.LINEAR) ? "linear" : isLog() ? "log" : coordinate.toString();
            return String.format(Locale.ROOT, "%s ∈ [%.6g, %.6g] %s", name, lo, hi, c);
        }
    }

    private final List<Dimension> dims;
    private final Map<String, Integer> index;

    /**
     * A space over the given dimensions, in order.
     *
     * @throws IllegalArgumentException if the list is empty, has a null or a repeated name
     */
    public SearchSpace(List<Dimension> dimensions) {
        Objects.requireNonNull(dimensions, "SearchSpace: dimensions must not be null");
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("SearchSpace: need at least one dimension, got none");
        }
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < dimensions.size(); i++) {
            Dimension d = dimensions.get(i);
            Objects.requireNonNull(d, "SearchSpace: dimension " + i + " is null");
            if (idx.put(d.name(), i) != null) {
                throw new IllegalArgumentException("SearchSpace: dimension name '" + d.name() + "' appears twice");
            }
        }
        this.dims = List.copyOf(dimensions);
        this.index = Map.copyOf(idx);
    }

    /** A space over the given dimensions, in order; see {@link #SearchSpace(List)}. */
    public static SearchSpace of(Dimension... dimensions) {
        return new SearchSpace(List.of(dimensions));
    }

    /**
     * The space of a hyperparameter container, in its registration order, with the rules in the class
     * comment; {@code overrides} replace the derived dimension of the same name.
     *
     * @param hp registered hyperparameters (frozen or not)
     * @throws IllegalArgumentException if the container is empty, a hyperparameter has no derivable range and
     *     no override, an override names no hyperparameter (or one twice), or lies outside the domain
     */
    public static SearchSpace of(Hyperparameters hp, Dimension... overrides) {
        Objects.requireNonNull(hp, "SearchSpace.of: hyperparameters must not be null");
        if (hp.size() == 0) {
            throw new IllegalArgumentException("SearchSpace.of: the container has no hyperparameters to search");
        }
        Map<String, Dimension> byName = new HashMap<>();
        for (Dimension o : overrides) {
            Objects.requireNonNull(o, "SearchSpace.of: override must not be null");
            if (!hp.names().contains(o.name())) {
                throw new IllegalArgumentException("SearchSpace.of: override '" + o.name() + "' names no hyperparameter; expected one of "
                        + hp.names());
            }
            if (byName.put(o.name(), o) != null) {
                throw new IllegalArgumentException("SearchSpace.of: two overrides for '" + o.name() + "'");
            }
        }
        List<Dimension> out = new ArrayList<>();
        for (Hyperparameter h : hp.all()) {
            Dimension o = byName.get(h.name());
            if (o == null) {
                out.add(Domain.derive(h));
            } else {
                Domain.requireInside(h, o);
                out.add(o);
            }
        }
        return new SearchSpace(out);
    }

    /** {@code h}, the number of dimensions. */
    public int size() {
        return dims.size();
    }

    /** The dimensions in order (unmodifiable). */
    public List<Dimension> dimensions() {
        return dims;
    }

    /** The dimension at index {@code i}. */
    public Dimension dimension(int i) {
        return dims.get(i);
    }

    /** The names in order. */
    public List<String> names() {
        List<String> n = new ArrayList<>(dims.size());
        for (Dimension d : dims) {
            n.add(d.name());
        }
        return n;
    }

    /**
     * The index of {@code name}.
     *
     * @throws IllegalArgumentException if no dimension has that name
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("SearchSpace: unknown dimension '" + name + "'; expected one of " + names());
        }
        return i;
    }

    /** Natural values {@code [h]} of unit point {@code x [h]}; see {@link Dimension#fromUnit}. */
    public double[] fromUnit(double[] x) {
        requireLength("fromUnit", x);
        double[] v = new double[x.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = dims.get(i).fromUnit(x[i]);
        }
        return v;
    }

    /** Unit point {@code [h]} of natural values {@code v [h]}; see {@link Dimension#toUnit}. */
    public double[] toUnit(double[] values) {
        requireLength("toUnit", values);
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = dims.get(i).toUnit(values[i]);
        }
        return x;
    }

    /**
     * {@code toUnit(fromUnit(x))}: the unit point the GP sees for whatever {@code x} maps to (discrete
     * coordinates move to their cell's centre; continuous ones stay, up to rounding).
     */
    public double[] snapUnit(double[] x) {
        return toUnit(fromUnit(x));
    }

    /** Natural values drawn uniformly in each dimension's search coordinate, one {@code rng.uniform()} per dimension. */
    public double[] sample(Rng rng) {
        Objects.requireNonNull(rng, "SearchSpace.sample: rng must not be null");
        double[] x = new double[dims.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform();
        }
        return fromUnit(x);
    }

    /** True when every value lies in its dimension's range (and is an integer where discrete). */
    public boolean contains(double[] values) {
        if (values == null || values.length != dims.size()) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            Dimension d = dims.get(i);
            double v = values[i];
            if (!(v >= d.lo() && v <= d.hi()) || (d.discrete() && Math.rint(v) != v)) {
                return false;
            }
        }
        return true;
    }

    /** The values keyed by name, in order. */
    public Map<String, Double> named(double[] values) {
        requireLength("named", values);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(dims.get(i).name(), values[i]);
        }
        return m;
    }

    /** {@code {name=value, ...}} with integers printed as integers. */
    public String format(double[] values) {
        requireLength("format", values);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            Dimension d = dims.get(i);
            sb.append(i == 0 ? "" : ", ").append(d.name()).append('=');
            sb.append(d.discrete() ? String.valueOf((long) values[i]) : String.format(Locale.ROOT, "%.6g", values[i]));
        }
        return sb.append('}').toString();
    }

    private void requireLength(String where, double[] v) {
        Objects.requireNonNull(v, "SearchSpace." + where + ": array must not be null");
        if (v.length != dims.size()) {
            throw new IllegalArgumentException("SearchSpace." + where + ": expected " + dims.size() + " values (one per dimension "
                    + names() + "), got " + v.length);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SearchSpace[");
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(dims.get(i).describe());
        }
        return sb.append(']').toString();
    }
}
