package io.github.deltastn.nn.data;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An endless, deterministic stream of mini-batches over a {@link Dataset}, epoch after epoch
 * (PyTorch {@code DataLoader} semantics: optional reshuffle every epoch, last partial batch kept).
 *
 * <p>Order rule: the loader owns {@code rng}. At the start of every epoch it calls
 * {@code rng.split()} and draws the epoch's permutation from that child
 * ({@code child.permutation(N)}); without shuffling the order is {@code 0..N-1} and {@code rng} is
 * unused. Batch {@code k} of an epoch holds the examples at positions
 * {@code [k·B, min(N, (k+1)·B))} of that order, so an epoch has {@code ceil(N / B)} batches.
 *
 * <p>The stream is a function of (data set, batch size, shuffle, initial rng state) only, and can be
 * resumed exactly from {@link #state()}: the epoch, the number of batches already served in it, and
 * the rng state from before the epoch's split.
 */
public final class DataLoader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final int batchesPerEpoch;

    private Rng rng;
    private long epochStartState;
    private int[] order;
    private int epoch;
    private int position;

    /**
     * @param rng the order stream, owned by the loader from now on (pass {@code parent.split()});
     *     may be null when {@code shuffle} is false
     */
    public DataLoader(Dataset data, int batchSize, boolean shuffle, Rng rng) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        }
        if (shuffle && rng == null) {
            throw new IllegalArgumentException("DataLoader: shuffling needs an Rng");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.batchesPerEpoch = (data.size() + batchSize - 1) / batchSize;
        this.rng = rng;
        startEpoch(0, shuffle ? rng.state() : 0L);
    }

    private void startEpoch(int e, long rngState) {
        epoch = e;
        position = 0;
        epochStartState = rngState;
        if (shuffle) {
            rng = Rng.fromState(rngState);
            order = rng.split().permutation(data.size());
        } else if (order == null) {
            order = new int[data.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }
    }

    /** The data set served. */
    public Dataset dataset() {
        return data;
    }

    /** The batch size (the last batch of an epoch may be smaller). */
    public int batchSize() {
        return batchSize;
    }

    /** {@code ceil(N / batchSize)}. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** The epoch of the most recently served batch (0 before the first batch). */
    public int epoch() {
        return epoch;
    }

    /** Number of batches already served in the current epoch. */
    public int position() {
        return position;
    }

    /** True when the current epoch has no batch left; the next {@link #next()} starts a new epoch. */
    public boolean endOfEpoch() {
        return position == batchesPerEpoch;
    }

    /** The next batch, starting a new epoch (with a fresh order when shuffling) when the current one is done. */
    public Batch next() {
        if (batchesPerEpoch == 0) {
            throw new IllegalStateException("DataLoader.next: the data set is empty");
        }
        if (endOfEpoch()) {
            startEpoch(epoch + 1, shuffle ? rng.state() : 0L);
        }
        int from = position * batchSize;
        int to = Math.min(data.size(), from + batchSize);
        int[] idx = new int[to - from];
        System.arraycopy(order, from, idx, 0, idx.length);
        Dataset part = data.select(idx);
        Batch b = new Batch(part.features(),
                data.isClassification() ? part.labels() : null,
                data.isClassification() ? null : part.targets(),
                idx, epoch, position);
        position++;
        return b;
    }

    /**
     * The rest of the current epoch, or all of the next epoch when the current one is finished:
     * {@code for (Batch b : loader.epochBatches())}.
     */
    public Iterable<Batch> epochBatches() {
        return () -> new Iterator<>() {
            private boolean started;

            @Override
            public boolean hasNext() {
                return batchesPerEpoch > 0 && (!started || !endOfEpoch());
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                started = true;
                return DataLoader.this.next();
            }
        };
    }

    /** Where the stream is; {@link #restore(State)} continues exactly from here. */
    public State state() {
        return new State(epoch, position, epochStartState);
    }

    /** Resumes the stream at a state from {@link #state()} of a loader with the same data, batch size and shuffle flag. */
    public void restore(State s) {
        if (s.epoch() < 0 || s.position() < 0 || s.position() > batchesPerEpoch) {
            throw new IllegalArgumentException("DataLoader.restore: state " + s + " invalid for "
                    + batchesPerEpoch + " batches per epoch");
        }
        startEpoch(s.epoch(), s.rngState());
        position = s.position();
    }

    /**
     * A loader position.
     *
     * @param epoch current epoch
     * @param position batches already served in it
     * @param rngState the loader rng's state before this epoch's split (0 without shuffling)
     */
    public record State(int epoch, int position, long rngState) {}

    /**
     * One mini-batch.
     *
     * @param x features {@code [b, ...]}
     * @param labels {@code int[b]} for classification, else null
     * @param targets {@code [b]} or {@code [b, k]} for regression, else null
     * @param indices the examples' indices in the data set
     * @param epoch the epoch this batch belongs to
     * @param index the batch's index within its epoch
     */
    public record Batch(Tensor x, int[] labels, Tensor targets, int[] indices, int epoch, int index) {
        /** The number of examples in this batch. */
        public int size() {
            return indices.length;
        }
    }
}
