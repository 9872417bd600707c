package io.github.deltastn.toy;

import io.github.deltastn.autodiff.Dual;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Params;
import io.github.deltastn.train.HyperModel;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.Trainer;
import java.util.Map;

/**
 * The per-cycle diagnosis of a toy run ({@link ToyExperiment.Point}): what the trained model and its
 * hypernetwork compute, read off as a linear map in the data's units, against the exact answers of
 * {@link ExactHyperProblem}.
 *
 * <p>Every toy model is linear in its input at evaluation, {@code f(x; z) = A(z)x + b(z)}, so pushing the
 * probe inputs {0, e_1, …, e_d} through it with one {@link Jvp} in z gives the weights {@code (Aᵀ, b)} and
 * the learned response {@code (∂Aᵀ/∂z, ∂b/∂z)} at once, whatever the parameterisation (full or structured
 * response, input normalisation, a deep linear net). The hyper input is the one the method evaluates at:
 * z = 0 for the centered methods (w0 and Θ), z = λ0 for STN (its weights and slope there).
 */
final class ToyDiagnostics {
    private final ExactHyperProblem exact;
    private final RegressionData data;
    private final HyperModel model;
    private final Method method;
    private final Tensor probe;

    ToyDiagnostics(ExactHyperProblem exact, RegressionData data, HyperModel model, Method method) {
        this.exact = exact;
        this.data = data;
        this.model = model;
        this.method = method;
        int d = data.features();
        double[] x = new double[(d + 1) * d];
        for (int j = 0; j < d; j++) {
            x[(j + 1) * d + j] = 1.0;
        }
        this.probe = Tensor.wrap(x, d + 1, d);
    }

    /** The weights and the response of the model, both as (w [d], b). */
    record LinearMap(LinearWeights weights, LinearWeights response) {}

    /** The model's map {@code x ↦ A(z)x + b(z)} and its derivative in z, at {@code z = z0} (h = 1). */
    LinearMap linearMap(Map<String, Tensor> params, double z0) {
        int d = data.features();
        Params p = Params.constants(params);
        Var x = Var.constant(probe);
        Dual dual = Jvp.of(z -> model.predict(p, x, z, null, false, null), Var.constant(Tensor.full(z0, d + 1, 1)),
                Var.constant(Tensor.ones(d + 1, 1)));
        double[] y = dual.primal().value().data();
        double[] t = dual.tangent().value().data();
        double[] w = new double[d];
        double[] dw = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = y[j + 1] - y[0];
            dw[j] = t[j + 1] - t[0];
        }
        return new LinearMap(new LinearWeights(w, y[0]), new LinearWeights(dw, t[0]));
    }

    ToyExperiment.Point point(int cycle, Trainer t, double trainLoss, double validLoss) {
        double u = t.hyperparameters().lam0().data()[0];
        double value = t.hyperparameters().currentValues().data()[0];
        double dValue = exact.constrainedDerivative(u);
        LinearMap m = linearMap(t.params(), method == Method.STN ? u : 0.0);
        LinearWeights w = m.weights();
        LinearWeights theta = m.response();
        LinearWeights j = scaled(exact.responseAt(value, w), dValue);
        LinearWeights best = exact.solve(value);
        double[] xv = data.xValid().data();
        double[] yv = data.yValid().data();
        double responseHypergradient = Linalg.meanSquaredErrorDirectional(xv, yv, w.w(), w.bias(), j.w(), j.bias());
        Tensor g = t.lastHypergradient();
        return new ToyExperiment.Point(cycle, t.steps(), value, trainLoss, validLoss, exact.validationLoss(value),
                g == null ? Double.NaN : g.data()[0], exact.validationLossDerivativeUnconstrained(u),
                responseHypergradient, dot(theta, j) / Math.sqrt(dot(theta, theta) * dot(j, j)),
                Math.sqrt(dot(theta, theta) / dot(j, j)), Math.sqrt(distance2(w, best) / dot(best, best)));
    }

    /**
     * {@code ∂L_V/∂w(w) · response}: the hypergradient a hyper step computes from the weights {@code w} and a
     * response in u-units, for a model linear in its weights (a check of the step).
     */
    double hypergradientOf(LinearMap m) {
        LinearWeights w = m.weights();
        LinearWeights r = m.response();
        return Linalg.meanSquaredErrorDirectional(data.xValid().data(), data.yValid().data(), w.w(), w.bias(), r.w(),
                r.bias());
    }

    private static LinearWeights scaled(LinearWeights a, double s) {
        double[] w = a.w().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] *= s;
        }
        return new LinearWeights(w, a.bias() * s);
    }

    private static double dot(LinearWeights a, LinearWeights b) {
        return Linalg.dot(a.w(), b.w()) + a.bias() * b.bias();
    }

    private static double distance2(LinearWeights a, LinearWeights b) {
        double s = (a.bias() - b.bias()) * (a.bias() - b.bias());
        for (int i = 0; i < a.w().length; i++) {
            s += (a.w()[i] - b.w()[i]) * (a.w()[i] - b.w()[i]);
        }
        return s;
    }
}
