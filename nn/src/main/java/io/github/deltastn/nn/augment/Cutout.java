package io.github.deltastn.nn.augment;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.Arrays;

/**
 * Cutout (DeVries and Taylor 2017) with per-example parameters, reproducing the reference
 * implementation used by Self-Tuning Networks (algorithm.md §9.3).
 *
 * <p>For example {@code b} with {@code L = length[b]} and {@code K = holes[b]}: if {@code L <= 0}
 * or {@code K <= 0} the image is unchanged and no random numbers are drawn. Otherwise, {@code K}
 * times: draw the centre row {@code y = rng.nextInt(H)}, then the centre column
 * {@code x = rng.nextInt(W)}; zero, in every channel, rows
 * {@code [trunc(clip(y − L/2, 0, H)), trunc(clip(y + L/2, 0, H)))} and columns
 * {@code [trunc(clip(x − L/2, 0, W)), trunc(clip(x + L/2, 0, W)))} ({@code L/2} is a real division,
 * end exclusive; holes may overlap and are clipped at the border). Examples are processed in
 * order {@code b = 0, 1, …}, so the draws are a function of the rng state and the parameters only.
 * The result has {@code x}'s dtype (a float32 batch goes through float64 exactly and back).
 */
public final class Cutout {
    private Cutout() {}

    /**
     * @param x images {@code [B, C, H, W]} (not modified)
     * @param length side length per example, {@code int[B]}
     * @param holes number of holes per example, {@code int[B]}
     * @return a fresh tensor of the same shape
     */
    public static Tensor apply(Tensor x, int[] length, int[] holes, Rng rng) {
        return apply(x, length, holes, null, rng);
    }

    /**
     * The same, with the holes filled with {@code fill[ch]} in channel {@code ch} instead of 0 (e.g. the
     * data set's mean colour, which is 0 after normalisation; {@code null}: 0).
     *
     * @throws IllegalArgumentException if {@code fill} does not have one value per channel
     */
    public static Tensor apply(Tensor x, int[] length, int[] holes, double[] fill, Rng rng) {
        if (x.ndim() != 4) {
            throw new IllegalArgumentException("Cutout: expected images [B, C, H, W], got shape " + Shape.str(x.shape()));
        }
        int n = x.dim(0);
        if (length.length != n || holes.length != n) {
            throw new IllegalArgumentException("Cutout: batch of " + n + " images but " + length.length
                    + " lengths and " + holes.length + " hole counts");
        }
        if (fill != null && fill.length != x.dim(1)) {
            throw new IllegalArgumentException("Cutout: " + x.dim(1) + " channels but " + fill.length + " fill values");
        }
        if (x.dtype() != DType.FLOAT64) {
            return apply(x.to(DType.FLOAT64), length, holes, fill, rng).to(x.dtype());
        }
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        double[] out = x.data().clone();
        if (h == 0 || w == 0) {
            return Tensor.wrap(out, x.shape());
        }
        int plane = h * w;
        for (int b = 0; b < n; b++) {
            int len = length[b];
            if (len <= 0 || holes[b] <= 0) {
                continue;
            }
            for (int k = 0; k < holes[b]; k++) {
                int[] rows = span(rng.nextInt(h), len, h);
                int[] cols = span(rng.nextInt(w), len, w);
                for (int ch = 0; ch < c; ch++) {
                    int base = (b * c + ch) * plane;
                    for (int r = rows[0]; r < rows[1]; r++) {
                        Arrays.fill(out, base + r * w + cols[0], base + r * w + cols[1], fill == null ? 0.0 : fill[ch]);
                    }
                }
            }
        }
        return Tensor.wrap(out, x.shape());
    }

    /** The same length and hole count for every example. */
    public static Tensor apply(Tensor x, int length, int holes, Rng rng) {
        int n = x.ndim() > 0 ? x.dim(0) : 0;
        int[] l = new int[n];
        int[] k = new int[n];
        Arrays.fill(l, length);
        Arrays.fill(k, holes);
        return apply(x, l, k, rng);
    }

    /**
     * The half-open range {@code [start, end)} covered along one axis of size {@code size} by a hole
     * of side {@code length} centred at {@code centre}:
     * {@code start = trunc(clip(centre − length/2, 0, size))}, {@code end = trunc(clip(centre + length/2, 0, size))}.
     */
    public static int[] span(int centre, int length, int size) {
        double half = length / 2.0;
        return new int[] {(int) clip(centre - half, size), (int) clip(centre + half, size)};
    }

    private static double clip(double v, int hi) {
        return Math.min(Math.max(v, 0.0), hi);
    }
}
