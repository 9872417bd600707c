package io.github.deltastn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.train.Hypergradients.Inverse;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.toy.DropoutRegressionProblem;
import io.github.deltastn.toy.LinearWeights;
import io.github.deltastn.toy.RegressionData;
import io.github.deltastn.toy.RidgeProblem;
import io.github.deltastn.toy.SyntheticRegression;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * IFT and unrolled hypergradients on ridge regression and input dropout against the closed-form dL_V/dλ of
 * {@link RidgeProblem} and {@link DropoutRegressionProblem}.
 */
class HypergradientsTest {
    static final RegressionData DATA = SyntheticRegression.defaultData();
    static final RidgeProblem RIDGE = new RidgeProblem(DATA);
    static final int D = DATA.features();

    /** (1/N)‖X w + b − y‖² (+ c‖w‖² for training), with θ = (w, b) flattened to [d + 1]. */
    static BiFunction<Var, Var, Var> loss(Tensor x, Tensor y, boolean penalty) {
        int n = x.dim(0);
        return (theta, c) -> {
            Var w = theta.slice(0, 0, D);
            Var b = theta.slice(0, D, D + 1);
            Var r = Var.constant(x).matmul(w.reshape(D, 1)).reshape(n).add(b).sub(Var.constant(y));
            Var mse = r.square().mean();
            return penalty ? mse.add(w.square().sum().mul(c.reshape())) : mse;
        };
    }

    static Tensor flat(LinearWeights wb) {
        double[] t = new double[D + 1];
        System.arraycopy(wb.w(), 0, t, 0, D);
        t[D] = wb.bias();
        return Tensor.wrap(t, D + 1);
    }

    static double hypergradient(double c, Inverse inverse) {
        return Hypergradients.implicit(loss(DATA.xTrain(), DATA.yTrain(), true),
                loss(DATA.xValid(), DATA.yValid(), false), flat(RIDGE.solve(c)), Tensor.of(new double[] {c}, 1),
                inverse).item();
    }

    @Test
    void exactInverseAtTheMinimumIsTheClosedForm() {
        for (double c : new double[] {1e-3, 0.1, 0.6, 5.0}) {
            double exact = RIDGE.validationLossDerivative(c);
            assertEquals(exact, hypergradient(c, Inverse.exact()), 1e-8 * Math.max(1, Math.abs(exact)), "c = " + c);
        }
    }

    @Test
    void neumannAndConjugateGradientConvergeToIt() {
        double c = 0.1;
        double exact = RIDGE.validationLossDerivative(c);
        double alpha = 1 / hessianTrace(c); // below 2/λ_max(H)
        double previous = Double.POSITIVE_INFINITY;
        for (int k : new int[] {10, 100, 1000}) {
            double err = Math.abs(hypergradient(c, Inverse.neumann(k, alpha)) - exact);
            assertTrue(err < previous, "Neumann K = " + k + ": error " + err + " after " + previous);
            previous = err;
        }
        assertTrue(previous < 0.05 * Math.abs(exact), "Neumann K = 1000: error " + previous + " of " + exact);
        previous = Double.POSITIVE_INFINITY;
        for (int k : new int[] {2, 8}) {
            double err = Math.abs(hypergradient(c, Inverse.cg(k, 0)) - exact);
            assertTrue(err < previous, "CG K = " + k + ": error " + err + " after " + previous);
            previous = err;
        }
        // CG would be exact after n = d + 1 steps in exact arithmetic; in floating point a few more sweeps
        assertEquals(exact, hypergradient(c, Inverse.cg(D + 1, 0)), 1e-6 * Math.abs(exact));
        assertEquals(exact, hypergradient(c, Inverse.cg(3 * (D + 1), 0)), 1e-8 * Math.abs(exact));
    }

    /** The largest eigenvalue bound used for step sizes: trace(H) = 2 (mean ‖x‖² + 1) + 2 c d ≥ λ_max(H). */
    static double hessianTrace(double c) {
        double trace = 2 * c * D + 2;
        for (double v : DATA.xTrain().data()) {
            trace += 2 * v * v / DATA.nTrain();
        }
        return trace;
    }

    /** L_V(w_K(c)) by plain SGD steps with the closed-form gradient of ridge, for finite differences. */
    static double validAfterSteps(double c, double[] w0, int steps, double lr) {
        double[] w = w0.clone();
        double[] x = DATA.xTrain().data();
        double[] y = DATA.yTrain().data();
        int n = DATA.nTrain();
        for (int t = 0; t < steps; t++) {
            double[] g = new double[D + 1];
            for (int i = 0; i < n; i++) {
                double r = w[D] - y[i];
                for (int j = 0; j < D; j++) {
                    r += x[i * D + j] * w[j];
                }
                for (int j = 0; j < D; j++) {
                    g[j] += 2 * r * x[i * D + j] / n;
                }
                g[D] += 2 * r / n;
            }
            for (int j = 0; j < D; j++) {
                g[j] += 2 * c * w[j];
            }
            for (int j = 0; j <= D; j++) {
                w[j] -= lr * g[j];
            }
        }
        return loss(DATA.xValid(), DATA.yValid(), false).apply(Var.constant(Tensor.wrap(w, D + 1)),
                Var.constant(Tensor.zeros(1))).item();
    }

    @Test
    void unrolledMatchesFiniteDifferencesForSmallK() {
        double c = 0.3;
        double lr = 1 / hessianTrace(c);
        double[] w0 = flat(RIDGE.solve(1.0)).data(); // not a minimum for c: the steps move the weights
        for (int k : new int[] {1, 3, 10}) {
            double g = Hypergradients.unrolled(loss(DATA.xTrain(), DATA.yTrain(), true), loss(DATA.xValid(), DATA.yValid(),
                    false), Tensor.wrap(w0.clone(), D + 1), Tensor.of(new double[] {c}, 1), k, lr).item();
            double h = 1e-6;
            double fd = (validAfterSteps(c + h, w0, k, lr) - validAfterSteps(c - h, w0, k, lr)) / (2 * h);
            assertEquals(fd, g, 1e-7 + 1e-6 * Math.abs(fd), "K = " + k);
            assertTrue(Math.abs(g) > 1e-6, "K = " + k + ": a hypergradient that could be wrong");
        }
    }

    @Test
    void forwardModeUnrollingEqualsReverseMode() {
        // two hyperparameters, so that the tangents of both are carried: c0‖w‖² + c1 (Σ w)²
        BiFunction<Var, Var, Var> mse = loss(DATA.xTrain(), DATA.yTrain(), false);
        BiFunction<Var, Var, Var> train = (theta, c) -> {
            Var w = theta.slice(0, 0, D);
            return mse.apply(theta, c).add(w.square().sum().mul(c.slice(0, 0, 1).reshape()))
                    .add(w.sum().square().mul(c.slice(0, 1, 2).reshape()));
        };
        BiFunction<Var, Var, Var> valid = loss(DATA.xValid(), DATA.yValid(), false);
        Tensor w0 = flat(RIDGE.solve(1.0));
        Tensor c = Tensor.of(new double[] {0.3, 0.05});
        double lr = 1 / hessianTrace(0.3);
        for (int k : new int[] {1, 3, 10}) {
            Tensor reverse = Hypergradients.unrolled(train, valid, w0, c, k, lr);
            Tensor forward = Hypergradients.unrolledForward(train, valid, w0, c, k, lr);
            for (int j = 0; j < 2; j++) {
                assertEquals(reverse.get(j), forward.get(j), 1e-12 + 1e-9 * Math.abs(reverse.get(j)), "K = " + k + ", c" + j);
                assertTrue(Math.abs(reverse.get(j)) > 1e-6, "K = " + k + ": a hypergradient that could be wrong");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Hypergradients.unrolledForward(train, valid, w0, c, 0, lr));
    }

    @Test
    void unrolledFromTheMinimumIsNeumannAndApproachesTheClosedForm() {
        double c = 0.1;
        double lr = 1 / hessianTrace(c);
        Tensor wStar = flat(RIDGE.solve(c));
        double exact = RIDGE.validationLossDerivative(c);
        double previous = Double.POSITIVE_INFINITY;
        for (int k : new int[] {5, 50, 300}) {
            double g = Hypergradients.unrolled(loss(DATA.xTrain(), DATA.yTrain(), true), loss(DATA.xValid(), DATA.yValid(),
                    false), wStar, Tensor.of(new double[] {c}, 1), k, lr).item();
            assertEquals(hypergradient(c, Inverse.neumann(k - 1, lr)), g, 1e-9 * Math.abs(exact), "K = " + k);
            double err = Math.abs(g - exact);
            assertTrue(err < previous, "K = " + k + ": error " + err + " after " + previous);
            previous = err;
        }
    }

    /**
     * Input dropout at rate p through its expected training loss (the Bernoulli masks have no derivative in p):
     * {@code (1/N)‖Xw + b − y‖² + r·wᵀDw}, r = p/(1 − p), D = diag(XᵀX/N), as {@link DropoutRegressionProblem}
     * derives it; λ is p itself.
     */
    static BiFunction<Var, Var, Var> expectedDropoutLoss(Tensor x, Tensor y) {
        int n = x.dim(0);
        double[] moments = new double[D];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                moments[j] += x.get(i, j) * x.get(i, j) / n;
            }
        }
        Var dm = Var.constant(Tensor.wrap(moments, D));
        BiFunction<Var, Var, Var> mse = loss(x, y, false);
        return (theta, p) -> {
            Var w = theta.slice(0, 0, D);
            Var r = p.reshape().div(p.reshape().neg().add(1.0));
            return mse.apply(theta, p).add(w.square().mul(dm).sum().mul(r));
        };
    }

    @Test
    void exactInverseOnInputDropoutIsTheClosedForm() {
        DropoutRegressionProblem dropout = new DropoutRegressionProblem(DATA);
        for (double p : new double[] {0.05, 0.3, 0.6}) {
            double exact = dropout.validationLossDerivative(p);
            double ift = Hypergradients.implicit(expectedDropoutLoss(DATA.xTrain(), DATA.yTrain()),
                    loss(DATA.xValid(), DATA.yValid(), false), flat(dropout.solve(p)), Tensor.of(new double[] {p}, 1),
                    Inverse.exact()).item();
            assertEquals(exact, ift, 1e-8 * Math.max(1, Math.abs(exact)), "p = " + p);
            assertTrue(Math.abs(exact) > 1e-4, "p = " + p + ": a derivative that could be wrong");
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Inverse.neumann(5, 0));
        assertThrows(IllegalArgumentException.class, () -> Inverse.cg(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Hypergradients.implicit((w, c) -> w.sum(),
                (w, c) -> w.sum(), Tensor.zeros(2, 2), Tensor.zeros(1), Inverse.exact()));
    }
}
