package io.github.deltastn.benchmarks;

import io.github.deltastn.autodiff.Dual;
import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.NoGrad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Parallel;
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
 * The two convolutions of the SimpleCNN (algorithm.md §10.2, reference widths) at batch 128, batched
 * im2col + GEMM ({@code core.Conv#conv2d}): {@code conv1} 1→16 on 28×28 and {@code conv2} 16→32 on 14×14,
 * both 5×5 with padding 2. {@code forward} is the output alone; {@code forwardBackward} also computes the
 * weight gradient and, for conv2, the input gradient (conv1's input, the images, needs none); {@code jvp}
 * is the forward-mode tangent {@code conv(tx, w) + conv(x, tw)} with its primal, as the Δ-STN
 * linearization runs it (for conv1 only {@code tw}: the images carry no tangent).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ConvBenchmark {
    @Param({"conv1", "conv2"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    /** Element type of input, weight and tangents. */
    @Param({"float64", "float32"})
    public String dtype;

    Tensor x;
    Tensor w;
    Tensor tx;
    Tensor tw;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Rng r = new Rng(1);
        if (layer.equals("conv1")) {
            x = Tensor.uniform(r, 0, 1, 128, 1, 28, 28);
            w = Tensor.normal(r, 0, 0.2, 16, 1, 5, 5);
        } else {
            x = Tensor.normal(r, 0, 1, 128, 16, 14, 14);
            w = Tensor.normal(r, 0, 0.05, 32, 16, 5, 5);
        }
        tx = Tensor.normal(r, 0, 1, x.shape());
        tw = Tensor.normal(r, 0, 1, w.shape());
        DType d = AutodiffBenchmark.parse(dtype);
        x = x.to(d);
        w = w.to(d);
        tx = tx.to(d);
        tw = tw.to(d);
    }

    @Benchmark
    public Tensor forward() {
        try (NoGrad scope = NoGrad.enter()) {
            return Var.constant(x).conv2d(Var.constant(w), 1, 2, 1).value();
        }
    }

    @Benchmark
    public Tensor[] forwardBackward() {
        Var wv = Var.param(w);
        if (layer.equals("conv1")) {
            return Grad.values(Var.constant(x).conv2d(wv, 1, 2, 1).sum(), wv);
        }
        Var xv = Var.param(x);
        return Grad.values(xv.conv2d(wv, 1, 2, 1).sum(), xv, wv);
    }

    @Benchmark
    public Dual jvp() {
        try (NoGrad scope = NoGrad.enter()) {
            if (layer.equals("conv1")) {
                return Jvp.of(v -> Var.constant(x).conv2d(v, 1, 2, 1), Var.constant(w), Var.constant(tw));
            }
            return Jvp.of(v -> v[0].conv2d(v[1], 1, 2, 1), new Var[] {Var.constant(x), Var.constant(w)},
                    new Var[] {Var.constant(tx), Var.constant(tw)});
        }
    }
}
