package io.github.deltastn.nn.augment;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Random affine transformation of images {@code [B, C, H, W]} with per-example strengths, after torchvision's
 * {@code RandomAffine} (its matrix, {@code _get_inverse_affine_matrix}), sampled bilinearly.
 *
 * <p>Draws, per example in order {@code b = 0, 1, …}, each only when its strength is positive (a strength of
 * 0 fixes the component at its identity value and draws nothing):
 * <ol>
 *   <li>rotation {@code θ = rng.uniform(−d, d)} degrees ({@code d = degrees[b]}, else {@code θ = 0});</li>
 *   <li>shifts {@code tx = rng.uniform(−t·W, t·W)} then {@code ty = rng.uniform(−t·H, t·H)} pixels
 *       ({@code t = translate[b]}; not rounded to whole pixels, unlike torchvision; else 0);</li>
 *   <li>scale {@code s = rng.uniform(1 − σ, 1 + σ)} ({@code σ = scale[b]}, else 1);</li>
 *   <li>shear {@code φ = rng.uniform(−sh, sh)} degrees along x ({@code sh = shear[b]}, else 0).</li>
 * </ol>
 * An example whose four strengths are 0 is copied unchanged, bit for bit.
 *
 * <p>Geometry, in pixel coordinates {@code p = (column, row)} (the row axis points down) about the centre
 * {@code c = ((W − 1)/2, (H − 1)/2)}: {@code A = s·R(θ)·[[1, −tan φ], [0, 1]]} with
 * {@code R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]} (clockwise on screen for {@code θ > 0}, as torchvision's
 * {@code affine}); output pixel {@code p} of every channel samples the input at
 * {@code q = A⁻¹(p − c − (tx, ty)) + c}. Sampling is bilinear: with {@code x0 = floor(qx)},
 * {@code y0 = floor(qy)}, {@code fx = qx − x0}, {@code fy = qy − y0}, the value is
 * {@code (1−fx)(1−fy)·I[y0, x0] + fx(1−fy)·I[y0, x0+1] + (1−fx)fy·I[y0+1, x0] + fx·fy·I[y0+1, x0+1]}, terms of
 * weight 0 left out. Border rule: zero padding, {@code I} is 0 outside the image (black before
 * normalisation), so pixels brought in from outside are 0 and the edges blend towards 0. {@code cos θ} and
 * {@code sin θ} are exact (0, ±1) at multiples of 90°, so such rotations of a square image about its centre
 * permute pixels exactly. The result has {@code x}'s dtype (a float32 batch goes through float64 exactly and
 * back, rounding once).
 */
public final class RandomAffine {
    private RandomAffine() {}

    /**
     * @param x images {@code [B, C, H, W]} (not modified)
     * @param degrees per-example maximum rotation, in {@code [0, 180)} degrees, {@code double[B]}
     * @param translate per-example maximum shift as a fraction of the width / height, in {@code [0, 1)}
     * @param scale per-example maximum relative scale change, in {@code [0, 1)}
     * @param shear per-example maximum x-shear, in {@code [0, 180)} degrees
     * @return a fresh tensor of {@code x}'s shape and dtype
     */
    public static Tensor apply(Tensor x, double[] degrees, double[] translate, double[] scale, double[] shear, Rng rng) {
        if (x.ndim() != 4) {
            throw new IllegalArgumentException("RandomAffine: expected images [B, C, H, W], got shape "
                    + Shape.str(x.shape()));
        }
        int n = x.dim(0);
        if (degrees.length != n || translate.length != n || scale.length != n || shear.length != n) {
            throw new IllegalArgumentException("RandomAffine: batch of " + n + " images " + Shape.str(x.shape()) + " but "
                    + degrees.length + " degrees, " + translate.length + " translate, " + scale.length + " scale and "
                    + shear.length + " shear strengths");
        }
        for (int b = 0; b < n; b++) {
            check("degrees", degrees[b], b, 180, x);
            check("translate", translate[b], b, 1, x);
            check("scale", scale[b], b, 1, x);
            check("shear", shear[b], b, 180, x);
        }
        if (x.dtype() != DType.FLOAT64) {
            return apply(x.to(DType.FLOAT64), degrees, translate, scale, shear, rng).to(x.dtype());
        }
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        double[] src = x.data();
        double[] out = src.clone();
        int size = c * h * w;
        for (int b = 0; b < n; b++) {
            double angle = degrees[b] > 0 ? rng.uniform(-degrees[b], degrees[b]) : 0.0;
            double tx = 0.0;
            double ty = 0.0;
            if (translate[b] > 0) {
                tx = rng.uniform(-translate[b] * w, translate[b] * w);
                ty = rng.uniform(-translate[b] * h, translate[b] * h);
            }
            double s = scale[b] > 0 ? rng.uniform(1 - scale[b], 1 + scale[b]) : 1.0;
            double sh = shear[b] > 0 ? rng.uniform(-shear[b], shear[b]) : 0.0;
            if (size == 0 || degrees[b] == 0 && translate[b] == 0 && scale[b] == 0 && shear[b] == 0) {
                continue;
            }
            transform(src, b * size, out, b * size, c, h, w, angle, tx, ty, s, sh);
        }
        return Tensor.wrap(out, x.shape());
    }

    private static void check(String what, double v, int b, double bound, Tensor x) {
        if (!(v >= 0 && v < bound)) {
            throw new IllegalArgumentException("RandomAffine: " + what + " strength of example " + b + " (images "
                    + Shape.str(x.shape()) + ") must be in [0, " + (int) bound + "), got " + v);
        }
    }

    /**
     * Writes the transformed image {@code [C, H, W]} at {@code src[srcOff …]} to {@code dst[dstOff …]}: the
     * geometry of the class comment with the given angle and shear (degrees), shift (pixels) and scale.
     */
    static void transform(double[] src, int srcOff, double[] dst, int dstOff, int c, int h, int w,
                          double angle, double tx, double ty, double scale, double shear) {
        double[] cs = cosSinDeg(angle);
        double cos = cs[0];
        double sin = cs[1];
        double tan = Math.tan(Math.toRadians(shear));
        // A / s = [[a, b], [e, d]] has determinant 1, so A⁻¹ = [[d, −b], [−e, a]] / s
        double a = cos;
        double bb = -cos * tan - sin;
        double e = sin;
        double d = -sin * tan + cos;
        double i00 = d / scale;
        double i01 = -bb / scale;
        double i10 = -e / scale;
        double i11 = a / scale;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        int plane = h * w;
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                double px = col - cx - tx;
                double py = row - cy - ty;
                double qx = i00 * px + i01 * py + cx;
                double qy = i10 * px + i11 * py + cy;
                for (int ch = 0; ch < c; ch++) {
                    dst[dstOff + ch * plane + row * w + col] = bilinear(src, srcOff + ch * plane, h, w, qx, qy);
                }
            }
        }
    }

    /**
     * Bilinear sample at {@code (qx, qy)} = (column, row) of the plane {@code [H, W]} at {@code img[off …]}, with
     * 0 outside the plane; terms of weight 0 are left out (so integer coordinates read one pixel exactly).
     */
    static double bilinear(double[] img, int off, int h, int w, double qx, double qy) {
        double x0 = Math.floor(qx);
        double y0 = Math.floor(qy);
        double fx = qx - x0;
        double fy = qy - y0;
        if (!(x0 >= -1 && x0 < w && y0 >= -1 && y0 < h)) {
            return 0.0; // all four neighbours outside (also for NaN coordinates)
        }
        int ix = (int) x0;
        int iy = (int) y0;
        double v = 0.0;
        v += term(img, off, h, w, iy, ix, (1 - fx) * (1 - fy));
        v += term(img, off, h, w, iy, ix + 1, fx * (1 - fy));
        v += term(img, off, h, w, iy + 1, ix, (1 - fx) * fy);
        v += term(img, off, h, w, iy + 1, ix + 1, fx * fy);
        return v;
    }

    private static double term(double[] img, int off, int h, int w, int row, int col, double weight) {
        if (weight == 0 || row < 0 || row >= h || col < 0 || col >= w) {
            return 0.0;
        }
        return weight * img[off + row * w + col];
    }

    /** {@code {cos, sin}} of an angle in degrees, exact at multiples of 90°. */
    static double[] cosSinDeg(double deg) {
        if (deg % 90 == 0) {
            return switch (Math.floorMod((long) (deg / 90), 4)) {
                case 0 -> new double[] {1, 0};
                case 1 -> new double[] {0, 1};
                case 2 -> new double[] {-1, 0};
                default -> new double[] {0, -1};
            };
        }
        double r = Math.toRadians(deg);
        return new double[] {Math.cos(r), Math.sin(r)};
    }
}
