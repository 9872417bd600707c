package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Var#conv2d(Var, Var, int, int, int)} against a direct loop over the definition. */
class Conv2dBiasTest {

    /** {@code y[n,o,i,j] = b[o] + Σ_{c,u,v} x[n, c, i·s − p + u·d, j·s − p + v·d] · w[o,c,u,v]} (zero padding). */
    static Tensor naive(Tensor x, Tensor w, Tensor b, int s, int p, int d) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int co = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int oh = (h + 2 * p - d * (kh - 1) - 1) / s + 1;
        int ow = (wd + 2 * p - d * (kw - 1) - 1) / s + 1;
        double[] y = new double[n * co * oh * ow];
        int k = 0;
        for (int e = 0; e < n; e++) {
            for (int o = 0; o < co; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = b.get(o);
                        for (int ch = 0; ch < c; ch++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int r = i * s - p + u * d;
                                    int q = j * s - p + v * d;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        acc += x.get(e, ch, r, q) * w.get(o, ch, u, v);
                                    }
                                }
                            }
                        }
                        y[k++] = acc;
                    }
                }
            }
        }
        return Tensor.wrap(y, n, co, oh, ow);
    }

    @Test
    void matchesTheDefinitionForSeveralGeometries() {
        Rng r = new Rng(5);
        int[][] geometries = {{1, 0, 1}, {1, 1, 1}, {2, 1, 1}, {2, 2, 2}};
        for (int[] g : geometries) {
            Tensor x = Tensor.normal(r, 0, 1, 2, 3, 7, 6);
            Tensor w = Tensor.normal(r, 0, 1, 4, 3, 3, 2);
            Tensor b = Tensor.normal(r, 0, 1, 4);
            Tensor y = Var.constant(x).conv2d(Var.constant(w), Var.constant(b), g[0], g[1], g[2]).value();
            Tensor expected = naive(x, w, b, g[0], g[1], g[2]);
            assertTrue(y.allClose(expected, 1e-12, 1e-12), "stride, padding, dilation " + java.util.Arrays.toString(g));
        }
    }

    @Test
    void biasGradientIsTheSumOfTheOutputGradientPerChannel() {
        Rng r = new Rng(6);
        Var x = Var.param(Tensor.normal(r, 0, 1, 3, 2, 5, 5));
        Var w = Var.param(Tensor.normal(r, 0, 1, 4, 2, 3, 3));
        Var b = Var.param(Tensor.normal(r, 0, 1, 4));
        Var y = x.conv2d(w, b, 1, 1, 1);
        Tensor gy = Tensor.normal(r, 0, 1, y.shape());
        Tensor[] g = Grad.values(y.mul(Var.constant(gy)).sum(), x, w, b);
        assertTrue(g[2].allClose(Var.constant(gy).sum(0, 2, 3).value(), 1e-12, 1e-12));
        // the weight and input gradients are those of the convolution without bias
        Tensor[] plain = Grad.values(x.conv2d(w, 1, 1, 1).mul(Var.constant(gy)).sum(), x, w);
        assertTrue(g[0].allClose(plain[0], 0, 0) && g[1].allClose(plain[1], 0, 0));
    }

    @Test
    void badBiasShapeNamesTheOpAndShapes() {
        Var x = Var.param(Tensor.zeros(1, 2, 4, 4));
        Var w = Var.param(Tensor.zeros(3, 2, 3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.conv2d(w, Var.param(Tensor.zeros(2)), 1, 0, 1));
        BadInputTest.assertMentions(e, "conv2d", "bias", "[2]", "[3]", "[3, 2, 3, 3]");
    }
}
