/**
 * Versioned training checkpoints: {@link io.github.deltastn.nn.checkpoint.Checkpoint} holds named tensors,
 * {@code long}s and strings (built with {@code Checkpoint.builder()}), written atomically (a temporary file
 * renamed into place) in a documented big-endian format and read back exactly; an invalid file raises
 * {@link io.github.deltastn.nn.checkpoint.CheckpointFormatException}.
 */
package io.github.deltastn.nn.checkpoint;
