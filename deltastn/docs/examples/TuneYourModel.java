import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.EpochMetrics;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.RunFiles;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import io.github.deltastn.train.TrainingListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tunes the dropout rate and the weight decay of a small regression network with Δ-STN, in one training run
 * (the walk-through is deltastn/docs/tuning-your-model.md). After {@code mvn install}:
 * <pre>
 *   java -cp deltastn/target/deltastn-cli.jar deltastn/docs/examples/TuneYourModel.java [OUT_DIR]
 * </pre>
 * It prints the hyperparameters every 10 cycles and the trajectory per epoch, and writes metrics.csv and
 * summary.json to OUT_DIR (default tune-your-model-output).
 */
public class TuneYourModel {
    static final int FEATURES = 20;

    /** 1. The model: two structured layers; column 0 of z is the dropout rate, column 1 the weight decay. */
    static final class Net implements HyperModel {
        final StructuredLinear fc1 = new StructuredLinear("fc1", FEATURES, 64, 2);
        final StructuredLinear fc2 = new StructuredLinear("fc2", 64, 1, 2);

        @Override
        public int hyperDim() {
            return 2;
        }

        @Override
        public Map<String, Tensor> init(Rng rng) {
            Map<String, Tensor> p = new LinkedHashMap<>(fc1.init(rng));
            p.putAll(fc2.init(rng));
            return p;
        }

        @Override
        public boolean isResponse(String name) {
            return fc1.responseNames().contains(name) || fc2.responseNames().contains(name);
        }

        @Override
        public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
            Var h = fc1.apply(p, x, z).relu();
            if (training) {   // each example drops units at its own (perturbed) rate
                h = Dropout.apply(h, Dropout.mask(rng, HyperModel.column(hyper, 0), h.shape()));
            }
            return fc2.apply(p, h, z);
        }

        @Override
        public Var loss(Var y, DataLoader.Batch batch) {
            return Losses.mse(y.reshape(-1), Var.constant(batch.targets()));
        }

        /** Weight decay c_b·‖W(z_b)‖² on the weights the hypernetwork produces for each example. */
        @Override
        public Var penalty(Params p, Var z, Tensor hyper, Network network) {
            Var norms = fc1.squaredWeightNorm(p, z).add(fc2.squaredWeightNorm(p, z));    // [B]
            return norms.mul(Var.constant(HyperModel.column(hyper, 1))).mean();
        }
    }

    /** y = x·β + noise, with few training examples so that regularisation matters. */
    static Dataset data(Rng rng, Tensor beta, int n) {
        Tensor x = Tensor.normal(rng, 0, 1, n, FEATURES);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                y[i] += x.data()[i * FEATURES + j] * beta.data()[j];
            }
            y[i] += rng.normal();
        }
        return Dataset.regression(x, Tensor.wrap(y, n));
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "tune-your-model-output");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Rng rng = new Rng(42);
        Tensor beta = Tensor.normal(rng, 0, 1, FEATURES);
        Dataset train = data(rng, beta, 60);
        Dataset valid = data(rng, beta, 200);
        Dataset test = data(rng, beta, 1000);

        // 2. The hyperparameters, in the order of z's columns: a range and an initial value each
        Hyperparameters hp = new Hyperparameters();
        hp.register("dropout", 0, 0.95, 0.05);
        hp.register("weight_decay", 0, Double.POSITIVE_INFINITY, 1e-4);

        // 3. The run: Δ-STN, full batches, 2 warm-up epochs
        TrainConfig cfg = TrainConfig.builder()
                .method(Method.DELTA).epochs(epochs).warmupEpochs(2)
                .batchSize(60).validBatchSize(200).trainSteps(5).validSteps(1)
                .lr(0.003).responseLr(0.003).hyperLr(0.01).seed(1)
                .build();
        Trainer trainer = new Trainer(new Net(), hp, cfg, train, valid, test);

        // 4. Run it, watching the hyperparameters every 10 cycles
        List<EpochMetrics> history = trainer.run(new TrainingListener() {
            @Override
            public void onCycle(int cycle, Trainer t) {
                if (cycle % 10 == 0) {
                    Tensor v = t.hyperparameters().currentValues();
                    System.out.printf("cycle %4d  dropout %.3f  weight decay %.2e%n", cycle, v.data()[0], v.data()[1]);
                }
            }
        });

        // 5. The trajectory: one entry per epoch boundary
        for (EpochMetrics m : history) {
            if (m.epoch() % 50 == 0 || m.epoch() == epochs) {
                System.out.printf("epoch %3d  valid loss %.4f  test loss %.4f  dropout %.3f  weight decay %.2e%n",
                        m.epoch(), m.validLoss(), m.testLoss(), m.hyper().data()[0], m.hyper().data()[1]);
            }
        }

        // 6. The same run files as the command line: metrics.csv and summary.json
        RunFiles.write(out, "tune-your-model", trainer, "completed", null);
        System.out.println("wrote " + out.resolve(RunFiles.METRICS) + " and " + out.resolve(RunFiles.SUMMARY));
    }
}
