package io.github.deltastn.toy;

import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Transform;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Linear regression with inverted input dropout at rate p on the features, not the bias (Fig. 3,
 * bottom row).
 *
 * <p><b>Model.</b> For training example i the network sees x̃_ij = x_ij·m_ij/(1 − p) with independent
 * masks m_ij ~ Bernoulli(1 − p) (one per example and feature, the raw — uncentred — features as fed
 * to the model) and predicts ŷ_i = Σ_j x̃_ij w_j + b.
 *
 * <p><b>Expected training loss (derivation).</b> E[m/(1 − p)] = 1 and
 * Var[m/(1 − p)] = p(1 − p)/(1 − p)² = p/(1 − p), so E ŷ_i = x_iᵀw + b and, by independence over j,
 * Var ŷ_i = (p/(1 − p)) Σ_j x_ij² w_j². With E(ŷ − y)² = (E ŷ − y)² + Var ŷ and the mean over i,
 * <pre>
 *   E_m L_T(w, b) = (1/N)‖X w + b·1 − y‖² + r·wᵀ D w,   r = p/(1 − p),   D = diag(XᵀX/N),
 * </pre>
 * where D holds the <em>uncentred</em> second moments (1/N)Σ_i x_ij². The bias is not dropped, so it
 * appears only in the data term. Setting the gradient to zero gives the (d+1)-dimensional normal
 * equations, solved by Cholesky:
 * <pre>
 *   M(r) [w; b] = [Xᵀy/N; ȳ],   M(r) = [ XᵀX/N + rD   x̄ ]
 *                                      [ x̄ᵀ           1 ].
 * </pre>
 * M(r) is positive definite for r > 0 when no training column is identically zero. On standardised
 * data (training columns with mean 0 and (1/N)Σx² = 1) D = I and x̄ = 0, so the problem is exactly
 * ridge with c = p/(1 − p) ({@link #equivalentWeightDecay}).
 *
 * <p><b>Validation</b> is without dropout: L_V(p) = (1/N_v)‖X_v w*(p) + b*(p) − y_v‖². Its derivative
 * follows from dM/dr = blockdiag(D, 0): d[w; b]/dr = −M⁻¹[D w*; 0], dr/dp = 1/(1 − p)².
 *
 * <p>[U] choices: transform p = p_max·sigmoid(u) ({@code s_sigmoid} on (0, p_max), algorithm.md §2.2)
 * with p_max = {@value #DEFAULT_MAX_RATE} as for every dropout in the reference code; trainers start at
 * p₀ = {@value #INITIAL_DROPOUT} (u₀ = −2.8904); λ* is searched on a grid uniform in p over
 * [10⁻³·p_max, p_max] (951 points by default), refined by golden section in p to 1e-10.
 */
public final class DropoutRegressionProblem extends LinearRegressionProblem {
    /** The trainers' initial dropout rate p₀ (as for every dropout in the reference code). */
    public static final double INITIAL_DROPOUT = 0.05;
    /** Default upper end p_max of the dropout domain (0, p_max). */
    public static final double DEFAULT_MAX_RATE = 0.95;
    public static final int DEFAULT_GRID_POINTS = 951;
    /** Golden-section stopping width in p. */
    public static final double SEARCH_TOLERANCE = 1e-10;

    private final DMatrixRMaj gram;
    private final double[] moments;
    private final double[] rhs;
    private final double maxRate;
    private final int gridPoints;
    private final Transform transform;
    private volatile HyperOptimum optimum;

    /** The problem on {@code data} as given, with p_max = 0.95 and the default grid. */
    public DropoutRegressionProblem(RegressionData data) {
        this(data, DEFAULT_MAX_RATE, DEFAULT_GRID_POINTS);
    }

    /**
     * @param maxRate    p_max ∈ (0, 1): the domain of p is (0, p_max)
     * @param gridPoints grid size for λ* (≥ 3)
     * @throws IllegalArgumentException on bad arguments or a training feature column that is all zero
     *         (then D is singular and dropout does not regularise it)
     */
    public DropoutRegressionProblem(RegressionData data, double maxRate, int gridPoints) {
        super("DropoutRegressionProblem", data);
        String m = "DropoutRegressionProblem";
        Checks.requireOpenUnit(m, "maxRate", maxRate);
        if (gridPoints < 3) {
            throw new IllegalArgumentException(m + ": gridPoints must be >= 3, got " + gridPoints);
        }
        DMatrixRMaj x = Linalg.matrix(data.xTrain());
        this.gram = CommonOps_DDRM.multTransA(1.0 / n, x, x, null);
        this.moments = new double[d];
        for (int j = 0; j < d; j++) {
            moments[j] = gram.get(j, j);
            if (!(moments[j] > 0.0)) {
                throw new IllegalArgumentException(m + ": training feature " + j
                        + " is zero in every row, expected every column to have a positive second moment");
            }
        }
        double[] xty = CommonOps_DDRM.multTransA(1.0 / n, x, Linalg.column(yTrain), null).data;
        Checks.requireFiniteGram(m, gram.data, xty);
        this.rhs = new double[d + 1];
        System.arraycopy(xty, 0, rhs, 0, d);
        rhs[d] = yMean;
        this.maxRate = maxRate;
        this.gridPoints = gridPoints;
        this.transform = Transform.sSigmoid(0.0, maxRate);
    }

    /** r = p/(1 − p): the ridge coefficient dropout at rate p amounts to on standardised features. */
    public static double equivalentWeightDecay(double p) {
        Checks.requireOpenUnit("DropoutRegressionProblem.equivalentWeightDecay", "dropout rate p", p);
        return p / (1.0 - p);
    }

    /** p_max, the upper end of the domain (0, p_max). */
    public double maxRate() {
        return maxRate;
    }

    /** diag(XᵀX/N): the uncentred training second moments of the features (a copy). */
    public double[] featureSecondMoments() {
        return moments.clone();
    }

    @Override
    public String hyperparameterName() {
        return "dropout rate p";
    }

    @Override
    public double initialValue() {
        return INITIAL_DROPOUT;
    }

    /** p = p_max·sigmoid(u), the stretched sigmoid on (0, p_max). */
    @Override
    public Transform transform() {
        return transform;
    }

    private LinearSolverDense<DMatrixRMaj> factor(String method, double p) {
        Checks.requireOpenUnit(method, "dropout rate p", p);
        double r = p / (1.0 - p);
        DMatrixRMaj a = new DMatrixRMaj(d + 1, d + 1);
        CommonOps_DDRM.insert(gram, a, 0, 0);
        for (int j = 0; j < d; j++) {
            a.add(j, j, r * moments[j]);
            a.set(j, d, xMean[j]);
            a.set(d, j, xMean[j]);
        }
        a.set(d, d, 1.0);
        return Linalg.cholesky(method, a);
    }

    private static LinearWeights split(double[] theta) {
        int d = theta.length - 1;
        double[] w = new double[d];
        System.arraycopy(theta, 0, w, 0, d);
        return new LinearWeights(w, theta[d]);
    }

    /** {@code −M⁻¹[D w; 0] / (1 − p)²} with the given weights w in place of w*(p). */
    @Override
    public LinearWeights responseAt(double p, LinearWeights at) {
        String m = "DropoutRegressionProblem.responseAt";
        Checks.requireWeights(m, at, d);
        return jacobian(factor(m, p), at, p);
    }

    /**
     * (w*(p), b*(p)) from the (d+1)-dimensional normal equations M(r)[w; b] = [Xᵀy/N; ȳ] (requires
     * p ∈ (0, 1)) and the Jacobian (dw*(p)/dp, db*(p)/dp) = −M⁻¹[D w*; 0] / (1 − p)².
     */
    @Override
    LinearWeights[] bestResponse(String where, double p, boolean withJacobian) {
        LinearSolverDense<DMatrixRMaj> solver = factor(where, p);
        LinearWeights wb = solve(solver);
        return withJacobian ? new LinearWeights[] {wb, jacobian(solver, wb, p)} : new LinearWeights[] {wb};
    }

    private LinearWeights solve(LinearSolverDense<DMatrixRMaj> solver) {
        return split(Linalg.solve(solver, rhs));
    }

    private LinearWeights jacobian(LinearSolverDense<DMatrixRMaj> solver, LinearWeights wb, double p) {
        double[] b = new double[d + 1];
        for (int j = 0; j < d; j++) {
            b[j] = moments[j] * wb.w()[j];
        }
        double[] v = Linalg.solve(solver, b);
        double drdp = 1.0 / ((1.0 - p) * (1.0 - p));
        for (int j = 0; j <= d; j++) {
            v[j] *= -drdp;
        }
        return split(v);
    }

    /**
     * The closed-form expected training loss (1/N)‖X w + b − y‖² + (p/(1 − p))·wᵀ diag(XᵀX/N) w for any
     * weights.
     */
    public double expectedTrainingLoss(double p, LinearWeights weights) {
        String m = "DropoutRegressionProblem.expectedTrainingLoss";
        Checks.requireOpenUnit(m, "dropout rate p", p);
        Checks.requireWeights(m, weights, d);
        double[] w = weights.w();
        double penalty = 0;
        for (int j = 0; j < d; j++) {
            penalty += moments[j] * w[j] * w[j];
        }
        return Linalg.meanSquaredError(xTrain, yTrain, w, weights.bias()) + p / (1.0 - p) * penalty;
    }

    /**
     * The training loss under one dropout draw: (1/N) Σ_i (Σ_j x_ij m_ij w_j/(1 − p) + b − y_i)².
     *
     * @param mask [N, d] keep-mask with entries 0 (dropped) or 1 (kept)
     */
    public double maskedTrainingLoss(double p, LinearWeights weights, Tensor mask) {
        String m = "DropoutRegressionProblem.maskedTrainingLoss";
        Checks.requireOpenUnit(m, "dropout rate p", p);
        Checks.requireWeights(m, weights, d);
        Checks.requireNotNull(m, "mask", mask);
        if (!mask.hasShape(n, d)) {
            throw new IllegalArgumentException(m + ": mask has shape " + Shape.str(mask.shape()) + ", expected ["
                    + n + ", " + d + "] like xTrain");
        }
        double[] mk = mask.data();
        for (int i = 0; i < mk.length; i++) {
            if (mk[i] != 0.0 && mk[i] != 1.0) {
                throw new IllegalArgumentException(m + ": mask entries must be 0 or 1, got " + mk[i] + " at flat index " + i);
            }
        }
        double[] w = weights.w();
        double scale = 1.0 / (1.0 - p);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = weights.bias() - yTrain[i];
            for (int j = 0; j < d; j++) {
                r += xTrain[i * d + j] * mk[i * d + j] * scale * w[j];
            }
            s += r * r;
        }
        return s / n;
    }

    /** p* by a grid uniform in p over [10⁻³·p_max, p_max], refined by golden section in p. */
    @Override
    public HyperOptimum optimum() {
        HyperOptimum o = optimum;
        if (o == null) {
            double lo = 1e-3 * maxRate;
            double hi = maxRate;
            ScalarMinimizer.Result r = ScalarMinimizer.minimize(this::validationLoss, lo, hi, gridPoints, SEARCH_TOLERANCE);
            double u = r.argmin() < maxRate ? toUnconstrained(r.argmin()) : Double.POSITIVE_INFINITY;
            o = new HyperOptimum(r.argmin(), u, r.value(), r.bracketLo(), r.bracketHi(), lo, hi, r.tolerance(), "p",
                    r.interior());
            optimum = o;
        }
        return o;
    }
}
