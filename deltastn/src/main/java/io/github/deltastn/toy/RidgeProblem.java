package io.github.deltastn.toy;

import io.github.deltastn.hyper.Transform;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Linear regression with weight decay on the weights and an unpenalised bias (Fig. 3, top row).
 *
 * <p>Training objective, for X [N, d], y [N] and c > 0:
 * <pre>
 *   L_T(w, b) = (1/N)‖X w + b·1 − y‖² + c‖w‖².
 * </pre>
 * Setting ∂L_T/∂b = 0 gives b = ȳ − x̄ᵀw (x̄, ȳ training means); substituting decouples w:
 * <pre>
 *   w*(c) = (H + cI)⁻¹ g,   H = X_cᵀX_c/N,   g = X_cᵀy_c/N,   b*(c) = ȳ − x̄ᵀw*(c),
 * </pre>
 * with X_c, y_c the centred training data. Validation loss (no penalty):
 * L_V(c) = (1/N_v)‖X_v w* + b* − y_v‖². Best-response Jacobian (differentiate (H + cI)w* = g):
 * <pre>
 *   dw*(c)/dc = −(H + cI)⁻¹ w*,   db*(c)/dc = −x̄ᵀ dw*(c)/dc,
 *   dL_V/dc = (2/N_v) (X_v w* + b* − y_v)ᵀ (X_v dw*(c)/dc + db*(c)/dc).
 * </pre>
 *
 * <p>[U] choices: the trainers' transform is c = exp(u) (algorithm.md §11 suggests {@code exp} for
 * weight decay) and their start is c₀ = {@value #INITIAL_WEIGHT_DECAY}; λ* is searched on a grid uniform
 * in ln c over [1e-6, 1e4] by default (401 points, 0.025 decades apart) refined by golden section to
 * 1e-10 in ln c.
 */
public final class RidgeProblem extends LinearRegressionProblem {
    /** The trainers' initial weight decay c₀ (a [U] choice; u₀ = ln 0.01 ≈ −4.6052). */
    public static final double INITIAL_WEIGHT_DECAY = 1e-2;
    /** Default search interval [1e-6, 1e4] for c and the grid size (uniform in ln c). */
    public static final double DEFAULT_MIN_DECAY = 1e-6;
    public static final double DEFAULT_MAX_DECAY = 1e4;
    public static final int DEFAULT_GRID_POINTS = 401;
    /** Golden-section stopping width in ln c. */
    public static final double SEARCH_TOLERANCE = 1e-10;

    private final DMatrixRMaj h;
    private final double[] g;
    private final double minDecay;
    private final double maxDecay;
    private final int gridPoints;
    private volatile HyperOptimum optimum;

    /** The problem on {@code data} as given (standardise first if wanted) with the default search interval. */
    public RidgeProblem(RegressionData data) {
        this(data, DEFAULT_MIN_DECAY, DEFAULT_MAX_DECAY, DEFAULT_GRID_POINTS);
    }

    /**
     * The problem with a custom search interval [minDecay, maxDecay] for λ* and grid size (uniform in ln c).
     *
     * @throws IllegalArgumentException unless 0 &lt; minDecay &lt; maxDecay &lt; ∞ (finite) and gridPoints ≥ 3
     */
    public RidgeProblem(RegressionData data, double minDecay, double maxDecay, int gridPoints) {
        super("RidgeProblem", data);
        String m = "RidgeProblem";
        Checks.requirePositive(m, "minDecay", minDecay);
        Checks.requirePositive(m, "maxDecay", maxDecay);
        if (!(maxDecay > minDecay) || gridPoints < 3) {
            throw new IllegalArgumentException(m + ": need minDecay < maxDecay and gridPoints >= 3, got minDecay="
                    + minDecay + ", maxDecay=" + maxDecay + ", gridPoints=" + gridPoints);
        }
        DMatrixRMaj xc = new DMatrixRMaj(n, d);
        DMatrixRMaj yc = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xc.data[i * d + j] = xTrain[i * d + j] - xMean[j];
            }
            yc.data[i] = yTrain[i] - yMean;
        }
        this.h = CommonOps_DDRM.multTransA(1.0 / n, xc, xc, null);
        this.g = CommonOps_DDRM.multTransA(1.0 / n, xc, yc, null).data.clone();
        Checks.requireFiniteGram(m, h.data, g);
        this.minDecay = minDecay;
        this.maxDecay = maxDecay;
        this.gridPoints = gridPoints;
    }

    /** H = X_cᵀX_c/N, the [d, d] centred training second-moment matrix (a copy). */
    public DMatrixRMaj centeredGram() {
        return h.copy();
    }

    @Override
    public String hyperparameterName() {
        return "weight decay c";
    }

    @Override
    public double initialValue() {
        return INITIAL_WEIGHT_DECAY;
    }

    /** c = exp(u). */
    @Override
    public Transform transform() {
        return Transform.EXP;
    }

    private LinearSolverDense<DMatrixRMaj> factor(String method, double c) {
        Checks.requirePositive(method, "weight decay c", c);
        DMatrixRMaj a = h.copy();
        for (int j = 0; j < d; j++) {
            a.data[j * d + j] += c;
        }
        return Linalg.cholesky(method, a);
    }

    /**
     * w*(c) = (H + cI)⁻¹ g, b*(c) = ȳ − x̄ᵀw*, and the Jacobian (dw*(c)/dc, db*(c)/dc) = (−(H + cI)⁻¹ w*, −x̄ᵀ dw*(c)/dc)
     * with respect to c (multiply by c for the derivative with respect to u = ln c).
     */
    @Override
    LinearWeights[] bestResponse(String where, double c, boolean withJacobian) {
        LinearSolverDense<DMatrixRMaj> solver = factor(where, c);
        LinearWeights wb = solve(solver);
        return withJacobian ? new LinearWeights[] {wb, slope(solver, wb.w())} : new LinearWeights[] {wb};
    }

    private LinearWeights solve(LinearSolverDense<DMatrixRMaj> solver) {
        double[] w = Linalg.solve(solver, g);
        return new LinearWeights(w, yMean - Linalg.dot(xMean, w));
    }

    private LinearWeights slope(LinearSolverDense<DMatrixRMaj> solver, double[] w0) {
        double[] v = Linalg.solve(solver, w0);
        for (int j = 0; j < d; j++) {
            v[j] = -v[j];
        }
        return new LinearWeights(v, -Linalg.dot(xMean, v));
    }

    /**
     * The minimiser (Θ, θ_b) of the centred-hypernetwork objective for a perturbation in c itself
     * (identity transform), at a given centre (c₀, w₀, b₀):
     * <pre>
     *   E_{ε~N(0,σ²)} L_T(c₀ + ε, w₀ + Θε, b₀ + θ_b ε)
     *     = const + σ²[(1/N)‖XΘ + θ_b·1‖² + c₀‖Θ‖² + 2 w₀ᵀΘ]   (odd moments vanish)
     *   ⇒ θ_b = −x̄ᵀΘ,   Θ = −(H + c₀I)⁻¹ w₀,
     * </pre>
     * for any σ and b₀. When w₀ = w*(c₀) this is exactly {@link #bestResponseJacobian}(c₀)
     * (Theorem 3 of the paper; algorithm.md §11).
     *
     * @param w0 [d] centre weights
     */
    public LinearWeights optimalResponseSlope(double c0, double[] w0) {
        String m = "RidgeProblem.optimalResponseSlope";
        Checks.requireLength(m, "w0", w0, d);
        return slope(factor(m, c0), w0);
    }

    /** {@link #optimalResponseSlope}{@code (c, at.w())}: {@code (−(H + cI)⁻¹w, x̄ᵀ(H + cI)⁻¹w)}. */
    @Override
    public LinearWeights responseAt(double c, LinearWeights at) {
        String m = "RidgeProblem.responseAt";
        Checks.requireWeights(m, at, d);
        return slope(factor(m, c), at.w());
    }

    /**
     * The same minimiser when the perturbation acts on u = ln c, as in a trainer using c = exp(u):
     * with k = E[e^ε] = e^{σ²/2}, E[εe^ε] = σ²k and E[ε²e^ε] = σ²(1 + σ²)k,
     * <pre>
     *   E_ε L_T(c₀e^ε, w₀ + Θε, b₀ + θ_b ε)
     *     = const + σ²[(1/N)‖XΘ + θ_b·1‖² + c₀k(1 + σ²)‖Θ‖² + 2c₀k w₀ᵀΘ]
     *   ⇒ θ_b = −x̄ᵀΘ,   Θ = −c₀k (H + c₀k(1 + σ²) I)⁻¹ w₀.
     * </pre>
     * Unlike the identity-transform case this depends on σ and differs from the true slope
     * dw*(e^u)/du = −c₀(H + c₀I)⁻¹w*(c₀) for every σ &gt; 0 (it tends to it as σ → 0).
     *
     * @param sigma perturbation scale σ ≥ 0 in u-space
     * @param w0    [d] centre weights
     */
    public LinearWeights optimalLogResponseSlope(double c0, double sigma, double[] w0) {
        String m = "RidgeProblem.optimalLogResponseSlope";
        Checks.requirePositive(m, "weight decay c0", c0);
        if (!(sigma >= 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException(m + ": sigma must be finite and >= 0, got " + sigma);
        }
        Checks.requireLength(m, "w0", w0, d);
        double k = Math.exp(0.5 * sigma * sigma);
        LinearWeights s = slope(factor(m, c0 * k * (1.0 + sigma * sigma)), w0);
        double[] v = s.w();
        for (int j = 0; j < d; j++) {
            v[j] *= c0 * k;
        }
        return new LinearWeights(v, s.bias() * c0 * k);
    }

    /** L_T(w, b) = (1/N)‖X w + b − y‖² + c‖w‖² on the training split, for any weights. */
    public double trainingLoss(double c, LinearWeights weights) {
        String m = "RidgeProblem.trainingLoss";
        Checks.requirePositive(m, "weight decay c", c);
        Checks.requireWeights(m, weights, d);
        return Linalg.meanSquaredError(xTrain, yTrain, weights.w(), weights.bias())
                + c * Linalg.dot(weights.w(), weights.w());
    }

    /** c* by a grid uniform in ln c over the search interval, refined by golden section in ln c. */
    @Override
    public HyperOptimum optimum() {
        HyperOptimum o = optimum;
        if (o == null) {
            ScalarMinimizer.Result r = ScalarMinimizer.minimize(s -> validationLoss(Math.exp(s)),
                    Math.log(minDecay), Math.log(maxDecay), gridPoints, SEARCH_TOLERANCE);
            double c = Math.exp(r.argmin());
            o = new HyperOptimum(c, r.argmin(), r.value(), Math.exp(r.bracketLo()), Math.exp(r.bracketHi()),
                    minDecay, maxDecay, r.tolerance(), "ln c", r.interior());
            optimum = o;
        }
        return o;
    }
}
