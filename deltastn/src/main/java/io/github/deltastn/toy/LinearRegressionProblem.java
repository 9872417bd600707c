package io.github.deltastn.toy;

/**
 * What the exact linear-regression problems share: the training data and its means, and the validation and
 * test losses of the best response (w*(λ), b*(λ)), with the derivative of the validation loss
 * {@code dL_V/dλ = (2/N_v) (X_v w* + b* − y_v)ᵀ (X_v dw*(λ)/dλ + db*(λ)/dλ)}. A problem supplies the best response
 * and its Jacobian from one factorisation of its normal equations.
 */
public abstract sealed class LinearRegressionProblem implements ExactHyperProblem
        permits RidgeProblem, DropoutRegressionProblem {
    final RegressionData data;
    final int n;
    final int d;
    final double[] xTrain;
    final double[] yTrain;
    final double[] xMean;
    final double yMean;
    private final String name;

    LinearRegressionProblem(String name, RegressionData data) {
        Checks.requireNotNull(name, "data", data);
        this.name = name;
        this.data = data;
        this.n = data.nTrain();
        this.d = data.features();
        this.xTrain = data.xTrain().data();
        this.yTrain = data.yTrain().data();
        this.xMean = Linalg.columnMeans(xTrain, n, d);
        this.yMean = Linalg.mean(yTrain);
    }

    /**
     * (w*(λ), b*(λ)) and, when {@code withJacobian}, (dw*(λ)/dλ, db*(λ)/dλ) as a second element, from one
     * factorisation; {@code where} names the caller in the error for a λ outside the domain.
     */
    abstract LinearWeights[] bestResponse(String where, double lambda, boolean withJacobian);

    /** The data this problem was built on. */
    public RegressionData data() {
        return data;
    }

    @Override
    public LinearWeights solve(double lambda) {
        return bestResponse(name + ".solve", lambda, false)[0];
    }

    /** The best-response Jacobian (dw*(λ)/dλ, db*(λ)/dλ). */
    public LinearWeights bestResponseJacobian(double lambda) {
        return bestResponse(name + ".bestResponseJacobian", lambda, true)[1];
    }

    /** Mean squared validation error (1/N_v)‖X_v w + b − y_v‖² of any weights (no regulariser). */
    public double validationLoss(LinearWeights weights) {
        Checks.requireWeights(name + ".validationLoss", weights, d);
        return Linalg.meanSquaredError(data.xValid().data(), data.yValid().data(), weights.w(), weights.bias());
    }

    @Override
    public double validationLoss(double lambda) {
        LinearWeights wb = bestResponse(name + ".validationLoss", lambda, false)[0];
        return Linalg.meanSquaredError(data.xValid().data(), data.yValid().data(), wb.w(), wb.bias());
    }

    @Override
    public double validationLossDerivative(double lambda) {
        LinearWeights[] r = bestResponse(name + ".validationLossDerivative", lambda, true);
        return Linalg.meanSquaredErrorDirectional(data.xValid().data(), data.yValid().data(), r[0].w(), r[0].bias(),
                r[1].w(), r[1].bias());
    }

    @Override
    public double testLoss(double lambda) {
        data.requireTest(name + ".testLoss");
        LinearWeights wb = bestResponse(name + ".testLoss", lambda, false)[0];
        return Linalg.meanSquaredError(data.xTest().data(), data.yTest().data(), wb.w(), wb.bias());
    }
}
