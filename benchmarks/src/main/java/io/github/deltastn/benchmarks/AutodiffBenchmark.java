package io.github.deltastn.benchmarks;

import io.github.deltastn.autodiff.Dual;
import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.NoGrad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Broadcast;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Gemm;
import io.github.deltastn.core.Parallel;
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
 * The cost of the autodiff engine on an MLP 784-1200-1200-10 (ReLU, mean cross-entropy) at batch 128:
 * <ul>
 *   <li>{@code varForwardBackward}: loss and the six parameter gradients through {@link Var} and
 *       {@link Grad#values};</li>
 *   <li>{@code kernelsForwardBackward}: the same arithmetic written directly against the core kernels
 *       (the baseline: the graph's overhead is the ratio of the two, target ≤ 1.15);</li>
 *   <li>{@code primalForward} and {@code jvpForward}: the forward pass alone, and with a tangent carried
 *       along (dual numbers, direction in the input), target ≤ 2.5× the primal.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class AutodiffBenchmark {
    static final int B = 128;
    static final int[] SIZES = {784, 1200, 1200, 10};

    @Param({"1"})
    public int threads;

    /** Element type of the inputs and parameters (and so of every value and gradient). */
    @Param({"float64", "float32"})
    public String dtype;

    Tensor x;
    Tensor tangent;
    Tensor[] w = new Tensor[3];
    Tensor[] b = new Tensor[3];
    int[] labels;
    Tensor onehot;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Rng r = new Rng(42);
        x = Tensor.normal(r, 0, 1, B, SIZES[0]);
        tangent = Tensor.normal(r, 0, 1, B, SIZES[0]);
        for (int i = 0; i < 3; i++) {
            double bound = 1 / Math.sqrt(SIZES[i]);
            w[i] = Tensor.uniform(r, -bound, bound, SIZES[i + 1], SIZES[i]);
            b[i] = Tensor.uniform(r, -bound, bound, SIZES[i + 1]);
        }
        labels = new int[B];
        double[] oh = new double[B * 10];
        for (int i = 0; i < B; i++) {
            labels[i] = r.nextInt(10);
            oh[i * 10 + labels[i]] = 1;
        }
        onehot = Tensor.wrap(oh, B, 10);
        DType d = parse(dtype);
        x = x.to(d);
        tangent = tangent.to(d);
        onehot = onehot.to(d);
        for (int i = 0; i < 3; i++) {
            w[i] = w[i].to(d);
            b[i] = b[i].to(d);
        }
    }

    static DType parse(String dtype) {
        return switch (dtype) {
            case "float64" -> DType.FLOAT64;
            case "float32" -> DType.FLOAT32;
            default -> throw new IllegalArgumentException("dtype must be float64 or float32, got " + dtype);
        };
    }

    static Var forward(Var in, Var[] w, Var[] b) {
        Var a = in;
        for (int i = 0; i < 3; i++) {
            a = a.matmul(w[i], false, true).add(b[i]);
            if (i < 2) {
                a = a.relu();
            }
        }
        return a;
    }

    Var loss(Var logits) {
        return logits.logSoftmax(1).mul(onehot).sum().mul(-1.0 / B);
    }

    @Benchmark
    public Tensor[] varForwardBackward() {
        Var[] wv = new Var[3];
        Var[] bv = new Var[3];
        for (int i = 0; i < 3; i++) {
            wv[i] = Var.param(w[i]);
            bv[i] = Var.param(b[i]);
        }
        Var l = loss(forward(Var.constant(x), wv, bv));
        return Grad.values(l, wv[0], bv[0], wv[1], bv[1], wv[2], bv[2]);
    }

    @Benchmark
    public Tensor[] kernelsForwardBackward() {
        Tensor[] act = new Tensor[4];
        Tensor[] pre = new Tensor[3];
        act[0] = x;
        for (int i = 0; i < 3; i++) {
            pre[i] = Elementwise.add(Gemm.matmul(act[i], false, w[i], true), b[i]);
            act[i + 1] = i < 2 ? Elementwise.relu(pre[i]) : pre[i];
        }
        Tensor logp = Reduce.logSoftmax(act[3], 1);
        double lossValue = -Reduce.sum(Elementwise.mul(logp, onehot), false).item() / B;
        // d loss / d logits = (softmax − onehot) / B
        Tensor g = Elementwise.mulScalar(Elementwise.sub(Elementwise.exp(logp), onehot), 1.0 / B);
        Tensor[] grads = new Tensor[7];
        for (int i = 2; i >= 0; i--) {
            if (i < 2) {
                g = Elementwise.mul(g, Elementwise.reluMask(pre[i]));
            }
            grads[2 * i] = Gemm.matmul(g, true, act[i], false);
            grads[2 * i + 1] = Broadcast.sumTo(g, b[i].shape());
            if (i > 0) {
                g = Gemm.matmul(g, false, w[i], false);
            }
        }
        grads[6] = Tensor.scalar(lossValue);
        return grads;
    }

    @Benchmark
    public Tensor primalForward() {
        try (NoGrad scope = NoGrad.enter()) {
            return forward(Var.constant(x), constants(w), constants(b)).value();
        }
    }

    @Benchmark
    public Tensor jvpForward() {
        try (NoGrad scope = NoGrad.enter()) {
            Var[] wv = constants(w);
            Var[] bv = constants(b);
            Dual d = Jvp.of(in -> forward(in, wv, bv), Var.constant(x), Var.constant(tangent));
            return d.tangent().value();
        }
    }

    static Var[] constants(Tensor[] t) {
        Var[] v = new Var[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = Var.constant(t[i]);
        }
        return v;
    }
}
