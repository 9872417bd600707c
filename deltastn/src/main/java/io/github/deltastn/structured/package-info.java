/**
 * Structured layers: best-response approximations whose weights are general weights w0 plus a response
 * linear in the hyper input z (algorithm.md §4). A layer computes
 * {@code W_g x + b_g + (U z) ⊙ (W_r x) + (V z) ⊙ b_r} (per output unit, or per channel for convolutions); its
 * response parameters Θ are listed by {@code responseNames()}.
 *
 * <ul>
 *   <li>{@link io.github.deltastn.structured.StructuredLinear},
 *       {@link io.github.deltastn.structured.StructuredConv2d},
 *       {@link io.github.deltastn.structured.StructuredLstm},
 *       {@link io.github.deltastn.structured.StructuredEmbedding} — the paper's structured layers.</li>
 *   <li>{@link io.github.deltastn.structured.FullResponseLinear} — a full linear response
 *       {@code w(z) = w0 + Θz} (paper eq. 3.1) for small layers such as the toy problems' regression heads.</li>
 *   <li>{@link io.github.deltastn.structured.Structured} — the one place where a layer's response enters its
 *       output: at z = 0 inside a Δ-STN linearization only the response's tangent is built, so the primal
 *       graph is free of Θ.</li>
 * </ul>
 */
package io.github.deltastn.structured;
