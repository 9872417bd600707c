package io.github.deltastn.nn;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;

/**
 * Parameter initialisers. {@code fanIn} of a weight {@code [out, in, k...]} is {@code in·Πk}. The overloads
 * taking a {@link DType} draw the same float64 values from the same seed and round them to that dtype, so a
 * float32 model starts from the float64 model's weights rounded.
 */
public final class Init {
    private Init() {}

    /** PyTorch's default for Linear/Conv weights and biases: {@code U(−1/√fanIn, +1/√fanIn)}. */
    public static Tensor pytorchDefault(Rng rng, int fanIn, int... shape) {
        double b = 1.0 / Math.sqrt(Math.max(1, fanIn));
        return Tensor.uniform(rng, -b, b, shape);
    }

    /** {@link #pytorchDefault(Rng, int, int...)} rounded to {@code dtype}. */
    public static Tensor pytorchDefault(Rng rng, DType dtype, int fanIn, int... shape) {
        return pytorchDefault(rng, fanIn, shape).to(dtype);
    }

    /** Kaiming/He uniform for ReLU: {@code U(−√(6/fanIn), +√(6/fanIn))}. */
    public static Tensor kaimingUniform(Rng rng, int fanIn, int... shape) {
        double b = Math.sqrt(6.0 / Math.max(1, fanIn));
        return Tensor.uniform(rng, -b, b, shape);
    }

    /** Kaiming/He normal for ReLU: {@code N(0, 2/fanIn)}. */
    public static Tensor kaimingNormal(Rng rng, int fanIn, int... shape) {
        return Tensor.normal(rng, 0, Math.sqrt(2.0 / Math.max(1, fanIn)), shape);
    }

    /** Xavier/Glorot uniform: {@code U(−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut)))}. */
    public static Tensor xavierUniform(Rng rng, int fanIn, int fanOut, int... shape) {
        double b = Math.sqrt(6.0 / Math.max(1, fanIn + fanOut));
        return Tensor.uniform(rng, -b, b, shape);
    }

    /** {@code N(mean, std²)}. */
    public static Tensor normal(Rng rng, double mean, double std, int... shape) {
        return Tensor.normal(rng, mean, std, shape);
    }

    /** All entries equal to {@code value}. */
    public static Tensor constant(double value, int... shape) {
        return Tensor.full(value, shape);
    }

    /** {@code fanIn} of a weight shape {@code [out, in, k...]}: the product of all but the first dimension. */
    public static int fanIn(int... weightShape) {
        int f = 1;
        for (int i = 1; i < weightShape.length; i++) {
            f *= weightShape[i];
        }
        return f;
    }
}
