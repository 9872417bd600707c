package io.github.deltastn.toy;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.FullResponseLinear;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deep linear network {@code f(x) = W_L ⋯ W_1 x + bias} with {@link JacobianNormProblem#HIDDEN_LAYERS}
 * hidden layers of width {@code d} (paper Fig. 4) and the tuned Jacobian-norm penalty
 * {@code L_T = MSE + c ‖∂f/∂x‖²_F}. The input Jacobian of example {@code b} is the end-to-end product
 * {@code A_b}, computed by pushing the unit vectors through a network: {@code A_b e_j = f_b(e_j) − f_b(0)}.
 *
 * <p><b>Which network the penalty is taken on</b> ({@link PenaltyNetwork}). The penalty is a property of the
 * function, and Δ-STN trains Θ on the linearized function {@code y′ = f(x, w0) + J_yw Θε} (paper eq.
 * 3.11–3.13). {@link PenaltyNetwork#STEP} takes the penalty on the network the training step gives
 * ({@link HyperModel.Network}): the structured network for STN and centered STN, the linearized one in the
 * Δ-STN Θ step, whose Jacobian {@code A(w0) + Σ_i W_L⋯ΔW_i⋯W_1} is first order in ε — so the Θ objective
 * is the penalised loss of one linear model, as for ridge. {@link PenaltyNetwork#EXACT_WEIGHTS} always
 * takes it on the hypernetwork's weights {@code w0 + Θε}, a polynomial of degree 2L in ε (L = 6 layers),
 * beside a linearized data term; kept for comparison (EXPERIMENTS.md: it diverges at σ = 1).
 *
 * <p>Layers are {@link StructuredLinear} by default ({@link LinearRegressionModel.Response}); inputs are
 * optionally normalised with fixed training statistics, as in {@link LinearRegressionModel}, the penalty
 * staying on the Jacobian in the data's units.
 */
public final class DeepLinearModel implements HyperModel {
    /** The network the Jacobian-norm penalty is taken on. */
    public enum PenaltyNetwork { STEP, EXACT_WEIGHTS }

    private final int d;
    private final List<StructuredLinear> structured = new ArrayList<>();
    private final List<FullResponseLinear> full = new ArrayList<>();
    private final PenaltyNetwork penaltyNetwork;
    private final Set<String> response = new HashSet<>();
    private final Tensor mean;
    private final Tensor invScale;

    /** Structured layers, the penalty on the step's network, no input normalisation. */
    public DeepLinearModel(int features) {
        this(features, LinearRegressionModel.Response.STRUCTURED, PenaltyNetwork.STEP, null);
    }

    /**
     * @param inputs training statistics that normalise the inputs, or {@code null} to feed x as it is
     */
    public DeepLinearModel(int features, LinearRegressionModel.Response response, PenaltyNetwork penaltyNetwork,
                           Standardization inputs) {
        this.d = features;
        this.penaltyNetwork = penaltyNetwork;
        int[] widths = JacobianNormProblem.defaultWidths(features);
        for (int i = 0; i + 1 < widths.length; i++) {
            if (response == LinearRegressionModel.Response.FULL) {
                full.add(new FullResponseLinear("layer" + i, widths[i], widths[i + 1], 1));
                this.response.addAll(full.get(full.size() - 1).responseNames());
            } else {
                structured.add(new StructuredLinear("layer" + i, widths[i], widths[i + 1], 1));
                this.response.addAll(structured.get(structured.size() - 1).responseNames());
            }
        }
        if (inputs == null) {
            mean = null;
            invScale = null;
        } else {
            double[] s = inputs.featureScale();
            double[] inv = new double[features];
            for (int j = 0; j < features; j++) {
                inv[j] = 1.0 / s[j];
            }
            mean = Tensor.of(inputs.featureMean(), 1, features);
            invScale = Tensor.of(inv, 1, features);
        }
    }

    public PenaltyNetwork penaltyNetwork() {
        return penaltyNetwork;
    }

    @Override
    public int hyperDim() {
        return 1;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (StructuredLinear l : structured) {
            m.putAll(l.init(rng));
        }
        for (FullResponseLinear l : full) {
            m.putAll(l.init(rng));
        }
        return m;
    }

    @Override
    public boolean isResponse(String name) {
        return response.contains(name);
    }

    private Var forward(Params p, Var x, Var z) {
        Var y = mean == null ? x : x.sub(Var.constant(mean)).mul(Var.constant(invScale));
        for (StructuredLinear l : structured) {
            y = l.apply(p, y, z);
        }
        for (FullResponseLinear l : full) {
            y = l.apply(p, y, z);
        }
        return y;
    }

    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        return forward(p, x, z).reshape(-1);
    }

    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        return Losses.mse(y, Var.constant(batch.targets().reshape(-1)));
    }

    private static boolean rowsEqual(Tensor z) {
        double[] v = z.data();
        int h = z.dim(1);
        for (int i = h; i < v.length; i++) {
            if (v[i] != v[i % h]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The training loss at z = 0 as a function of c (for the gradient-based methods): {@code MSE + c·‖J‖²}, the
     * penalty being linear in c, taken once at c = 1 and scaled.
     */
    @Override
    public Var trainingLossIn(Params p, DataLoader.Batch b, Var lambda, Rng noise) {
        Var z = Var.constant(Tensor.zeros(b.size(), 1));
        Var mse = loss(predict(p, Var.constant(b.x()), z, null, false, null), b);
        Var unit = penalty(p, z, Tensor.ones(b.size(), 1), (x, zz) -> predict(p, x, zz, null, false, null));
        return mse.add(unit.mul(lambda.reshape()));
    }

    /** {@code (1/B) Σ_b c_b ‖A_b‖²_F}, {@code A_b} the input Jacobian of the network chosen by {@link PenaltyNetwork}. */
    @Override
    public Var penalty(Params p, Var z, Tensor hyper, Network network) {
        Network f = penaltyNetwork == PenaltyNetwork.STEP ? network : (x, zz) -> predict(p, x, zz, null, false, null);
        int b = z.shape()[0];
        int h = z.shape()[1];
        if (!z.requiresGrad() && z.tangent() == null && rowsEqual(z.value())) {
            // one hyper input for the whole batch (the w0 step: z = 0): one Jacobian, B times cheaper
            Var z1 = z.slice(0, 0, 1);
            double[] eye = new double[d * d];
            for (int j = 0; j < d; j++) {
                eye[j * d + j] = 1.0;
            }
            Var jac = f.apply(Var.constant(Tensor.wrap(eye, d, d)), z1.broadcastTo(d, h)).reshape(1, d)
                    .sub(f.apply(Var.constant(Tensor.zeros(1, d)), z1).reshape(1, 1));
            double meanC = 0;
            for (double c : hyper.data()) {
                meanC += c / b;
            }
            return jac.square().sum().mul(meanC);
        }
        // rows (b, j): the unit vector e_j with example b's hyper input
        double[] eye = new double[b * d * d];
        int[] rowOf = new int[b * d * h];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < d; j++) {
                eye[(i * d + j) * d + j] = 1.0;
                for (int k = 0; k < h; k++) {
                    rowOf[(i * d + j) * h + k] = i * h + k;
                }
            }
        }
        Var zRows = z.gather(rowOf, b * d, h);
        Var onUnits = f.apply(Var.constant(Tensor.wrap(eye, b * d, d)), zRows).reshape(b, d);
        Var atZero = f.apply(Var.constant(Tensor.zeros(b, d)), z).reshape(b, 1);
        Var jac = onUnits.sub(atZero);                                                    // row b = A_b
        return jac.square().mul(Var.constant(hyper.reshape(b, 1))).sum().mul(1.0 / b);
    }
}
