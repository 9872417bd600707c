package io.github.deltastn.toy;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.hyper.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A deep linear network with a penalty on the norm of its input Jacobian (Fig. 4).
 *
 * <p><b>Model.</b> Layers W_1 [h_1, d], W_2 [h_2, h_1], …, W_L [1, h_{L−1}] (no activation; L = 6 for
 * the paper's 5 hidden layers) and one scalar output bias b:
 * f(x) = W_L⋯W_1 x + b = A x + b. The input Jacobian ∂f/∂x is the end-to-end product A [1, d], so
 * <pre>
 *   L_T(W_1, …, W_L, b) = (1/N)‖X Aᵀ + b·1 − y‖² + c‖A‖²_F.
 * </pre>
 *
 * <p><b>Why λ* equals the ridge λ*.</b> L_T depends on the layers only through A, and equals the ridge
 * objective of {@link RidgeProblem} at w = Aᵀ. Hence every choice of layers has L_T ≥ the ridge
 * minimum. Conversely, when every hidden width is ≥ the output dimension (1 here), every A ∈ R^{1×d}
 * is a product of such layers (e.g. W_1 = e_1wᵀ, W_k = e_1e_1ᵀ, W_L = e_1ᵀ; {@link #factorize} gives
 * a generic one), so the ridge minimum is attained and every global minimiser has A = w*(c)ᵀ,
 * b = b*(c). Validation predictions depend only on (A, b), so L_V(c), dL_V/dc and c* are those of
 * ridge on the same data. The weight-space minimiser is not unique (W_{k+1}W_k is invariant under
 * W_k → S W_k, W_{k+1} → W_{k+1}S⁻¹), but the end-to-end map and λ* are.
 *
 * <p>[U] choices: a single output bias (per-layer biases would keep f affine with the same Jacobian A
 * and an unconstrained total bias, so the exact answers would not change); hidden width d
 * ({@link #defaultWidths}); transform c = exp(u) and start c₀ = {@value #INITIAL_PENALTY}, as for weight
 * decay.
 */
public final class JacobianNormProblem implements ExactHyperProblem {
    /** Number of hidden layers of the paper's network. */
    public static final int HIDDEN_LAYERS = 5;
    /** The trainers' initial penalty coefficient c₀ (a [U] choice, as for weight decay). */
    public static final double INITIAL_PENALTY = 1e-2;

    private final RidgeProblem ridge;
    private final RegressionData data;

    /** The problem on {@code data} as given, with ridge's default search interval for c*. */
    public JacobianNormProblem(RegressionData data) {
        this(new RidgeProblem(data));
    }

    /** The problem sharing data and search settings with {@code ridge}. */
    public JacobianNormProblem(RidgeProblem ridge) {
        Checks.requireNotNull("JacobianNormProblem", "ridge", ridge);
        this.ridge = ridge;
        this.data = ridge.data();
    }

    /** The equivalent ridge problem (same data, same exact answers). */
    public RidgeProblem ridge() {
        return ridge;
    }

    /** Layer sizes [d, d, d, d, d, d, 1]: input d, {@value #HIDDEN_LAYERS} hidden layers of width d, output 1. */
    public static int[] defaultWidths(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("JacobianNormProblem.defaultWidths: d must be >= 1, got " + d);
        }
        int[] widths = new int[HIDDEN_LAYERS + 2];
        Arrays.fill(widths, d);
        widths[HIDDEN_LAYERS + 1] = 1;
        return widths;
    }

    @Override
    public String hyperparameterName() {
        return "Jacobian-norm coefficient c";
    }

    @Override
    public double initialValue() {
        return INITIAL_PENALTY;
    }

    /** c = exp(u). */
    @Override
    public Transform transform() {
        return Transform.EXP;
    }

    /** The optimal end-to-end map: (Aᵀ, b) = ridge (w*(c), b*(c)). */
    @Override
    public LinearWeights solve(double c) {
        Checks.requirePositive("JacobianNormProblem.solve", "penalty c", c);
        return ridge.solve(c);
    }

    /** Ridge's {@link RidgeProblem#responseAt} for the end-to-end map (Aᵀ, b) {@code at}. */
    @Override
    public LinearWeights responseAt(double c, LinearWeights at) {
        Checks.requirePositive("JacobianNormProblem.responseAt", "penalty c", c);
        return ridge.responseAt(c, at);
    }

    @Override
    public double validationLoss(double c) {
        Checks.requirePositive("JacobianNormProblem.validationLoss", "penalty c", c);
        return ridge.validationLoss(c);
    }

    @Override
    public double validationLossDerivative(double c) {
        Checks.requirePositive("JacobianNormProblem.validationLossDerivative", "penalty c", c);
        return ridge.validationLossDerivative(c);
    }

    @Override
    public double testLoss(double c) {
        Checks.requirePositive("JacobianNormProblem.testLoss", "penalty c", c);
        return ridge.testLoss(c);
    }

    @Override
    public HyperOptimum optimum() {
        return ridge.optimum();
    }

    /**
     * The end-to-end product A = W_L⋯W_1.
     *
     * @param layers W_1 [h_1, d], …, W_L [h_L, h_{L−1}]
     * @return A with shape [h_L, d]
     * @throws IllegalArgumentException if the list is empty, a layer is not a finite matrix, or
     *         consecutive shapes do not chain
     */
    public static Tensor endToEnd(List<Tensor> layers) {
        String m = "JacobianNormProblem.endToEnd";
        requireChain(m, layers);
        DMatrixRMaj a = Linalg.matrix(layers.get(0));
        for (int k = 1; k < layers.size(); k++) {
            a = CommonOps_DDRM.mult(Linalg.matrix(layers.get(k)), a, null);
        }
        return Tensor.wrap(a.data.clone(), a.numRows, a.numCols);
    }

    private static void requireChain(String m, List<Tensor> layers) {
        Checks.requireNotNull(m, "layers", layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(m + ": layers is empty, expected at least one [out, in] matrix");
        }
        for (int k = 0; k < layers.size(); k++) {
            Checks.requireMatrix(m, "layers[" + k + "]", layers.get(k));
            if (k > 0 && layers.get(k).dim(1) != layers.get(k - 1).dim(0)) {
                throw new IllegalArgumentException(m + ": layers[" + k + "] has shape " + Shape.str(layers.get(k).shape())
                        + " but layers[" + (k - 1) + "] has shape " + Shape.str(layers.get(k - 1).shape())
                        + ", expected " + layers.get(k - 1).dim(0) + " input columns");
            }
        }
    }

    /** A for a network on this problem's data: must be [1, d]. */
    private double[] map(String m, List<Tensor> layers) {
        requireChain(m, layers);
        int d = data.features();
        if (layers.get(0).dim(1) != d || layers.get(layers.size() - 1).dim(0) != 1) {
            throw new IllegalArgumentException(m + ": the layers map " + layers.get(0).dim(1) + " inputs to "
                    + layers.get(layers.size() - 1).dim(0) + " outputs, expected " + d + " inputs and 1 output");
        }
        return endToEnd(layers).data();
    }

    /** ‖A‖²_F = ‖W_L⋯W_1‖²_F, the squared Frobenius norm of the network's input Jacobian. */
    public static double jacobianPenalty(List<Tensor> layers) {
        double[] a = endToEnd(layers).data();
        return Linalg.dot(a, a);
    }

    /** The data term (1/N)‖X Aᵀ + b − y‖² on the training split. */
    public double trainingDataLoss(List<Tensor> layers, double bias) {
        String m = "JacobianNormProblem.trainingDataLoss";
        Checks.requireFinite(m, "bias", bias);
        return Linalg.meanSquaredError(data.xTrain().data(), data.yTrain().data(), map(m, layers), bias);
    }

    /** L_T = (1/N)‖X Aᵀ + b − y‖² + c‖A‖²_F. */
    public double trainingLoss(double c, List<Tensor> layers, double bias) {
        String m = "JacobianNormProblem.trainingLoss";
        Checks.requirePositive(m, "penalty c", c);
        Checks.requireFinite(m, "bias", bias);
        double[] a = map(m, layers);
        return Linalg.meanSquaredError(data.xTrain().data(), data.yTrain().data(), a, bias) + c * Linalg.dot(a, a);
    }

    /** Mean squared validation error (1/N_v)‖X_v Aᵀ + b − y_v‖² of the network. */
    public double validationLoss(List<Tensor> layers, double bias) {
        String m = "JacobianNormProblem.validationLoss";
        Checks.requireFinite(m, "bias", bias);
        return Linalg.meanSquaredError(data.xValid().data(), data.yValid().data(), map(m, layers), bias);
    }

    /**
     * A generic factorisation of the row vector wᵀ into layers of the given sizes: W_2, …, W_L are drawn
     * N(0, 1/fan_in) from {@code rng}; with v = W_L⋯W_2 [1, h_1], W_1 = vᵀwᵀ/‖v‖² + (I − vᵀv/‖v‖²)R for a
     * random R, so that v W_1 = wᵀ exactly (up to rounding) while W_1 is dense.
     *
     * @param w      [d] target end-to-end map (e.g. ridge w*)
     * @param widths layer sizes [d, h_1, …, h_{L−1}, 1], each ≥ 1, at least two entries
     * @return the layers W_1 … W_L
     */
    public static List<Tensor> factorize(double[] w, int[] widths, Rng rng) {
        String m = "JacobianNormProblem.factorize";
        Checks.requireNotNull(m, "w", w);
        Checks.requireNotNull(m, "widths", widths);
        Checks.requireNotNull(m, "rng", rng);
        if (widths.length < 2 || widths[0] != w.length || widths[widths.length - 1] != 1
                || Arrays.stream(widths).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException(m + ": widths " + Arrays.toString(widths) + " invalid for w of length "
                    + w.length + ", expected [" + w.length + ", h_1 >= 1, ..., 1]");
        }
        Checks.requireAllFinite(m, "w", w);
        int layersCount = widths.length - 1;
        List<Tensor> layers = new ArrayList<>(layersCount);
        layers.add(null);
        for (int k = 1; k < layersCount; k++) {
            layers.add(Tensor.normal(rng, 0.0, 1.0 / Math.sqrt(widths[k]), widths[k + 1], widths[k]));
        }
        int h1 = widths[1];
        int d = widths[0];
        double[] v;
        if (layersCount == 1) {
            v = new double[] {1.0};
        } else {
            v = endToEnd(layers.subList(1, layersCount)).data();
        }
        double vv = Linalg.dot(v, v);
        if (!(vv > 0.0)) {
            throw new IllegalArgumentException(m + ": the random upper layers multiply to zero; retry with another rng state");
        }
        DMatrixRMaj r = new DMatrixRMaj(h1, d, true, Tensor.normal(rng, 0.0, 1.0 / Math.sqrt(d), h1, d).data());
        DMatrixRMaj vCol = new DMatrixRMaj(h1, 1, true, v);
        DMatrixRMaj vr = CommonOps_DDRM.multTransA(vCol, r, null);
        double[] w1 = new double[h1 * d];
        for (int i = 0; i < h1; i++) {
            for (int j = 0; j < d; j++) {
                w1[i * d + j] = v[i] * w[j] / vv + r.get(i, j) - v[i] * vr.get(0, j) / vv;
            }
        }
        layers.set(0, Tensor.wrap(w1, h1, d));
        return layers;
    }
}
