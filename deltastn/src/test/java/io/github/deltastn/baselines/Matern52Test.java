package io.github.deltastn.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class Matern52Test {

    @Test
    void closedFormValues() {
        Matern52 k = new Matern52(new double[] {0.5, 2.0}, 1.7);
        double[] a = {0.1, 0.4};
        double[] b = {0.35, -0.6};
        double r = Math.sqrt(Math.pow(0.25 / 0.5, 2) + Math.pow(1.0 / 2.0, 2));
        double s5 = Math.sqrt(5);
        double expected = 1.7 * (1 + s5 * r + 5 * r * r / 3) * Math.exp(-s5 * r);
        assertEquals(expected, k.k(a, b), 1e-15);
        assertEquals(1.7, k.k(a, a), 0.0);
        assertEquals(k.k(a, b), k.k(b, a), 0.0);
        // hand-computed: r = 1 → (1 + √5 + 5/3)·e^{−√5} = 0.5239941088318203
        assertEquals(0.5239941088318203, Matern52.correlation(1.0), 1e-15);
        assertEquals(1.0, Matern52.correlation(0.0), 0.0);
    }

    @Test
    void isotropicFormOfTheBrief() {
        double ell = 0.37;
        double sf2 = 2.5;
        Matern52 k = new Matern52(new double[] {ell, ell, ell}, sf2);
        double[] a = {0.1, 0.2, 0.3};
        double[] b = {0.5, -0.1, 0.05};
        double d = 0;
        for (int i = 0; i < 3; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        d = Math.sqrt(d);
        double s5 = Math.sqrt(5);
        double expected = sf2 * (1 + s5 * d / ell + 5 * d * d / (3 * ell * ell)) * Math.exp(-s5 * d / ell);
        assertEquals(expected, k.k(a, b), 1e-14);
    }

    @Test
    void correlationDecreasesWithDistance() {
        double prev = 1.0;
        for (double r = 0.05; r < 10; r += 0.05) {
            double c = Matern52.correlation(r);
            assertTrue(c < prev && c > 0, "correlation at r = " + r);
            prev = c;
        }
    }

    /** The Gram matrix of distinct random points is symmetric positive definite: smallest eigenvalue > 0. */
    @Property(tries = 30)
    void gramIsPositiveDefinite(@ForAll @IntRange(min = 1, max = 15) int n, @ForAll @IntRange(min = 1, max = 4) int d,
                                @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            rng.fillUniform(row, 0, 1);
        }
        double[] ell = new double[d];
        rng.fillUniform(ell, 0.1, 1.5);
        Matern52 k = new Matern52(ell, rng.uniform(0.5, 2));
        double[][] g = k.gram(x);
        DMatrixRMaj m = new DMatrixRMaj(g);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(g[i][j], g[j][i], 0.0);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        assertTrue(eig.decompose(m));
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, eig.getEigenvalue(i).real);
        }
        assertTrue(min > -1e-12, "smallest eigenvalue " + min);
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(g[i], 0, flat, i * n, n);
            flat[i * n + i] += 1e-9;
        }
        double[] l = GaussianProcess.cholesky(flat, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t <= j; t++) {
                    s += l[i * n + t] * l[j * n + t];
                }
                assertEquals(flat[i * n + j], s, 1e-10, "L·Lᵀ at " + i + "," + j);
            }
        }
    }

    @Test
    void badParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Matern52(new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new Matern52(new double[] {0}, 1));
        assertThrows(IllegalArgumentException.class, () -> new Matern52(new double[] {1}, Double.NaN));
        Matern52 k = new Matern52(new double[] {1, 1}, 1);
        assertThrows(IllegalArgumentException.class, () -> k.k(new double[] {1}, new double[] {1, 2}));
    }
}
