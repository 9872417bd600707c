package io.github.deltastn.benchmarks;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Conv2d;
import io.github.deltastn.nn.Layers;
import io.github.deltastn.nn.Linear;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Module;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.optim.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * One SGD step (forward, backward, momentum update) of plain networks at batch 128:
 * {@code mlp} = 784-1200-1200-10 with ReLU, {@code cnn} = the SimpleCNN of algorithm.md §10.2 (16/32
 * filters, hidden 1568), in {@code dtype} float64 or float32. The PyTorch peer of these steps is
 * {@code benchmarks/torch_peer.py}; compare only through {@code benchmarks/peer.sh}, which runs both in one
 * session. {@code sgdStep} updates the parameters in place as the trainer does;
 * {@code sgdStepFunctional} is the allocating functional form, for comparison ({@code -prof gc});
 * {@code sgdStepInto} is {@code sgdStep} with the gradients written into reused buffers
 * ({@link Grad#valuesInto}), so the leaf gradients are not allocated either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TrainStepBenchmark {
    static final int B = 128;

    @Param({"1", "2"})
    public int threads;

    @Param({"mlp", "cnn"})
    public String model;

    /** Element type of the parameters, inputs, activations and gradients. */
    @Param({"float64", "float32"})
    public String dtype;

    Module net;
    Map<String, Tensor> params;
    Sgd sgd;
    Tensor x;
    int[] labels;
    List<String> names;
    Tensor[] gradBuffers;
    Map<String, Tensor> gradBufferMap;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Rng r = new Rng(1);
        DType d = AutodiffBenchmark.parse(dtype);
        if (model.equals("mlp")) {
            net = Layers.sequential(Layers.flatten(), new Linear("fc1", 784, 1200, true, d), Layers.relu(),
                    new Linear("fc2", 1200, 1200, true, d), Layers.relu(), new Linear("fc3", 1200, 10, true, d));
        } else {
            net = Layers.sequential(new Conv2d("conv1", 1, 16, 5, 1, 2, true, d), Layers.relu(), Layers.maxPool2d(2, 2),
                    new Conv2d("conv2", 16, 32, 5, 1, 2, true, d), Layers.relu(), Layers.maxPool2d(2, 2), Layers.flatten(),
                    new Linear("fc1", 1568, 1568, true, d), Layers.relu(), new Linear("fc2", 1568, 10, true, d));
        }
        params = net.init(r);
        sgd = new Sgd(0.01, 0.9);
        x = Tensor.uniform(r, 0, 1, B, 1, 28, 28).to(d);
        labels = new int[B];
        for (int i = 0; i < B; i++) {
            labels[i] = r.nextInt(10);
        }
        names = new ArrayList<>(params.keySet());
        gradBuffers = new Tensor[names.size()];
        gradBufferMap = new LinkedHashMap<>();
        for (int i = 0; i < gradBuffers.length; i++) {
            Tensor t = params.get(names.get(i));
            gradBuffers[i] = Tensor.zeros(t.dtype(), t.shape());
            gradBufferMap.put(names.get(i), gradBuffers[i]);
        }
    }

    /**
     * The step as the trainer takes it: the update is written over {@link #params}
     * ({@link Sgd#stepInPlace}), which the benchmark made and no graph references once the gradients are
     * computed, so in steady state only the forward/backward pass allocates.
     */
    @Benchmark
    public Map<String, Tensor> sgdStep() {
        sgd.stepInPlace(params, gradients());
        return params;
    }

    /**
     * {@link #sgdStep} with the gradients written into {@link #gradBuffers}, which live across steps
     * ({@link Grad#valuesInto}): bit for bit the same update, without allocating the leaf gradients.
     */
    @Benchmark
    public Map<String, Tensor> sgdStepInto() {
        Params p = Params.of(params);
        Var loss = Losses.crossEntropy(net.apply(p, Var.constant(x)), labels);
        Grad.valuesInto(loss, p.vars(names), false, gradBuffers);
        sgd.stepInPlace(params, gradBufferMap);
        return params;
    }

    /** The same step with the functional {@link Sgd#step}, which allocates the new parameters every step. */
    @Benchmark
    public Map<String, Tensor> sgdStepFunctional() {
        params = sgd.step(params, gradients());
        return params;
    }

    private Map<String, Tensor> gradients() {
        Params p = Params.of(params);
        Var loss = Losses.crossEntropy(net.apply(p, Var.constant(x)), labels);
        List<String> names = new ArrayList<>(params.keySet());
        Tensor[] g = Grad.values(loss, p.vars(names).toArray(new Var[0]));
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (int i = 0; i < g.length; i++) {
            grads.put(names.get(i), g[i]);
        }
        return grads;
    }
}
