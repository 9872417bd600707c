package io.github.deltastn.models;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.augment.ColorJitter;
import io.github.deltastn.nn.augment.Cutout;
import io.github.deltastn.nn.augment.HorizontalFlip;
import io.github.deltastn.nn.augment.Normalize;
import io.github.deltastn.nn.augment.RandomAffine;
import io.github.deltastn.train.HyperModel;

/**
 * The ten data-augmentation hyperparameters the paper's CIFAR-10 nets tune after their dropouts, and the
 * pipeline that applies them to a training batch (algorithm.md §9.2–9.3). Registration order and domains
 * (initial value in brackets): {@code cutout_length} (2, 24) [4] and {@code cutout_holes} (0, 5) [1], both
 * discrete; {@code hue} (0, 0.5) [0.05]; {@code brightness}, {@code contrast}, {@code saturation} (0, 1)
 * [0.05]; {@code degrees}, {@code shear} (0, 45) [5]; {@code scale}, {@code translate} (0, 0.5) [0.05].
 *
 * <p>Images stay in [0, 1]: the nets normalise their input themselves ({@link #normalize}, CIFAR-10's
 * per-channel mean and std), so validation and test images need no preprocessing. A training batch goes
 * through: horizontal flip with probability 1/2; {@link RandomAffine} with the example's degrees,
 * translate, scale and shear; {@link ColorJitter} with its brightness, contrast, saturation and hue; then
 * {@link Cutout} with its (integer) length and holes, filled with the mean colour — the reference cuts out
 * after normalisation, where 0 is the mean colour, and normalisation is affine, so this is the same image.
 * Every draw comes from the given {@code rng}, example by example within each op. (The reference shares
 * the flip between the two views of an example, the unperturbed one of the w0 step and the perturbed one
 * of the Θ step; here each view draws its own.)
 */
final class CifarAugmentation {
    /** Number of augmentation hyperparameters. */
    static final int COUNT = 10;
    static final String[] NAMES = {"cutout_length", "cutout_holes", "hue", "brightness", "contrast", "saturation",
        "degrees", "shear", "scale", "translate"};

    private CifarAugmentation() {}

    /** Registers the ten augmentation hyperparameters (after the net's dropouts). */
    static void register(Hyperparameters hp) {
        hp.register(Hyperparameter.of("cutout_length", 2, 24, 4).withDiscrete(true));
        hp.register(Hyperparameter.of("cutout_holes", 0, 5, 1).withDiscrete(true));
        hp.register("hue", 0, 0.5, 0.05);
        for (String n : new String[] {"brightness", "contrast", "saturation"}) {
            hp.register(n, 0, 1, 0.05);
        }
        hp.register("degrees", 0, 45, 5);
        hp.register("shear", 0, 45, 5);
        hp.register("scale", 0, 0.5, 0.05);
        hp.register("translate", 0, 0.5, 0.05);
    }

    /**
     * The augmented batch (a fresh tensor): {@code x [B, 3, H, W]} in [0, 1], {@code hyper [B, h]} the
     * examples' constrained values, the ten augmentation values in columns {@code first … first + 9}.
     */
    static Tensor apply(Tensor x, Tensor hyper, int first, Rng rng) {
        int b = x.dim(0);
        int h = hyper.dim(1);
        double[] v = hyper.to(io.github.deltastn.core.DType.FLOAT64).data();
        double[][] c = new double[COUNT][b];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < COUNT; k++) {
                c[k][i] = v[i * h + first + k];
            }
        }
        Tensor a = HorizontalFlip.random(x, rng);
        a = RandomAffine.apply(a, c[6], c[9], c[8], c[7], rng);
        a = ColorJitter.apply(a, c[3], c[4], c[5], c[2], rng);
        int[] length = new int[b];
        int[] holes = new int[b];
        for (int i = 0; i < b; i++) {
            length[i] = (int) c[0][i];
            holes[i] = (int) c[1][i];
        }
        return Cutout.apply(a, length, holes, Normalize.CIFAR10_MEAN, rng);
    }

    /**
     * The input stage both CIFAR nets share: {@code x [B, 3, H, W]} checked, {@link #normalize normalised}, then in
     * training channel dropout at the rate of hyperparameter 0 ({@code dropout0}).
     *
     * @throws IllegalArgumentException naming {@code net} and the shape if {@code x} is not a batch of RGB images
     */
    static Var input(String net, Var x, Tensor hyper, boolean training, Rng rng) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException(net + ": expected images [B, 3, H, W], got " + java.util.Arrays.toString(s));
        }
        Var a = normalize(x);
        return training ? Dropout.apply(a, Dropout.channelMask(rng, HyperModel.column(hyper, 0), a.dtype(), s[0], 3)) : a;
    }

    /** {@code (x − mean) / std} per channel with CIFAR-10's statistics, in x's dtype; {@code x [B, 3, H, W]}. */
    static Var normalize(Var x) {
        Tensor mean = Tensor.of(Normalize.CIFAR10_MEAN.clone(), 1, 3, 1, 1).to(x.dtype());
        double[] inv = new double[3];
        for (int i = 0; i < 3; i++) {
            inv[i] = 1 / Normalize.CIFAR10_STD[i];
        }
        return x.sub(Var.constant(mean)).mul(Var.constant(Tensor.of(inv, 1, 3, 1, 1).to(x.dtype())));
    }
}
