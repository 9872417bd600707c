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
 * gradient flows into a rate), except in {@link #concrete}, the relaxed mask the gradient-based
 * hyperparameter methods differentiate; evaluation mode is simply not applying a mask. Rates must lie in
 * {@code [0, 1)}.
 *
 * <p>Dtype: rates may be either dtype (hyperparameters are float64); masks are float64 unless a dtype is
 * given, in which case they are the float64 mask rounded (the same draws, the scale {@code 1/(1 − p)}
 * rounded). {@link #apply} converts the mask to the input's dtype.
 */
public final class Dropout {
    /** The temperature of {@link #concrete} the models use: Gal, Hron and Kendall's 0.1. */
    public static final double CONCRETE_TEMPERATURE = 0.1;

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

    /**
     * Concrete (relaxed Bernoulli) dropout, differentiable in its rate (Gal, Hron and Kendall, 2017), for the
     * gradient-based hyperparameter methods, which need {@code ∂L/∂p}:
     * {@code y = x ⊙ m / (1 − p)}, {@code m = 1 − σ((logit p + logit u) / t)}, with the uniform noise {@code u}
     * given (a shape that broadcasts to {@code x}'s, e.g. {@code [B, C, 1, 1]} for channel dropout). As
     * {@code t → 0}, {@code m} becomes the keep indicator {@code [u < 1 − p]} of {@link #mask} with the same draws.
     * VJP: through σ, the logit and the scale, to {@code x} and to {@code p}.
     *
     * @param rate the drop rate {@code p ∈ (0, 1)}, one value (shape {@code []} or {@code [1]})
     * @param noise {@code u} in {@code [0, 1)}, e.g. {@code Tensor.uniform(rng, 0, 1, shape)}
     * @param temperature {@code t > 0}
     */
    public static Var concrete(Var x, Var rate, Tensor noise, double temperature) {
        if (rate.value().size() != 1) {
            throw new IllegalArgumentException("Dropout.concrete: expected one rate, got shape " + Shape.str(rate.shape()));
        }
        double p = rate.value().to(DType.FLOAT64).data()[0];
        if (!(p > 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("Dropout.concrete: rate must be in (0, 1), got " + p);
        }
        if (!(temperature > 0.0)) {
            throw new IllegalArgumentException("Dropout.concrete: temperature must be > 0, got " + temperature);
        }
        double[] us = noise.to(DType.FLOAT64).data();
        double[] logitU = new double[us.length];
        for (int i = 0; i < logitU.length; i++) {
            double u = us[i];
            if (!(u >= 0.0 && u < 1.0)) {
                throw new IllegalArgumentException("Dropout.concrete: noise entry " + i + " must be in [0, 1), got " + u);
            }
            // keeps u = 0 finite: logit(1e-12) ≈ −27.6 already saturates σ at any t ≤ 1
            u = Math.max(u, 1e-12);
            logitU[i] = Math.log(u) - Math.log1p(-u);
        }
        Var r = rate.reshape();
        Var survive = r.neg().add(1.0);
        Var drop = r.log().sub(survive.log()).add(Var.constant(Tensor.wrap(logitU, noise.shape()))).div(temperature).sigmoid();
        Var keep = drop.neg().add(1.0).div(survive);
        return x.mul(keep.to(x.value().dtype()));
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
