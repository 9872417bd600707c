package io.github.deltastn.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RegressionDataTest {

    private static Tensor normal(long seed, int... shape) {
        return Tensor.normal(new Rng(seed), 1.5, 2.0, shape);
    }

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void rejectsMismatchedRowCountsNamingTheShapes() {
        assertRejected(() -> new RegressionData(normal(1, 10, 3), normal(2, 9), normal(3, 5, 3), normal(4, 5)),
                "RegressionData", "yTrain", "[10, 3]", "[9]", "[10]");
        assertRejected(() -> new RegressionData(normal(1, 10, 3), normal(2, 10), normal(3, 5, 3), normal(4, 6)),
                "RegressionData", "yValid", "[6]", "[5]");
    }

    @Test
    void rejectsZeroFeaturesAndDifferingFeatureCounts() {
        assertRejected(() -> new RegressionData(Tensor.zeros(10, 0), normal(2, 10), normal(3, 5, 3), normal(4, 5)),
                "RegressionData", "xTrain", "[10, 0]");
        assertRejected(() -> new RegressionData(normal(1, 10, 3), normal(2, 10), normal(3, 5, 4), normal(4, 5)),
                "RegressionData", "xValid", "[5, 4]", "3 feature columns");
    }

    @Test
    void rejectsNonFiniteValuesAndWrongTargetRank() {
        Tensor x = normal(1, 10, 3).with(Double.NaN, 4, 2);
        assertRejected(() -> new RegressionData(x, normal(2, 10), normal(3, 5, 3), normal(4, 5)),
                "RegressionData", "xTrain", "NaN");
        Tensor yv = normal(4, 5).with(Double.POSITIVE_INFINITY, 0);
        assertRejected(() -> new RegressionData(normal(1, 10, 3), normal(2, 10), normal(3, 5, 3), yv),
                "RegressionData", "yValid", "Infinity");
        assertRejected(() -> new RegressionData(normal(1, 10, 3), normal(2, 10, 1), normal(3, 5, 3), normal(4, 5)),
                "RegressionData", "yTrain", "[10, 1]");
        assertRejected(() -> new RegressionData(normal(1, 10, 3), normal(2, 10), normal(3, 5, 3), normal(4, 5),
                normal(5, 4, 3), null), "RegressionData", "xTest", "yTest", "null");
    }

    @Test
    void testSplitIsOptional() {
        RegressionData d = new RegressionData(normal(1, 10, 3), normal(2, 10), normal(3, 5, 3), normal(4, 5));
        assertFalse(d.hasTest());
        assertEquals(0, d.nTest());
        assertRejected(d::xTest, "RegressionData.xTest", "no test split");
    }

    @Test
    void standardizationOfFeaturesNearTheLargestDoubleDoesNotOverflow() {
        Tensor x = normal(7, 20, 2);
        Tensor big = Var.constant(x).mul(1e300).value();
        RegressionData d = new RegressionData(big, normal(8, 20), big.slice(0, 0, 5), normal(9, 5)).standardized();
        RegressionData ref = new RegressionData(x, normal(8, 20), x.slice(0, 0, 5), normal(9, 5)).standardized();
        for (double v : d.xTrain().data()) {
            assertTrue(Double.isFinite(v), "standardised value " + v);
        }
        assertTrue(d.xTrain().allClose(ref.xTrain(), 1e-12, 1e-12), "the same as the unscaled data, standardised");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RidgeProblem(new RegressionData(big, normal(8, 20), big.slice(0, 0, 5), normal(9, 5))));
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    }

    @Test
    void standardizationUsesTrainingStatisticsOnly() {
        Tensor xTrain = normal(1, 30, 4);
        Tensor yTrain = normal(2, 30);
        RegressionData a = new RegressionData(xTrain, yTrain, normal(3, 8, 4), normal(4, 8), normal(5, 6, 4), normal(6, 6));
        RegressionData b = new RegressionData(xTrain, yTrain, normal(13, 50, 4), normal(14, 50));
        Standardization sa = Standardization.fit(a);
        Standardization sb = Standardization.fit(b);
        assertArrayEquals(sa.featureMean(), sb.featureMean(), 0.0);
        assertArrayEquals(sa.featureScale(), sb.featureScale(), 0.0);
        assertEquals(sa.targetMean(), sb.targetMean(), 0.0);
        assertEquals(sa.targetScale(), sb.targetScale(), 0.0);

        RegressionData s = a.standardized();
        int n = 30;
        int d = 4;
        double[] x = s.xTrain().data();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * d + j];
                sq += x[i * d + j] * x[i * d + j];
            }
            assertEquals(0.0, mean / n, 1e-12);
            assertEquals(1.0, sq / n, 1e-12, "population variance (divisor N) is 1");
        }
        double[] raw = a.xValid().data();
        double[] std = s.xValid().data();
        double[] mu = sa.featureMean();
        double[] sc = sa.featureScale();
        for (int k = 0; k < raw.length; k++) {
            assertEquals((raw[k] - mu[k % d]) / sc[k % d], std[k], 1e-12);
        }
        double[] yt = s.yTest().data();
        for (int k = 0; k < yt.length; k++) {
            assertEquals((a.yTest().data()[k] - sa.targetMean()) / sa.targetScale(), yt[k], 1e-12);
        }
        double validMean = 0;
        for (int i = 0; i < 8; i++) {
            validMean += std[i * d];
        }
        assertTrue(Math.abs(validMean / 8) > 1e-6, "validation is not re-centred with its own mean");
    }

    @Test
    void standardizationRejectsConstantTrainingColumn() {
        double[] x = normal(1, 10, 3).data().clone();
        for (int i = 0; i < 10; i++) {
            x[i * 3 + 1] = 7.0;
        }
        RegressionData d = new RegressionData(Tensor.wrap(x, 10, 3), normal(2, 10), normal(3, 5, 3), normal(4, 5));
        assertRejected(d::standardized, "Standardization.fit", "feature 1", "constant");
    }

    @Test
    void randomSplitPartitionsTheRowsDeterministically() {
        int n = 50;
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = 10 * i;
        }
        RegressionData s1 = RegressionData.randomSplit(Tensor.wrap(x, n, 2), Tensor.wrap(y, n), 0.6, 0.2, new Rng(9));
        RegressionData s2 = RegressionData.randomSplit(Tensor.wrap(x, n, 2), Tensor.wrap(y, n), 0.6, 0.2, new Rng(9));
        assertEquals(30, s1.nTrain());
        assertEquals(10, s1.nValid());
        assertEquals(10, s1.nTest());
        assertEquals(s1.xTrain(), s2.xTrain());
        double[] ids = new double[n];
        int k = 0;
        for (Tensor[] part : new Tensor[][] {{s1.xTrain(), s1.yTrain()}, {s1.xValid(), s1.yValid()}, {s1.xTest(), s1.yTest()}}) {
            for (int i = 0; i < part[1].size(); i++) {
                double id = part[0].data()[2 * i];
                assertEquals(-id, part[0].data()[2 * i + 1], 0.0);
                assertEquals(10 * id, part[1].data()[i], 0.0);
                ids[k++] = id;
            }
        }
        Arrays.sort(ids);
        for (int i = 0; i < n; i++) {
            assertEquals(i, ids[i]);
        }
        assertRejected(() -> RegressionData.randomSplit(Tensor.wrap(x, n, 2), Tensor.wrap(y, n), 0.9, 0.2, new Rng(1)),
                "RegressionData.randomSplit", "0.9", "0.2");
    }
}
