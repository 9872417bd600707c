package io.github.deltastn.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    static double f(double[] x) {
        return Math.sin(3 * x[0]) + Math.cos(2 * x[1]) + x[0] * x[1];
    }

    static double[][] points(Rng rng, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            rng.fillUniform(row, 0, 1);
        }
        return x;
    }

    static double[] values(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f(x[i]);
        }
        return y;
    }

    @Test
    void posteriorInterpolatesNoiseFreeDataAndIsCertainOnlyThere() {
        double[][] x = points(new Rng(1), 12, 2);
        double[] y = values(x);
        GaussianProcess gp = GaussianProcess.of(x, y, new Matern52(new double[] {0.3, 0.3}, 1.0), 1e-10);
        double scale = gp.standardisation()[1];
        for (int i = 0; i < x.length; i++) {
            GaussianProcess.Prediction p = gp.predict(x[i]);
            assertEquals(y[i], p.mean(), 1e-5, "mean at training point " + i);
            assertTrue(p.variance() < 1e-6 * scale * scale, "variance at training point " + i + ": " + p.variance());
        }
        // moving away from a training point the variance grows monotonically to the prior c²·σ²
        double prev = gp.predict(x[0]).variance();
        double[] dir = {0.6, -0.8};
        for (double t = 0.005; t < 3; t *= 1.6) {
            double[] q = {x[0][0] + t * dir[0], x[0][1] + t * dir[1]};
            double v = gp.predict(q).variance();
            if (t > 0.5) {
                assertTrue(v >= prev - 1e-12, "variance at distance " + t);
            } else if (t < 0.02) {
                assertTrue(v > prev, "variance grows just off the point, t = " + t);
            }
            prev = v;
        }
        GaussianProcess.Prediction far = gp.predict(new double[] {50, 50});
        assertEquals(scale * scale, far.variance(), 1e-9);
        assertEquals(gp.standardisation()[0], far.mean(), 1e-9);
    }

    /** Log-parameters {@code (log ℓ_1..d, log σ², log σ_n²)} drawn from ranges where the likelihood is well conditioned. */
    static double[] randomTheta(Rng rng, int d) {
        double[] theta = new double[d + 2];
        for (int i = 0; i < d; i++) {
            theta[i] = rng.uniform(Math.log(0.1), Math.log(2));
        }
        theta[d] = rng.uniform(Math.log(0.3), Math.log(3));
        theta[d + 1] = rng.uniform(Math.log(1e-3), Math.log(0.5));
        return theta;
    }

    /** The analytic gradient of the log marginal likelihood against central differences, on random data and θ. */
    @Property(tries = 25)
    void logMarginalLikelihoodGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 2, max = 12) int n,
                                                               @ForAll @IntRange(min = 1, max = 3) int d,
                                                               @ForAll @LongRange(min = 0, max = 10_000) long seed) {
        Rng rng = new Rng(seed);
        double[][] x = points(rng, n, d);
        double[] y = new double[n];
        rng.fillNormal(y, 0, 1);
        double[] theta = randomTheta(rng, d);
        double[] grad = new double[d + 2];
        GaussianProcess.logMarginalLikelihood(x, y, theta, grad);
        double h = 1e-5;
        for (int i = 0; i < theta.length; i++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[i] += h;
            tm[i] -= h;
            double fd = (GaussianProcess.logMarginalLikelihood(x, y, tp, null)
                    - GaussianProcess.logMarginalLikelihood(x, y, tm, null)) / (2 * h);
            assertEquals(fd, grad[i], 1e-5 * Math.max(1, Math.abs(fd)), "d/dtheta_" + i);
        }
    }

    /** The prior's slope against central differences of its log density, and its mode against the closed form. */
    @Test
    void lengthScalePriorsHaveTheirSlopesAndModes() {
        LengthScalePrior gamma = LengthScalePrior.gamma36();
        LengthScalePrior logNormal = new LengthScalePrior.LogNormal(0.4, 0.7);
        for (LengthScalePrior prior : new LengthScalePrior[] {gamma, logNormal}) {
            for (double t = -4; t <= 3; t += 0.25) {
                double fd = (prior.logDensity(t + 1e-6) - prior.logDensity(t - 1e-6)) / 2e-6;
                assertEquals(fd, prior.slope(t), 1e-6 * Math.max(1, Math.abs(fd)), prior + " slope at log ell " + t);
            }
        }
        // the density of ℓ peaks at (a − 1)/b for Gamma(a, b) and at e^(μ − s²) for LogNormal(μ, s)
        assertEquals(2.0 / 6.0, argmaxOverEll(gamma), 1e-4);
        assertEquals(Math.exp(0.4 - 0.49), argmaxOverEll(logNormal), 1e-4);
        assertEquals(Math.exp(Math.sqrt(2)) * Math.sqrt(3), Math.exp(((LengthScalePrior.LogNormal) LengthScalePrior.dimensionScaledLogNormal(3)).mu()), 1e-12);
    }

    /** The ℓ on a fine grid in (0, 5] where {@code logDensity(log ℓ)} is largest. */
    static double argmaxOverEll(LengthScalePrior prior) {
        double best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (double ell = 1e-5; ell <= 5; ell += 1e-5) {
            double v = prior.logDensity(Math.log(ell));
            if (v > bestValue) {
                bestValue = v;
                best = ell;
            }
        }
        return best;
    }

    /** With a prior the fit's objective is {@code log p(ỹ) + Σ log p(ℓ_i)}: its gradient against central differences. */
    @Property(tries = 15)
    void logPosteriorGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 2, max = 10) int n,
                                                      @ForAll @IntRange(min = 1, max = 3) int d,
                                                      @ForAll @LongRange(min = 0, max = 10_000) long seed) {
        Rng rng = new Rng(seed);
        double[][] x = points(rng, n, d);
        double[] y = new double[n];
        rng.fillNormal(y, 0, 1);
        double[] theta = randomTheta(rng, d);
        for (LengthScalePrior prior : new LengthScalePrior[] {LengthScalePrior.gamma36(), LengthScalePrior.dimensionScaledLogNormal(d)}) {
            double[] grad = new double[d + 2];
            GaussianProcess.logMarginalLikelihood(x, y, theta, grad);
            GaussianProcess.logPrior(theta, prior, grad);
            double h = 1e-5;
            for (int i = 0; i < theta.length; i++) {
                double[] tp = theta.clone();
                double[] tm = theta.clone();
                tp[i] += h;
                tm[i] -= h;
                double[] unused = new double[d + 2];
                double fd = (GaussianProcess.logMarginalLikelihood(x, y, tp, null) + GaussianProcess.logPrior(tp, prior, unused)
                        - GaussianProcess.logMarginalLikelihood(x, y, tm, null) - GaussianProcess.logPrior(tm, prior, unused)) / (2 * h);
                assertEquals(fd, grad[i], 1e-5 * Math.max(1, Math.abs(fd)), prior + ": d/dtheta_" + i);
            }
        }
    }

    /**
     * Five points in 3-D whose targets vary along the first coordinate only: maximum likelihood calls the other
     * two irrelevant (length scales at the upper bound 10, so a far corner is as certain as the data); the
     * Gamma(3, 6) prior keeps them short and the posterior uncertain away from the data.
     */
    @Test
    void gammaPriorKeepsUnseenCoordinatesUncertain() {
        Rng rng = new Rng(3);
        double[][] x = points(rng, 5, 3);
        double[] y = new double[5];
        for (int i = 0; i < 5; i++) {
            y[i] = Math.sin(4 * x[i][0]);
        }
        GaussianProcess.FitSettings ml = GaussianProcess.FitSettings.defaults().withLengthScalePrior(null);
        GaussianProcess plain = GaussianProcess.fitMarginalLikelihood(x, y, ml, new Rng(1));
        GaussianProcess map = GaussianProcess.fitMarginalLikelihood(x, y, ml.withLengthScalePrior(LengthScalePrior.gamma36()), new Rng(1));
        double[] ellMl = plain.kernel().lengthScales();
        double[] ellMap = map.kernel().lengthScales();
        assertTrue(ellMl[1] > 5 && ellMl[2] > 5, "maximum likelihood: length scales " + java.util.Arrays.toString(ellMl));
        assertTrue(ellMap[1] < 1.5 && ellMap[2] < 1.5, "Gamma(3, 6): length scales " + java.util.Arrays.toString(ellMap));
        // at the data's first coordinate but a far corner of the other two
        double[] corner = {x[0][0], x[0][1] < 0.5 ? 1 : 0, x[0][2] < 0.5 ? 1 : 0};
        double c = plain.standardisation()[1];
        double sdMl = plain.predict(corner).sd() / c;
        double sdMap = map.predict(corner).sd() / c;
        assertTrue(sdMap > 3 * sdMl && sdMap > 0.3, "posterior sd at the corner (standardised): ML " + sdMl + ", Gamma(3, 6) " + sdMap);
    }

    @Test
    void logMarginalLikelihoodOfOnePointIsTheGaussianDensity() {
        double[][] x = {{0.3}};
        double[] y = {0.7};
        double[] theta = {Math.log(0.5), Math.log(2.0), Math.log(0.1)};
        double var = 2.1;
        double expected = -0.5 * 0.49 / var - 0.5 * Math.log(2 * Math.PI * var);
        assertEquals(expected, GaussianProcess.logMarginalLikelihood(x, y, theta, null), 1e-14);
    }

    @Test
    void fitImprovesTheLikelihoodAndPredictsHeldOutPoints() {
        Rng rng = new Rng(5);
        double[][] x = points(rng, 30, 2);
        double[] y = values(x);
        GaussianProcess start = GaussianProcess.of(x, y, new Matern52(new double[] {0.5, 0.5}, 1.0), 1e-3);
        GaussianProcess fit = GaussianProcess.fitMarginalLikelihood(x, y, GaussianProcess.FitSettings.defaults(), new Rng(9));
        assertTrue(fit.logMarginalLikelihood() > start.logMarginalLikelihood() + 1,
                "fit " + fit.logMarginalLikelihood() + " vs start " + start.logMarginalLikelihood());
        double[][] test = points(rng, 50, 2);
        double se = 0;
        for (double[] q : test) {
            double e = fit.predict(q).mean() - f(q);
            se += e * e;
        }
        double rmse = Math.sqrt(se / test.length);
        assertTrue(rmse < 0.05, "held-out RMSE " + rmse);
        assertTrue(fit.noiseVariance() < 1e-3, "noise-free data fits small noise, got " + fit.noiseVariance());
    }

    @Test
    void repeatedPointsWithoutNoiseAreRescuedByJitter() {
        double[][] x = {{0.2, 0.2}, {0.2, 0.2}, {0.7, 0.1}};
        double[] y = {1.0, 1.0, 2.0};
        GaussianProcess gp = GaussianProcess.of(x, y, new Matern52(new double[] {0.4, 0.4}, 1.0), 0.0);
        assertEquals(1.0, gp.predict(new double[] {0.2, 0.2}).mean(), 1e-4);
    }

    @Test
    void constantTargetsPredictTheConstant() {
        double[][] x = {{0.1}, {0.5}, {0.9}};
        double[] y = {3.0, 3.0, 3.0};
        GaussianProcess gp = GaussianProcess.fitMarginalLikelihood(x, y, GaussianProcess.FitSettings.defaults(), new Rng(1));
        assertEquals(3.0, gp.predict(new double[] {0.3}).mean(), 1e-9);
    }

    @Test
    void badInput() {
        Matern52 k = new Matern52(new double[] {0.5}, 1);
        assertThrows(IllegalArgumentException.class, () -> GaussianProcess.of(new double[0][], new double[0], k, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GaussianProcess.of(new double[][] {{0.1}}, new double[] {1, 2}, k, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GaussianProcess.of(new double[][] {{0.1}}, new double[] {Double.NaN}, k, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GaussianProcess.of(new double[][] {{0.1, 0.2}}, new double[] {1}, k, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> GaussianProcess.of(new double[][] {{0.1}}, new double[] {1}, k, -1));
        GaussianProcess gp = GaussianProcess.of(new double[][] {{0.1}}, new double[] {1}, k, 1e-3);
        assertThrows(IllegalArgumentException.class, () -> gp.predict(new double[] {0.1, 0.2}));
        assertThrows(IllegalArgumentException.class, () -> new GaussianProcess.FitSettings(-1, 10, 0.1, 0.01, 10, 0.01, 100, 1e-6, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new GaussianProcess.FitSettings(1, 10, 0.1, 0.01, 10, 0.01, 100, 0, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new LengthScalePrior.Gamma(0, 6));
        assertThrows(IllegalArgumentException.class, () -> new LengthScalePrior.Gamma(3, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new LengthScalePrior.LogNormal(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new LengthScalePrior.LogNormal(0, 0));
        assertThrows(IllegalArgumentException.class, () -> LengthScalePrior.dimensionScaledLogNormal(0));
        assertEquals(LengthScalePrior.gamma36(), LengthScalePrior.parse(" Gamma ", 3));
        assertEquals(LengthScalePrior.dimensionScaledLogNormal(3), LengthScalePrior.parse("lognormal", 3));
        assertEquals(null, LengthScalePrior.parse("none", 3));
        assertThrows(IllegalArgumentException.class, () -> LengthScalePrior.parse("cauchy", 3));
    }
}
