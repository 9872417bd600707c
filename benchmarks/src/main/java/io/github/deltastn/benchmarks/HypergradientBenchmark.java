package io.github.deltastn.benchmarks;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.train.Hypergradients;
import io.github.deltastn.train.Hypergradients.Inverse;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Losses;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One hyper step of the gradient-based methods (issue 17) on the MNIST MLP 784-1200-1200-10 (float64, batch 128,
 * the weights as one flat vector {@code w [n]}, n = 2,396,410), as a ratio to one plain training step on the same
 * loss ({@link #plainStep}): IFT with K Neumann terms or K conjugate-gradient steps ({@link Hypergradients#implicit},
 * about K + 2 Hessian-vector products), and the hypergradient through the last K SGD steps
 * ({@link Hypergradients#unrolled}, reverse over reverse, memory linear in K; {@link Hypergradients#unrolledForward},
 * forward mode, memory independent of K). The hyperparameter is the weight
 * decay {@code c} of {@code L_T = CE + c‖w‖²}; a hyper step costs the same whatever λ is, once the training loss
 * is differentiable in it.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HypergradientBenchmark -p threads=1} (plainStep does not
 * depend on K; JMH times it for every K, which shows the spread of one benchmark within the run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class HypergradientBenchmark {
    static final int B = 128;
    static final int[] WIDTHS = {784, 1200, 1200, 10};

    @Param({"1", "2"})
    public int threads;

    /** K: Neumann terms, CG steps or unrolled SGD steps. */
    @Param({"1", "5", "20"})
    public int k;

    Tensor w;
    Tensor c;
    BiFunction<Var, Var, Var> trainLoss;
    BiFunction<Var, Var, Var> validLoss;

    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        Rng r = new Rng(1);
        int n = 0;
        for (int l = 0; l + 1 < WIDTHS.length; l++) {
            n += WIDTHS[l] * WIDTHS[l + 1] + WIDTHS[l + 1];
        }
        w = Tensor.normal(r, 0, 0.02, n);
        c = Tensor.of(new double[] {1e-4}, 1);
        trainLoss = loss(Tensor.uniform(r, 0, 1, B, 784), labels(r), true);
        validLoss = loss(Tensor.uniform(r, 0, 1, B, 784), labels(r), false);
    }

    static int[] labels(Rng r) {
        int[] y = new int[B];
        for (int i = 0; i < B; i++) {
            y[i] = r.nextInt(10);
        }
        return y;
    }

    /** Cross-entropy of the MLP with flat weights {@code w} on (x, y), plus {@code c‖w‖²} for training. */
    static BiFunction<Var, Var, Var> loss(Tensor x, int[] y, boolean penalty) {
        return (w, c) -> {
            Var h = Var.constant(x);
            int at = 0;
            for (int l = 0; l + 1 < WIDTHS.length; l++) {
                int in = WIDTHS[l];
                int out = WIDTHS[l + 1];
                Var weight = w.slice(0, at, at + in * out).reshape(in, out);
                at += in * out;
                Var bias = w.slice(0, at, at + out);
                at += out;
                h = h.matmul(weight).add(bias);
                if (l + 2 < WIDTHS.length) {
                    h = h.relu();
                }
            }
            Var ce = Losses.crossEntropy(h, y);
            return penalty ? ce.add(w.square().sum().mul(c.reshape())) : ce;
        };
    }

    /** The baseline: one SGD step on the training loss, {@code w − η ∇_w L_T}. */
    @Benchmark
    public Tensor plainStep() {
        Var wv = Var.param(w);
        Var g = Grad.of(trainLoss.apply(wv, Var.constant(c)), List.of(wv), false)[0];
        return wv.sub(g.mul(0.01)).value();
    }

    @Benchmark
    public Tensor iftNeumann() {
        return Hypergradients.implicit(trainLoss, validLoss, w, c, Inverse.neumann(k, 0.01));
    }

    @Benchmark
    public Tensor iftCg() {
        return Hypergradients.implicit(trainLoss, validLoss, w, c, Inverse.cg(k, 1e-3));
    }

    @Benchmark
    public Tensor unrolled() {
        return Hypergradients.unrolled(trainLoss, validLoss, w, c, k, 0.01);
    }

    /** The same hypergradient in forward mode (what the trainer uses): K·(h + 1) passes, memory independent of K. */
    @Benchmark
    public Tensor unrolledForward() {
        return Hypergradients.unrolledForward(trainLoss, validLoss, w, c, k, 0.01);
    }
}
