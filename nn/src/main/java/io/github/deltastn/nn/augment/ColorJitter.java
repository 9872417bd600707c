package io.github.deltastn.nn.augment;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Colour jitter of RGB images {@code [B, 3, H, W]} with values in {@code [0, 1]}, with per-example
 * strengths: torchvision's {@code ColorJitter} (the 0.6 draw structure, the float-tensor arithmetic of
 * its functional ops) with example {@code b}'s {@code brightness[b], contrast[b], saturation[b], hue[b]}.
 *
 * <p>Draws, per example in order {@code b = 0, 1, …}: for each op whose strength is positive, in the
 * order brightness, contrast, saturation, hue, one factor
 * <ul>
 *   <li>brightness {@code f ~ U[max(0, 1 − br), 1 + br)}, contrast {@code f ~ U[max(0, 1 − c), 1 + c)},
 *       saturation {@code f ~ U[max(0, 1 − s), 1 + s)}, hue shift {@code δ ~ U[−hu, hu)} (a fraction of the
 *       hue circle), each as {@code rng.uniform(lo, hi)};</li>
 * </ul>
 * then the order of the {@code k} active ops, {@code rng.permutation(k)} applied to that list (Python's
 * {@code random.shuffle}; nothing is drawn when {@code k <= 1}). A strength of exactly 0 skips the op
 * and draws nothing, so all-zero strengths leave the example (and the rng) untouched.
 *
 * <p>The ops, with {@code gray = 0.299 R + 0.587 G + 0.114 B} per pixel and {@code clamp} to {@code [0, 1]}
 * applied to every channel after each op:
 * <ul>
 *   <li>brightness: {@code x ← clamp(f·x)} (a blend with black);</li>
 *   <li>contrast: {@code x ← clamp(f·x + (1 − f)·m)}, {@code m} the mean of {@code gray} over the
 *       example's {@code H·W} pixels (one number per example);</li>
 *   <li>saturation: {@code x ← clamp(f·x + (1 − f)·gray)}, per pixel;</li>
 *   <li>hue: RGB → HSV, {@code h ← (h + δ) mod 1}, HSV → RGB, per pixel as torchvision's {@code _rgb2hsv} /
 *       {@code _hsv2rgb}: {@code v = max(r, g, b)}, {@code cr = v − min(r, g, b)}, {@code s = cr / v},
 *       {@code h = (h6/6 + 1) mod 1} with {@code h6 = (g − b)/cr}, {@code 2 + (b − r)/cr} or {@code 4 + (r − g)/cr}
 *       when the maximum is r, else g, else b (grey: {@code s = h = 0}); back with {@code i = floor(6h) mod 6},
 *       {@code f = 6h − floor(6h)}, {@code p = v(1 − s)}, {@code q = v(1 − sf)}, {@code t = v(1 − s(1 − f))}
 *       and {@code (r, g, b) = (v,t,p), (q,v,p), (p,v,t), (p,q,v), (t,p,v), (v,p,q)} for {@code i = 0 … 5}.</li>
 * </ul>
 * The result has {@code x}'s dtype (a float32 batch goes through float64 exactly and back, rounding once).
 */
public final class ColorJitter {
    private ColorJitter() {}

    private static final int BRIGHTNESS = 0;
    private static final int CONTRAST = 1;
    private static final int SATURATION = 2;
    private static final int HUE = 3;

    /**
     * @param x images {@code [B, 3, H, W]} in {@code [0, 1]} (not modified)
     * @param brightness per-example strength {@code br >= 0}, {@code double[B]}
     * @param contrast per-example strength {@code c >= 0}
     * @param saturation per-example strength {@code s >= 0}
     * @param hue per-example strength {@code 0 <= hu <= 0.5}
     * @return a fresh tensor of {@code x}'s shape and dtype
     */
    public static Tensor apply(Tensor x, double[] brightness, double[] contrast, double[] saturation, double[] hue,
                               Rng rng) {
        if (x.ndim() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException("ColorJitter: expected RGB images [B, 3, H, W], got shape "
                    + Shape.str(x.shape()));
        }
        int n = x.dim(0);
        if (brightness.length != n || contrast.length != n || saturation.length != n || hue.length != n) {
            throw new IllegalArgumentException("ColorJitter: batch of " + n + " images " + Shape.str(x.shape()) + " but "
                    + brightness.length + " brightness, " + contrast.length + " contrast, " + saturation.length
                    + " saturation and " + hue.length + " hue strengths");
        }
        for (int b = 0; b < n; b++) {
            check("brightness", brightness[b], b, Double.POSITIVE_INFINITY, x);
            check("contrast", contrast[b], b, Double.POSITIVE_INFINITY, x);
            check("saturation", saturation[b], b, Double.POSITIVE_INFINITY, x);
            check("hue", hue[b], b, 0.5, x);
        }
        if (x.dtype() != DType.FLOAT64) {
            return apply(x.to(DType.FLOAT64), brightness, contrast, saturation, hue, rng).to(x.dtype());
        }
        double[] out = x.data().clone();
        int size = 3 * x.dim(2) * x.dim(3);
        double[] img = new double[size];
        for (int b = 0; b < n; b++) {
            int[] ops = new int[4];
            double[] factor = new double[4];
            int k = 0;
            if (brightness[b] > 0) {
                factor[k] = rng.uniform(Math.max(0, 1 - brightness[b]), 1 + brightness[b]);
                ops[k++] = BRIGHTNESS;
            }
            if (contrast[b] > 0) {
                factor[k] = rng.uniform(Math.max(0, 1 - contrast[b]), 1 + contrast[b]);
                ops[k++] = CONTRAST;
            }
            if (saturation[b] > 0) {
                factor[k] = rng.uniform(Math.max(0, 1 - saturation[b]), 1 + saturation[b]);
                ops[k++] = SATURATION;
            }
            if (hue[b] > 0) {
                factor[k] = rng.uniform(-hue[b], hue[b]);
                ops[k++] = HUE;
            }
            if (k == 0 || size == 0) {
                continue;
            }
            int[] order = rng.permutation(k);
            System.arraycopy(out, b * size, img, 0, size);
            for (int i = 0; i < k; i++) {
                int j = order[i];
                double f = factor[j];
                switch (ops[j]) {
                    case BRIGHTNESS -> brightness(img, f);
                    case CONTRAST -> contrast(img, f);
                    case SATURATION -> saturation(img, f);
                    default -> hue(img, f);
                }
            }
            System.arraycopy(img, 0, out, b * size, size);
        }
        return Tensor.wrap(out, x.shape());
    }

    private static void check(String what, double v, int b, double max, Tensor x) {
        if (!(v >= 0 && v <= max) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("ColorJitter: " + what + " strength of example " + b + " (images "
                    + Shape.str(x.shape()) + ") must be " + (max == 0.5 ? "in [0, 0.5]" : "finite and >= 0")
                    + ", got " + v);
        }
    }

    /** {@code img ← clamp(f·img)}; {@code img} is one image {@code [3, H, W]}, modified in place. */
    static void brightness(double[] img, double f) {
        for (int i = 0; i < img.length; i++) {
            img[i] = clamp(f * img[i]);
        }
    }

    /** {@code img ← clamp(f·img + (1 − f)·mean(gray))}, one image {@code [3, H, W]} in place. */
    static void contrast(double[] img, double f) {
        int plane = img.length / 3;
        double sum = 0;
        for (int p = 0; p < plane; p++) {
            sum += gray(img, p, plane);
        }
        double m = (1 - f) * (sum / plane);
        for (int i = 0; i < img.length; i++) {
            img[i] = clamp(f * img[i] + m);
        }
    }

    /** {@code img ← clamp(f·img + (1 − f)·gray)} per pixel, one image {@code [3, H, W]} in place. */
    static void saturation(double[] img, double f) {
        int plane = img.length / 3;
        for (int p = 0; p < plane; p++) {
            double g = (1 - f) * gray(img, p, plane);
            for (int c = 0; c < 3; c++) {
                img[c * plane + p] = clamp(f * img[c * plane + p] + g);
            }
        }
    }

    /**
     * Rotates the hue of one image {@code [3, H, W]} in place by {@code delta} (a fraction of the circle), per
     * pixel as torchvision: {@code v = max(r, g, b)}, {@code cr = v − min(r, g, b)}, {@code s = cr / v};
     * with {@code rc = (v − r)/cr}, {@code gc = (v − g)/cr}, {@code bc = (v − b)/cr}: {@code h6 = bc − gc} when
     * {@code v = r}, else {@code 2 + rc − bc} when {@code v = g}, else {@code 4 + gc − rc} (a grey pixel,
     * {@code cr = 0}, has {@code s = h6 = 0}); {@code h = (h6/6 + 1) mod 1};
     * then {@code h ← (h + delta) mod 1}, {@code i = floor(6h) mod 6}, {@code f = 6h − floor(6h)},
     * {@code p = v(1 − s)}, {@code q = v(1 − s·f)}, {@code t = v(1 − s(1 − f))} (each clamped to [0, 1]) and
     * {@code (r, g, b) = (v,t,p), (q,v,p), (p,v,t), (p,q,v), (t,p,v), (v,p,q)} for {@code i = 0 … 5}.
     */
    static void hue(double[] img, double delta) {
        int plane = img.length / 3;
        for (int p = 0; p < plane; p++) {
            double r = img[p];
            double g = img[plane + p];
            double b = img[2 * plane + p];
            double v = Math.max(r, Math.max(g, b));
            double cr = v - Math.min(r, Math.min(g, b));
            // torchvision's _rgb2hsv, with its divisions by 1 where max == min (grey: h = s = 0)
            double s = cr / (cr == 0 ? 1 : v);
            double div = cr == 0 ? 1 : cr;
            double rc = (v - r) / div;
            double gc = (v - g) / div;
            double bc = (v - b) / div;
            double h6 = v == r ? bc - gc : v == g ? 2.0 + rc - bc : 4.0 + gc - rc;
            double h = mod1(mod1(h6 / 6.0 + 1.0) + delta);
            double h6new = h * 6.0;
            double fl = Math.floor(h6new);
            double f = h6new - fl;
            double pp = clamp(v * (1.0 - s));
            double qq = clamp(v * (1.0 - s * f));
            double tt = clamp(v * (1.0 - s * (1.0 - f)));
            switch (Math.floorMod((int) fl, 6)) {
                case 0 -> { r = v; g = tt; b = pp; }
                case 1 -> { r = qq; g = v; b = pp; }
                case 2 -> { r = pp; g = v; b = tt; }
                case 3 -> { r = pp; g = qq; b = v; }
                case 4 -> { r = tt; g = pp; b = v; }
                default -> { r = v; g = pp; b = qq; }
            }
            img[p] = clamp(r);
            img[plane + p] = clamp(g);
            img[2 * plane + p] = clamp(b);
        }
    }

    /** {@code 0.299 R + 0.587 G + 0.114 B} of pixel {@code p}. */
    private static double gray(double[] img, int p, int plane) {
        return 0.299 * img[p] + 0.587 * img[plane + p] + 0.114 * img[2 * plane + p];
    }

    private static double mod1(double v) {
        return v - Math.floor(v);
    }

    private static double clamp(double v) {
        return Math.min(Math.max(v, 0.0), 1.0);
    }
}
