package io.github.deltastn.core;

/**
 * A seeded, splittable pseudo-random source (SplitMix64), always passed explicitly — never a global.
 *
 * <p>The whole state is one {@code long} ({@link #state()}), so a run can checkpoint and restore it
 * exactly. {@link #split()} derives an independent child stream and advances this one, which lets
 * each consumer (data order, dropout masks, perturbations, initialisation) own its stream.
 * Not thread-safe: give each thread its own (split) instance.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    /** A stream determined entirely by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** Restores a stream from a value previously returned by {@link #state()}. */
    public static Rng fromState(long state) {
        return new Rng(state);
    }

    /** The complete state; {@code Rng.fromState(r.state())} continues exactly where {@code r} is. */
    public long state() {
        return state;
    }

    /** A new independent stream; advances this one by one step. */
    public Rng split() {
        return new Rng(mix64(nextLong()) ^ 0x6a09e667f3bcc909L);
    }

    /** 64 uniformly random bits. */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform on [0, 1) with 53 random bits. */
    public double uniform() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform on [lo, hi). */
    public double uniform(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("Rng.uniform: need lo <= hi, got lo=" + lo + ", hi=" + hi);
        }
        return lo + (hi - lo) * uniform();
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        }
        // Lemire's multiply-and-reject on 32 random bits
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xffffffffL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xffffffffL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A standard normal draw (Box–Muller; uses two uniforms, keeps no cached value so the state stays one long). */
    public double normal() {
        double u1 = 1.0 - uniform(); // (0, 1]: log is finite
        double u2 = uniform();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** True with probability {@code p} (a Bernoulli(p) draw). */
    public boolean bernoulli(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("Rng.bernoulli: probability must be in [0, 1], got " + p);
        }
        return uniform() < p;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates). */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Rng.permutation: n must be >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Fills {@code out} with U[lo, hi) draws. */
    public void fillUniform(double[] out, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("Rng.fillUniform: need lo <= hi, got lo=" + lo + ", hi=" + hi);
        }
        double w = hi - lo;
        for (int i = 0; i < out.length; i++) {
            out[i] = lo + w * uniform();
        }
    }

    /** Fills {@code out} with N(mean, std²) draws (Box–Muller, both values of each pair used). */
    public void fillNormal(double[] out, double mean, double std) {
        if (!(std >= 0.0)) {
            throw new IllegalArgumentException("Rng.fillNormal: std must be >= 0, got " + std);
        }
        int i = 0;
        for (; i + 1 < out.length; i += 2) {
            double r = Math.sqrt(-2.0 * Math.log(1.0 - uniform()));
            double t = 2.0 * Math.PI * uniform();
            out[i] = mean + std * r * Math.cos(t);
            out[i + 1] = mean + std * r * Math.sin(t);
        }
        if (i < out.length) {
            out[i] = mean + std * normal();
        }
    }

    /**
     * Fills {@code out} with U[lo, hi) draws rounded to float: the same draws, in the same order and with the
     * same state afterwards, as {@link #fillUniform(double[], double, double)} on an array of that length.
     */
    public void fillUniform(float[] out, double lo, double hi) {
        double[] d = new double[out.length];
        fillUniform(d, lo, hi);
        round(d, out);
    }

    /**
     * Fills {@code out} with N(mean, std²) draws rounded to float: the same draws, in the same order and with
     * the same state afterwards, as {@link #fillNormal(double[], double, double)} on an array of that length.
     */
    public void fillNormal(float[] out, double mean, double std) {
        double[] d = new double[out.length];
        fillNormal(d, mean, std);
        round(d, out);
    }

    private static void round(double[] d, float[] out) {
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
    }
}
