package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScalarMinimizerTest {

    @Test
    void findsTheMinimumOfASmoothFunction() {
        ScalarMinimizer.Result r = ScalarMinimizer.minimize(x -> Math.cosh(x - 0.3137) + 0.1 * x * x * x * x,
                -2, 3, 51, 1e-12);
        // stationary point of cosh(x − a) + 0.1x⁴ by Newton
        double x = 0.3;
        for (int i = 0; i < 50; i++) {
            x -= (Math.sinh(x - 0.3137) + 0.4 * x * x * x) / (Math.cosh(x - 0.3137) + 1.2 * x * x);
        }
        assertEquals(x, r.argmin(), 1e-7);
        assertTrue(r.interior());
        assertTrue(r.bracketLo() <= r.argmin() && r.argmin() <= r.bracketHi());
        assertEquals(0.2, r.bracketHi() - r.bracketLo(), 1e-12);
        assertTrue(r.tolerance() <= 1e-7);
    }

    @Test
    void flagsAMinimumOnTheBoundary() {
        ScalarMinimizer.Result r = ScalarMinimizer.minimize(x -> x, 0, 1, 11, 1e-10);
        assertFalse(r.interior());
        assertEquals(0.0, r.argmin(), 1e-9);
    }

    @Test
    void rejectsBadArgumentsAndNonFiniteValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScalarMinimizer.minimize(x -> x, 1, 0, 11, 1e-9));
        assertTrue(e.getMessage().contains("ScalarMinimizer.minimize") && e.getMessage().contains("lo=1.0"));
        e = assertThrows(IllegalArgumentException.class, () -> ScalarMinimizer.minimize(x -> Math.log(x), -1, 1, 11, 1e-9));
        assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("x=-1.0"));
        e = assertThrows(IllegalArgumentException.class, () -> ScalarMinimizer.minimize(x -> x, 0, 1, 2, 1e-9));
        assertTrue(e.getMessage().contains("gridPoints") && e.getMessage().contains("2"));
    }
}
