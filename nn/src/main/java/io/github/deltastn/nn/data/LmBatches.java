package io.github.deltastn.nn.data;

/**
 * A token stream laid out for truncated back-propagation through time, as PyTorch's
 * word-language-model example and AWD-LSTM do ({@code batchify}).
 *
 * <p>Layout {@code [T, B]}, time-major: the stream is cut into {@code B} contiguous columns of
 * {@code T = floor(len / B)} tokens (the last {@code len mod B} tokens are dropped); element
 * {@code (t, b)} is token {@code b·T + t} of the stream, so row {@code t} holds the {@code t}-th token
 * of every column and a hidden state carried from one segment to the next continues the same text.
 */
public final class LmBatches {
    private final int[] data; // [T, B] row-major
    private final int steps;
    private final int batchSize;

    private LmBatches(int[] data, int steps, int batchSize) {
        this.data = data;
        this.steps = steps;
        this.batchSize = batchSize;
    }

    /** {@code [T, B]} with {@code T = floor(stream.length / batchSize)}; see the class comment. */
    public static LmBatches batchify(int[] stream, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("LmBatches.batchify: batch size must be positive, got " + batchSize);
        }
        int t = stream.length / batchSize;
        int[] out = new int[t * batchSize];
        for (int b = 0; b < batchSize; b++) {
            for (int i = 0; i < t; i++) {
                out[i * batchSize + b] = stream[b * t + i];
            }
        }
        return new LmBatches(out, t, batchSize);
    }

    /** {@code T}, the number of time steps. */
    public int steps() {
        return steps;
    }

    /** {@code B}, the number of parallel streams. */
    public int batchSize() {
        return batchSize;
    }

    /** Token at time {@code t} of column {@code b}. */
    public int get(int t, int b) {
        if (t < 0 || t >= steps || b < 0 || b >= batchSize) {
            throw new IndexOutOfBoundsException("LmBatches.get: (" + t + ", " + b + ") outside [" + steps + ", " + batchSize + "]");
        }
        return data[t * batchSize + b];
    }

    /**
     * The BPTT segment starting at time {@code start}: {@code len = min(seqLen, T − 1 − start)} steps;
     * inputs are rows {@code [start, start+len)} and targets rows {@code [start+1, start+1+len)}, both
     * {@code [len, B]} row-major.
     */
    public Segment segment(int start, int seqLen) {
        if (seqLen <= 0) {
            throw new IllegalArgumentException("LmBatches.segment: seqLen must be positive, got " + seqLen);
        }
        if (start < 0 || start >= steps - 1) {
            throw new IllegalArgumentException("LmBatches.segment: start " + start + " must be in [0, "
                    + (steps - 1) + ") for " + steps + " time steps");
        }
        int len = Math.min(seqLen, steps - 1 - start);
        int[] in = new int[len * batchSize];
        int[] tg = new int[len * batchSize];
        System.arraycopy(data, start * batchSize, in, 0, in.length);
        System.arraycopy(data, (start + 1) * batchSize, tg, 0, tg.length);
        return new Segment(in, tg, len, batchSize);
    }

    /** Segment starts {@code 0, bptt, 2·bptt, …} below {@code T − 1}: {@code ceil((T − 1) / bptt)} segments. */
    public int numSegments(int bptt) {
        return steps <= 1 ? 0 : (steps - 1 + bptt - 1) / bptt;
    }

    /**
     * One BPTT segment.
     *
     * @param inputs {@code [length, batchSize]} token ids, row-major
     * @param targets the next tokens, same layout
     */
    public record Segment(int[] inputs, int[] targets, int length, int batchSize) {}
}
