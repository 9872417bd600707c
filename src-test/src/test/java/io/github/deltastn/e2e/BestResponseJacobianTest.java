package io.github.deltastn.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Hyperparameter;
import io.github.deltastn.hyper.Hyperparameters;
import io.github.deltastn.nn.data.Dataset;
import io.github.deltastn.toy.LinearRegressionModel;
import io.github.deltastn.toy.LinearRegressionModel.Response;
import io.github.deltastn.toy.LinearWeights;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.RidgeProblem;
import io.github.deltastn.toy.SyntheticRegression;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TrainConfig;
import io.github.deltastn.train.Trainer;
import io.github.deltastn.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Theorem 3 of the paper in action (algorithm.md §11): on ridge regression with the weight decay c
 * perturbed directly (identity transform) and w0 fixed at the exact solution w*(λ0), training only the
 * response parameters of the centered hypernetwork drives Θ to the exact best-response Jacobian
 * {@code ∂w*(c)/∂c = −(H + λ0 I)⁻¹ w0}, for any perturbation scale σ — with the full linear response, where Θ is
 * {@code W_r}, and with the structured layer, where it is {@code U·W_r}; the iterates of the second half of
 * training are averaged (the objective is stochastic).
 * λ0 = 2 keeps λ0 + ε mostly positive at σ = 1 (a negative weight decay makes single draws unbounded below).
 * One ε per batch (as the reference's author advised for weight decay): with one ε per example the
 * per-example gradients at w0 add noise of order σ/√N to a signal of order σ².
 */
class BestResponseJacobianTest {
    static final double C0 = 2.0;

    @ParameterizedTest(name = "{0} with sigma = {1}")
    @CsvSource({"CENTERED, 1.0, FULL", "CENTERED, 0.1, FULL", "DELTA, 1.0, FULL", "DELTA, 0.1, FULL",
        "CENTERED, 1.0, STRUCTURED", "DELTA, 0.1, STRUCTURED"})
    void thetaConvergesToTheExactBestResponseJacobian(Method method, double sigma, Response response) {
        RegressionData data = SyntheticRegression.defaultData();
        RidgeProblem ridge = new RidgeProblem(data);
        LinearWeights w0 = ridge.solve(C0);
        double[] target = ridge.optimalResponseSlope(C0, w0.w()).w();

        Hyperparameters hp = new Hyperparameters();
        hp.register(Hyperparameter.of("weight_decay", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, C0)
                .withInitialScale(sigma).withSamePerturbationPerBatch(true));
        int n = data.nTrain();
        int cycles = 4000;
        // the Θ objective scales with σ², so does its gradient: scale the step size back
        double lr = 0.002 / (sigma * sigma);
        TrainConfig cfg = TrainConfig.builder()
                .method(method).epochs(Integer.MAX_VALUE).trainSteps(1).validSteps(0).maxCycles(cycles).batchSize(n)
                .validBatchSize(n).lr(0.0).responseLr(lr).hyperLr(0.0).scaleLr(0.0).tuneScales(false).tau(0).seed(1)
                .build();
        Dataset train = Dataset.regression(data.xTrain(), data.yTrain());
        LinearRegressionModel model = new LinearRegressionModel(LinearRegressionModel.Kind.WEIGHT_DECAY, data.features(),
                response, null);
        Trainer trainer = new Trainer(model, hp, cfg, train, train, null);
        Map<String, Tensor> p = new LinkedHashMap<>(trainer.params());
        p.put("linear.W_g", Tensor.of(w0.w(), 1, data.features()));
        p.put("linear.b_g", Tensor.of(new double[] {w0.bias()}));
        trainer.setParams(p);

        double[] mean = new double[target.length];
        int[] averaged = {0};
        trainer.run(new TrainingListener() {
            @Override
            public void onCycle(int cycle, Trainer t) {
                if (cycle > cycles / 2) {
                    double u = response == Response.FULL ? 1.0 : t.params().get("linear.U").data()[0];
                    double[] wr = t.params().get("linear.W_r").data();
                    for (int j = 0; j < mean.length; j++) {
                        mean[j] += u * wr[j];
                    }
                    averaged[0]++;
                }
            }
        });
        double err = 0;
        double norm = 0;
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= averaged[0];
            err += (mean[j] - target[j]) * (mean[j] - target[j]);
            norm += target[j] * target[j];
        }
        double rel = Math.sqrt(err / norm);
        assertTrue(trainer.params().get("linear.W_g").allClose(Tensor.of(w0.w(), 1, data.features()), 0, 0),
                "w0 must stay at w*(λ0)");
        assertTrue(rel < 0.05, method + ", " + response + ", σ = " + sigma + ": Θ is " + rel * 100
                + "% away from −(H + λ0 I)⁻¹ w0 (‖target‖ = " + Math.sqrt(norm) + ")");
    }
}
