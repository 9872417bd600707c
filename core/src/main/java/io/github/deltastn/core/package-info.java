/**
 * Dense {@code double} and {@code float} tensors and the kernels under everything else; no autodiff here.
 *
 * <p>Entry points: {@link io.github.deltastn.core.Tensor} (a flat row-major {@code double[]} or, for
 * {@link io.github.deltastn.core.DType#FLOAT32}, {@code float[]} plus a shape, immutable by convention), {@link io.github.deltastn.core.Rng} (seeded, splittable, passed explicitly) and
 * the static kernels {@link io.github.deltastn.core.Gemm} ({@code C = α·op(A)·op(B) + β·C}),
 * {@link io.github.deltastn.core.Elementwise}, {@link io.github.deltastn.core.Broadcast},
 * {@link io.github.deltastn.core.Reduce} (sum, mean, max, logsumexp, softmax, gather / scatter) and
 * {@link io.github.deltastn.core.Conv} (im2col / col2im, max pooling); {@link io.github.deltastn.core.Shape}
 * validates shapes, {@link io.github.deltastn.core.Parallel} splits loops over threads.
 *
 * <p>Conventions: NumPy names and broadcasting rules, negative axes count from the end, images are NCHW.
 * Tensor-level kernels return fresh tensors and never modify their arguments. Results are bit-identical for
 * every thread count (each output element gets the same sequence of floating-point operations whatever the
 * partition; design.md §5, §7). Bad shapes or axes raise an {@link java.lang.IllegalArgumentException} naming
 * the operation and the shapes; mixing dtypes raises one naming the operation and both dtypes (no promotion).
 */
package io.github.deltastn.core;
