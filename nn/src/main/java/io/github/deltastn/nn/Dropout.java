package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;

/**
 * Inverted dropout with a <em>per-example</em> rate, as Δ-STN needs (each example's rate is perturbed):
 * {@code y = x ⊙ m}, where {@code m = Bernoulli(1 − p_b) / (1 − p_b)} for example {@code b}.
 *
 * <p>Masks are tensors sampled from an explicit {@link Rng}, so one mask can be reused (the Δ-STN
 * tangent pass must see the primal's mask) and runs are reproducible. Rates are constants here (no
 * gradient flows into a rate); evaluation mode is simply not applying a mask. Rates must lie in
 * {@code [0, 1)}.
 *
 * <p>Dtype: rates may be either dtype (hyperparameters are float64); masks are float64 unless a dtype is
 * given, in which case they are the float64 mask rounded (the same draws, the scale {@code 1/(1 − p)}
 * rounded). {@link #apply} converts the mask to the input's dtype.
 */
public final class Dropout {
    private Dropout() {}

    /** {@link #mask(Rng, Tensor, int...)} of {@code dtype}. */
    public static Tensor mask(Rng rng, Tensor rates, DType dtype, int... shape) {
        return mask(rng, rates, shape).to(dtype);
    }

    /** {@link #channelMask(Rng, Tensor, int, int)} of {@code dtype}. */
    public static Tensor channelMask(Rng rng, Tensor rates, DType dtype, int batch, int channels) {
        return channelMask(rng, rates, batch, channels).to(dtype);
    }

    /** {@link #weightMask(Rng, double, int...)} of {@code dtype}. */
    public static Tensor weightMask(Rng rng, double rate, DType dtype, int... shape) {
        return weightMask(rng, rate, shape).to(dtype);
    }

    /** Element-wise mask of {@code shape = [B, ...]}: one draw per entry, example {@code b} at rate {@code rates[b]}. */
    public static Tensor mask(Rng rng, Tensor rates, int... shape) {
        checkRates("Dropout.mask", rates, shape);
        int b = shape[0];
        int per = b == 0 ? 0 : Shape.size(shape) / b;
        double[] m = new double[Shape.size(shape)];
        for (int i = 0; i < b; i++) {
            fill(rng, rates.get(i), m, i * per, per);
        }
        return Tensor.wrap(m, shape);
    }

    /**
     * Channel ("2d", spatial) mask for {@code x [B, C, H, W]}: one draw per example and channel, shape
     * {@code [B, C, 1, 1]} (broadcast over H×W). On a 1-channel image it drops whole images.
     */
    public static Tensor channelMask(Rng rng, Tensor rates, int batch, int channels) {
        int[] shape = {batch, channels, 1, 1};
        checkRates("Dropout.channelMask", rates, shape);
        double[] m = new double[batch * channels];
        for (int i = 0; i < batch; i++) {
            fill(rng, rates.get(i), m, i * channels, channels);
        }
        return Tensor.wrap(m, shape);
    }

    /**
     * Locked (variational) mask for sequences: one draw per example and feature, shared over time;
     * shape {@code [B, F]}, to multiply every time step's {@code [B, F]} activation.
     */
    public static Tensor lockedMask(Rng rng, Tensor rates, int batch, int features) {
        return mask(rng, rates, batch, features);
    }

    /** DropConnect mask for a weight of {@code shape}: one shared rate, one draw per weight entry. */
    public static Tensor weightMask(Rng rng, double rate, int... shape) {
        checkRate("Dropout.weightMask", rate);
        double[] m = new double[Shape.size(shape)];
        fill(rng, rate, m, 0, m.length);
        return Tensor.wrap(m, shape);
    }

    /** Embedding dropout: drops whole rows of a {@code [vocab, dim]} table; mask shape {@code [vocab, 1]}. */
    public static Tensor rowMask(Rng rng, double rate, int vocab) {
        return weightMask(rng, rate, vocab, 1);
    }

    /**
     * {@code y = x ⊙ mask} with broadcasting (the mask already carries the {@code 1/(1−p)} scale), the mask
     * converted to {@code x}'s dtype.
     */
    public static Var apply(Var x, Tensor mask) {
        return x.mul(mask.to(x.value().dtype()));
    }

    private static void fill(Rng rng, double p, double[] m, int off, int n) {
        double keep = 1.0 - p;
        double scale = 1.0 / keep;
        for (int j = 0; j < n; j++) {
            m[off + j] = rng.uniform() < keep ? scale : 0.0;
        }
    }

    private static void checkRate(String op, double p) {
        if (!(p >= 0.0 && p < 1.0)) {
            throw new IllegalArgumentException(op + ": dropout rate must be in [0, 1), got " + p);
        }
    }

    private static void checkRates(String op, Tensor rates, int[] shape) {
        if (shape.length == 0 || rates.ndim() != 1 || rates.size() != shape[0]) {
            throw new IllegalArgumentException(op + ": expected one rate per example, rates shape "
                    + Shape.str(rates.shape()) + " for input shape " + Shape.str(shape));
        }
        for (int i = 0; i < rates.size(); i++) {
            double p = rates.get(i);
            if (!(p >= 0.0 && p < 1.0)) {
                throw new IllegalArgumentException(op + ": dropout rate of example " + i + " must be in [0, 1), got " + p);
            }
        }
    }
}
