package io.github.deltastn.nn.augment;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Horizontal flip of images {@code [B, C, H, W]}: {@code out[b, c, i, j] = x[b, c, i, W−1−j]} for the
 * examples selected, unchanged for the others. The random version flips each example with
 * probability 0.5 (torchvision {@code RandomHorizontalFlip}); draw the decisions with {@link #draw}
 * when several views of the same examples must share them (algorithm.md §9.2).
 */
public final class HorizontalFlip {
    private HorizontalFlip() {}

    /** One Bernoulli(0.5) decision per example, {@code rng.uniform() < 0.5}, in example order. */
    public static boolean[] draw(int batch, Rng rng) {
        boolean[] f = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            f[b] = rng.uniform() < 0.5;
        }
        return f;
    }

    /** Flips the examples with {@code flip[b]} true; returns a fresh tensor of {@code x}'s dtype. */
    public static Tensor apply(Tensor x, boolean[] flip) {
        if (x.ndim() != 4) {
            throw new IllegalArgumentException("HorizontalFlip: expected images [B, C, H, W], got shape "
                    + Shape.str(x.shape()));
        }
        int n = x.dim(0);
        if (flip.length != n) {
            throw new IllegalArgumentException("HorizontalFlip: batch of " + n + " images but " + flip.length + " decisions");
        }
        if (x.dtype() != DType.FLOAT64) {
            return apply(x.to(DType.FLOAT64), flip).to(x.dtype());
        }
        int w = x.dim(3);
        int rowsPerExample = n == 0 ? 0 : x.size() / n / Math.max(w, 1);
        double[] src = x.data();
        double[] out = src.clone();
        for (int b = 0; b < n; b++) {
            if (!flip[b]) {
                continue;
            }
            for (int r = 0; r < rowsPerExample; r++) {
                int base = (b * rowsPerExample + r) * w;
                for (int j = 0; j < w; j++) {
                    out[base + j] = src[base + w - 1 - j];
                }
            }
        }
        return Tensor.wrap(out, x.shape());
    }

    /** {@code apply(x, draw(B, rng))}. */
    public static Tensor random(Tensor x, Rng rng) {
        return apply(x, draw(x.ndim() > 0 ? x.dim(0) : 0, rng));
    }
}
