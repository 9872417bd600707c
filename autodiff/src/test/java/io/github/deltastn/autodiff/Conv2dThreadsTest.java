package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Conv;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link Var#conv2d(Var, int, int, int)}: forward, both cotangents and the JVP (the Δ-STN
 * linearization's path) are bit-identical on 1, 2 and 3 threads, on shapes whose column buffers
 * span several chunks; the JVP matches a central difference.
 */
class Conv2dThreadsTest {

    /** y, gx, gw of {@code sum(tanh(conv(x, w)))}, and the JVP of {@code conv} along (tx, tw), flattened. */
    private static double[][] run(Tensor x, Tensor w, Tensor tx, Tensor tw, int s, int p, int d) {
        Var xv = Var.param(x);
        Var wv = Var.param(w);
        Var y = xv.conv2d(wv, s, p, d);
        Tensor[] g = Grad.values(y.tanh().sum(), xv, wv);
        Dual jvp = Jvp.of(v -> v[0].conv2d(v[1], s, p, d), new Var[] {Var.constant(x), Var.constant(w)},
                new Var[] {Var.constant(tx), Var.constant(tw)});
        return new double[][] {y.value().data(), g[0].data(), g[1].data(), jvp.tangent().value().data()};
    }

    private static Tensor add(Tensor a, Tensor b, double scale) {
        return Elementwise.add(a, Elementwise.mulScalar(b, scale));
    }

    private static void check(Rng r, int[] xs, int[] ws, int s, int p, int d) {
        Tensor x = Tensor.normal(r, 0, 1, xs);
        Tensor w = Tensor.normal(r, 0, 0.3, ws);
        Tensor tx = Tensor.normal(r, 0, 1, xs);
        Tensor tw = Tensor.normal(r, 0, 1, ws);
        int saved = Parallel.threads();
        double[][][] out = new double[3][][];
        try {
            for (int t = 1; t <= 3; t++) {
                Parallel.setThreads(t);
                out[t - 1] = run(x, w, tx, tw, s, p, d);
            }
        } finally {
            Parallel.setThreads(saved);
        }
        for (int t = 1; t < 3; t++) {
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(out[0][k], out[t][k], "output " + k + " on " + (t + 1) + " threads");
            }
        }
        // conv is bilinear: (conv(x + e·tx, w + e·tw) − conv(x − e·tx, w − e·tw)) / 2e is exact up to rounding
        double e = 1e-3;
        Tensor plus = Conv.conv2d(add(x, tx, e), add(w, tw, e), s, p, d);
        Tensor minus = Conv.conv2d(add(x, tx, -e), add(w, tw, -e), s, p, d);
        Tensor fd = Elementwise.mulScalar(Elementwise.sub(plus, minus), 1 / (2 * e));
        Tensor jvp = Tensor.wrap(out[0][3], fd.shape());
        assertTrue(jvp.allClose(fd, 1e-7, 1e-7), "JVP against a central difference, max diff " + jvp.maxAbsDiff(fd));
    }

    @Test
    void simpleCnnLayers() {
        Rng r = new Rng(8);
        check(r, new int[] {13, 1, 28, 28}, new int[] {16, 1, 5, 5}, 1, 2, 1);
        check(r, new int[] {11, 16, 14, 14}, new int[] {32, 16, 5, 5}, 1, 2, 1);
    }

    @Test
    void oddShapesStrideDilationAndBatchOne() {
        Rng r = new Rng(9);
        check(r, new int[] {1, 1, 31, 29}, new int[] {3, 1, 3, 5}, 2, 1, 1);
        check(r, new int[] {5, 7, 41, 37}, new int[] {4, 7, 3, 3}, 3, 2, 2);
    }
}
