package io.github.deltastn.benchmarks;

import io.github.deltastn.core.Gemm;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Gemm#gemm} against EJML's {@code CommonOps_DDRM.mult*} on the same data, {@code C = op(A)·op(B)}
 * with {@code beta = 0}.
 *
 * <p>The primary score is calls per second; the secondary result {@code gflops} is
 * {@code 2·m·n·k} flops per call, in GFLOP/s. The parameter {@code dtype} ({@code float64} or {@code float32})
 * selects our {@code dgemm} or {@code sgemm} on the same values (the float32 operands are the float64 ones
 * rounded); EJML has no float32 path in this benchmark and always runs float64, whatever {@code dtype}.
 * <ul>
 *   <li>{@code deltastn}, {@code deltastn2Threads}, {@code ejml}: square {@code size}³ products
 *       ({@link Square}); ours on 1 and 2 threads, EJML single-threaded.</li>
 *   <li>{@code mlp}, {@code mlp2Threads}, {@code mlpEjml}: the products of an MLP 784-1200-1200-10 at
 *       batch 128 with weights stored {@code [out, in]} ({@link Mlp}): forward {@code x·Wᵀ}, and
 *       backward {@code gy·W} (input gradient) and {@code gyᵀ·x} (weight gradient).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class GemmBenchmark {

    /** Operands of one product, for both libraries. */
    abstract static class Operands {
        int m;
        int n;
        int k;
        boolean transA;
        boolean transB;
        double[] a;
        double[] b;
        double[] c;
        float[] af;
        float[] bf;
        float[] cf;
        boolean f32;
        DMatrixRMaj ma;
        DMatrixRMaj mb;
        DMatrixRMaj mc;
        double gflop;
        int savedThreads;

        void init(int m, int n, int k, boolean transA, boolean transB, String dtype) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            Rng rng = new Rng(2020);
            ma = transA ? new DMatrixRMaj(k, m) : new DMatrixRMaj(m, k);
            mb = transB ? new DMatrixRMaj(n, k) : new DMatrixRMaj(k, n);
            mc = new DMatrixRMaj(m, n);
            rng.fillUniform(ma.data, -1, 1);
            rng.fillUniform(mb.data, -1, 1);
            a = ma.data.clone();
            b = mb.data.clone();
            c = new double[m * n];
            f32 = switch (dtype) {
                case "float64" -> false;
                case "float32" -> true;
                default -> throw new IllegalArgumentException("dtype must be float64 or float32, got " + dtype);
            };
            af = toFloat(a);
            bf = toFloat(b);
            cf = new float[m * n];
            gflop = 2.0 * m * n * k * 1e-9;
            savedThreads = Parallel.threads();
        }

        static float[] toFloat(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            return f;
        }

        Object deltastn(int threads) {
            Parallel.setThreads(threads);
            if (f32) {
                Gemm.gemm(transA, transB, m, n, k, 1.0f, af, bf, 0.0f, cf);
                return cf;
            }
            Gemm.gemm(transA, transB, m, n, k, 1.0, a, b, 0.0, c);
            return c;
        }

        DMatrixRMaj ejml() {
            if (transA && transB) {
                CommonOps_DDRM.multTransAB(ma, mb, mc);
            } else if (transA) {
                CommonOps_DDRM.multTransA(ma, mb, mc);
            } else if (transB) {
                CommonOps_DDRM.multTransB(ma, mb, mc);
            } else {
                CommonOps_DDRM.mult(ma, mb, mc);
            }
            return mc;
        }

        @TearDown(Level.Trial)
        public void restoreThreads() {
            Parallel.setThreads(savedThreads);
        }
    }

    /** Square products {@code [size, size]·[size, size]}. */
    @State(Scope.Benchmark)
    public static class Square extends Operands {
        @Param({"128", "256", "512", "1024"})
        public int size;

        /** Element type of our GEMM: {@code float64} (dgemm) or {@code float32} (sgemm). */
        @Param({"float64", "float32"})
        public String dtype;

        @Setup(Level.Trial)
        public void setup() {
            init(size, size, size, false, false, dtype);
        }
    }

    /**
     * MLP 784-1200-1200-10, batch 128, {@code y = x·Wᵀ} with {@code W} stored {@code [out, in]}.
     * A product is {@code name:m×n×k:TT} with the flags for A and B ({@code N} = as stored,
     * {@code T} = transposed).
     */
    @State(Scope.Benchmark)
    public static class Mlp extends Operands {
        @Param({
            "fwd1:128x1200x784:NT",     // x·W1ᵀ, layer 1 forward
            "fwd2:128x1200x1200:NT",    // h·W2ᵀ, layer 2 forward
            "fwd3:128x10x1200:NT",      // h·W3ᵀ, output layer forward
            "dx2:128x1200x1200:NN",     // gy·W2, layer 2 input gradient
            "dw2:1200x1200x128:TN",     // gyᵀ·h, layer 2 weight gradient
            "dw1:1200x784x128:TN",      // gyᵀ·x, layer 1 weight gradient
        })
        public String product;

        /** Element type of our GEMM: {@code float64} (dgemm) or {@code float32} (sgemm). */
        @Param({"float64", "float32"})
        public String dtype;

        @Setup(Level.Trial)
        public void setup() {
            String[] parts = product.split(":");
            String[] dims = parts[1].split("x");
            init(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                    parts[2].charAt(0) == 'T', parts[2].charAt(1) == 'T', dtype);
        }
    }

    /** GFLOP done in the current iteration; JMH divides by the time, giving GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;

        @Setup(Level.Iteration)
        public void reset() {
            gflops = 0;
        }
    }

    @Benchmark
    public Object deltastn(Square s, Flops f) {
        f.gflops += s.gflop;
        return s.deltastn(1);
    }

    @Benchmark
    public Object deltastn2Threads(Square s, Flops f) {
        f.gflops += s.gflop;
        return s.deltastn(2);
    }

    @Benchmark
    public DMatrixRMaj ejml(Square s, Flops f) {
        f.gflops += s.gflop;
        return s.ejml();
    }

    @Benchmark
    public Object mlp(Mlp s, Flops f) {
        f.gflops += s.gflop;
        return s.deltastn(1);
    }

    @Benchmark
    public Object mlp2Threads(Mlp s, Flops f) {
        f.gflops += s.gflop;
        return s.deltastn(2);
    }

    @Benchmark
    public DMatrixRMaj mlpEjml(Mlp s, Flops f) {
        f.gflops += s.gflop;
        return s.ejml();
    }
}
