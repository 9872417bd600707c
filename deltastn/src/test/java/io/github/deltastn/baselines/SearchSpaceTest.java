package io.github.deltastn.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.baselines.SearchSpace.Dimension;
import io.github.deltastn.core.Rng;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.hyper.Transform;
import io.github.deltastn.models.SimpleCnnModel;
import io.github.deltastn.toy.ToyExperiment;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    static SearchSpace mixed() {
        return SearchSpace.of(Dimension.linear("dropout", 0.0, 0.9), Dimension.log("weight_decay", 1e-5, 10.0),
                Dimension.integer("holes", 0, 4), Dimension.inCoordinate("p", 0.1, 0.9, Transform.sSigmoid(0, 1)));
    }

    @Property(tries = 100)
    void unitRoundTripOfContinuousDimensions(@ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double x,
                                             @ForAll @Scale(6) @DoubleRange(min = -50, max = 50) double lo,
                                             @ForAll @Scale(6) @DoubleRange(min = 1e-3, max = 100) double width) {
        for (Dimension d : List.of(Dimension.linear("a", lo, lo + width),
                Dimension.log("b", Math.exp(lo / 10), Math.exp(lo / 10) * (1 + width)))) {
            double v = d.fromUnit(x);
            assertTrue(v >= d.lo() && v <= d.hi(), d + " at " + x + " gave " + v);
            assertEquals(x, d.toUnit(v), 1e-9, d.describe());
            assertEquals(v, d.fromUnit(d.toUnit(v)), 1e-9 * Math.max(1, Math.abs(v)));
        }
    }

    @Property(tries = 50)
    void discreteRoundTrip(@ForAll @IntRange(min = -5, max = 5) int lo, @ForAll @IntRange(min = 1, max = 30) int width) {
        Dimension d = Dimension.integer("k", lo, lo + width);
        assertEquals(width + 1, d.levels());
        for (int k = lo; k <= lo + width; k++) {
            double x = d.toUnit(k);
            assertEquals(k, d.fromUnit(x), 0.0);
            // the whole cell of k maps to k
            double half = 0.5 / d.levels();
            assertEquals(k, d.fromUnit(x - 0.999 * half), 0.0);
            assertEquals(k, d.fromUnit(Math.min(1, x + 0.999 * half)), 0.0);
        }
        assertEquals(lo, d.fromUnit(0.0), 0.0);
        assertEquals(lo + width, d.fromUnit(1.0), 0.0);
    }

    @Property(tries = 50)
    void fromUnitIsMonotone(@ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double a, @ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double b) {
        SearchSpace s = mixed();
        for (Dimension d : s.dimensions()) {
            double lo = Math.min(a, b);
            double hi = Math.max(a, b);
            assertTrue(d.fromUnit(lo) <= d.fromUnit(hi), d.describe());
        }
    }

    @Test
    void logCoordinatesAreUniformInTheLogarithm() {
        Dimension d = Dimension.log("c", 1e-4, 1.0);
        assertEquals(1e-2, d.fromUnit(0.5), 1e-15);
        assertEquals(1e-3, d.fromUnit(0.25), 1e-16);
        assertEquals(0.75, d.toUnit(0.1), 1e-12);
        assertTrue(d.isLog());
        SearchSpace s = SearchSpace.of(d);
        Rng rng = new Rng(3);
        int below = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (s.sample(rng)[0] < 1e-2) {
                below++;
            }
        }
        assertEquals(0.5, below / (double) n, 0.02);
    }

    @Test
    void discreteDimensionsAreUniformOverTheirIntegers() {
        SearchSpace s = SearchSpace.of(Dimension.integer("holes", 0, 4));
        int[] counts = new int[5];
        Rng rng = new Rng(4);
        int n = 25_000;
        for (int i = 0; i < n; i++) {
            double v = s.sample(rng)[0];
            assertEquals(Math.rint(v), v, 0.0);
            counts[(int) v]++;
        }
        for (int c : counts) {
            assertEquals(0.2, c / (double) n, 0.015);
        }
        assertEquals(0.5, s.toUnit(new double[] {2})[0], 0.0);
        assertEquals(0.1, s.toUnit(new double[] {0})[0], 1e-15);
        assertArrayEquals(new double[] {0.3}, s.snapUnit(new double[] {0.21}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> s.toUnit(new double[] {2.5}));
        assertFalse(s.contains(new double[] {2.5}));
        assertTrue(s.contains(new double[] {2}));
    }

    @Test
    void transformCoordinateIsUniformInTheUnconstrainedValue() {
        Dimension d = Dimension.inCoordinate("p", 0.1, 0.9, Transform.sSigmoid(0, 1));
        double ulo = Math.log(0.1 / 0.9);
        double uhi = -ulo;
        for (double x : new double[] {0, 0.2, 0.5, 0.8, 1}) {
            double u = ulo + x * (uhi - ulo);
            assertEquals(1 / (1 + Math.exp(-u)), d.fromUnit(x), 1e-15);
        }
    }

    @Test
    void spaceOfTheFashionMnistContainer() {
        SearchSpace s = SearchSpace.of(SimpleCnnModel.hyperparameters());
        assertEquals(List.of("dropout0", "dropout1", "dropout2", "dropout_fc", "cutout_length", "cutout_holes"), s.names());
        double m = SearchSpace.DOMAIN_MARGIN * 0.95;
        for (int i = 0; i < 4; i++) {
            Dimension d = s.dimension(i);
            assertFalse(d.discrete());
            assertEquals(Transform.LINEAR, d.coordinate());
            assertEquals(m, d.lo(), 1e-18);
            assertEquals(0.95 - m, d.hi(), 1e-15);
        }
        assertEquals(Dimension.integer("cutout_length", 2, 23), s.dimension(4));
        assertEquals(Dimension.integer("cutout_holes", 0, 4), s.dimension(5));
        assertTrue(s.toString().contains("cutout_holes ∈ {0..4}"), s.toString());
        double[] v = s.sample(new Rng(1));
        assertTrue(s.contains(v));
        assertTrue(s.format(v).startsWith("{dropout0="), s.format(v));
        assertEquals(6, s.named(v).size());
    }

    @Test
    void exponentialHyperparametersNeedAnExplicitLogRange() {
        Hyperparameters hp = new Hyperparameters();
        hp.register(ToyExperiment.hyperparameter(ToyExperiment.Problem.RIDGE, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.of(hp));
        assertTrue(e.getMessage().contains("weight_decay") && e.getMessage().contains("Dimension.log"), e.getMessage());
        SearchSpace s = SearchSpace.of(hp, Dimension.log("weight_decay", 1e-4, 10));
        assertTrue(s.dimension(0).isLog());
    }

    @Test
    void overridesAreChecked() {
        Hyperparameters hp = SimpleCnnModel.hyperparameters();
        SearchSpace narrowed = SearchSpace.of(hp, Dimension.linear("dropout1", 0.1, 0.5), Dimension.integer("cutout_holes", 1, 3));
        assertEquals(0.5, narrowed.dimension(1).hi(), 0.0);
        assertEquals(3, narrowed.dimension(5).hi(), 0.0);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.of(hp, Dimension.linear("nope", 0.1, 0.5))).getMessage().contains("names no hyperparameter"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.of(hp, Dimension.linear("dropout1", 0.0, 0.5))).getMessage().contains("strictly inside"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.of(hp, Dimension.integer("cutout_holes", 0, 5))).getMessage().contains("not one of its integers"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.of(hp, Dimension.linear("cutout_holes", 0.5, 3))).getMessage().contains("discrete"));
        assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.of(hp, Dimension.linear("dropout1", 0.1, 0.5), Dimension.linear("dropout1", 0.1, 0.6)));
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.of(new Hyperparameters()));
        Hyperparameters neg = new Hyperparameters();
        neg.register(Hyperparameter.of("k", -3, 3, 1.5).withDiscrete(true));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchSpace.of(neg)).getMessage().contains("non-negative"));
    }

    @Test
    void badDimensionsAndSpaces() {
        String m = assertThrows(IllegalArgumentException.class, () -> Dimension.linear("a", 1, 1)).getMessage();
        assertTrue(m.contains("lo < hi"), m);
        assertThrows(IllegalArgumentException.class, () -> Dimension.linear("a", 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Dimension.linear("a", Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Dimension.linear("a", 0, Double.POSITIVE_INFINITY));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Dimension.log("a", 0, 1)).getMessage().contains("lo > 0"));
        assertThrows(IllegalArgumentException.class, () -> new Dimension("a", 0.5, 3, Transform.LINEAR, true));
        assertThrows(IllegalArgumentException.class, () -> new Dimension("a", 1, 3, Transform.EXP, true));
        assertThrows(IllegalArgumentException.class, () -> Dimension.linear(" ", 0, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SearchSpace(List.of())).getMessage().contains("at least one"));
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.of(Dimension.linear("a", 0, 1), Dimension.linear("a", 0, 2)));
        SearchSpace s = mixed();
        assertThrows(IllegalArgumentException.class, () -> s.fromUnit(new double[] {0.5, 0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> s.fromUnit(new double[] {0.5, 0.5, 1.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> s.fromUnit(new double[] {0.5, Double.NaN, 0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> s.toUnit(new double[] {0.95, 1e-3, 1, 0.5}));
        assertEquals(1, s.indexOf("weight_decay"));
        assertThrows(IllegalArgumentException.class, () -> s.indexOf("lr"));
    }
}
