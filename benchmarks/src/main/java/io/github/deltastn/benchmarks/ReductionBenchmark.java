package io.github.deltastn.benchmarks;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reductions over a {@code [rows, cols]} tensor at the shapes training produces: sum over the batch axis
 * (bias gradients), sum over the last axis, logsumexp and logSoftmax over classes, max with argmax, and
 * the flat eight-accumulator {@code Reduce.sum} baseline over the same number of elements. The parameter
 * {@code dtype} selects a float64 tensor or its float32 rounding (same seed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ReductionBenchmark {
    @Param({"128x10", "128x1200", "4096x1200"})
    public String shape;

    /** {@code float64} or {@code float32}. */
    @Param({"float64", "float32"})
    public String dtype;

    Tensor x;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("x");
        DType d = switch (dtype) {
            case "float64" -> DType.FLOAT64;
            case "float32" -> DType.FLOAT32;
            default -> throw new IllegalArgumentException("dtype must be float64 or float32, got " + dtype);
        };
        x = Tensor.normal(new Rng(1), d, 0, 1, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    @Benchmark
    public double flatSum() {
        return x.dtype() == DType.FLOAT32 ? Reduce.sum(x.floatData(), 0, x.size()) : Reduce.sum(x.data(), 0, x.size());
    }

    @Benchmark
    public Tensor sumAxis0() {
        return Reduce.sum(x, false, 0);
    }

    @Benchmark
    public Tensor sumAxis1() {
        return Reduce.sum(x, false, 1);
    }

    @Benchmark
    public Tensor logsumexpAxis1() {
        return Reduce.logsumexp(x, 1, false);
    }

    @Benchmark
    public Tensor logSoftmaxAxis1() {
        return Reduce.logSoftmax(x, 1);
    }

    @Benchmark
    public Tensor softmaxAxis1() {
        return Reduce.softmax(x, 1);
    }

    @Benchmark
    public int[] argmaxAxis1() {
        return Reduce.argmax(x, 1);
    }
}
