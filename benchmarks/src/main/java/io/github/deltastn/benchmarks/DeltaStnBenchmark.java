package io.github.deltastn.benchmarks;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Parallel;
import io.github.deltastn.experiments.ExperimentSetup;
import io.github.deltastn.experiments.ImageExperiments;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.Trainer;
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
 * One cycle of T_train = 5 training steps and T_valid = 1 hyper step (batch 128) for each method;
 * {@code fixed} (5 plain steps, no hyper step) is the baseline of the overhead ratio the paper calls
 * "limited" (target: Δ-STN ≤ 2.5× fixed). {@code model}: {@code mlp} = the MNIST MLP 784-1200-1200-1200-10
 * with 3 tuned dropouts; {@code alexnet} = the paper's CIFAR-10 AlexNet with its 18 hyperparameters
 * (augmentation included; run it with {@code -p model=alexnet}). Random stand-in images: the cost does not
 * depend on the pixel values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class DeltaStnBenchmark {
    @Param({"fixed", "stn", "centered", "delta"})
    public String method;

    @Param({"2"})
    public int threads;

    @Param({"mlp"})
    public String model;

    /** The run's dtype ({@code TrainConfig.dtype}): weights, activations and data; hyperparameters stay float64. */
    @Param({"float64", "float32"})
    public String dtype;

    Trainer trainer;
    DataLoader train;
    DataLoader valid;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Dataset images = switch (model) {
            case "alexnet" -> ImageExperiments.syntheticCifarImages(128 * 16, 1);
            case "mlp" -> ImageExperiments.syntheticImages(128 * 16, 1);
            default -> throw new IllegalArgumentException("DeltaStnBenchmark: unknown model '" + model
                    + "', expected mlp or alexnet");
        };
        ExperimentSetup s = model.equals("alexnet")
                ? ImageExperiments.cifar10(images, images.slice(0, 256), ImageExperiments.CifarNet.ALEXNET, 1, 0,
                        Method.parse(method), 1)
                : ImageExperiments.mnist(images, images.slice(0, 256), 0, Method.parse(method), 1);
        DType d = AutodiffBenchmark.parse(dtype);
        trainer = s.trainer(s.config().toBuilder().dtype(d).build());
        train = new DataLoader(s.train().to(d), 128, true, new io.github.deltastn.core.Rng(2));
        valid = new DataLoader(s.valid().to(d), 128, true, new io.github.deltastn.core.Rng(3));
    }

    @Benchmark
    public double cycle() {
        double loss = 0;
        for (int i = 0; i < 5; i++) {
            loss += trainer.trainStep(train.next());
        }
        if (!method.equals("fixed")) {
            loss += trainer.hyperStep(valid.next());
        }
        return loss;
    }
}
