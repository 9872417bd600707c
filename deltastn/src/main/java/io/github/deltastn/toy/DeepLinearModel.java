package io.github.deltastn.toy;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.Structured;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deep linear network {@code f(x) = W_L ⋯ W_1 x + bias} of structured layers with
 * {@link JacobianNormProblem#HIDDEN_LAYERS} hidden layers of width {@code d} (paper Fig. 4), tuned
 * Jacobian-norm penalty {@code L_T = MSE + c ‖∂f/∂x‖²_F}. The input Jacobian of example {@code b} is
 * the product of its effective weights, {@code A_b = W_L(z_b) ⋯ W_1(z_b)}; the penalty is computed
 * exactly (not linearized) on those weights, {@code (1/B) Σ_b c_b ‖A_b‖²_F}, by pushing the unit
 * vectors through the network: {@code A_b e_j = f_b(e_j) − f_b(0)}.
 */
public final class DeepLinearModel implements HyperModel {
    private final int d;
    private final List<StructuredLinear> layers = new ArrayList<>();

    public DeepLinearModel(int features) {
        this.d = features;
        int[] widths = JacobianNormProblem.defaultWidths(features);
        for (int i = 0; i + 1 < widths.length; i++) {
            layers.add(new StructuredLinear("layer" + i, widths[i], widths[i + 1], 1));
        }
    }

    @Override
    public int hyperDim() {
        return 1;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (StructuredLinear l : layers) {
            m.putAll(l.init(rng));
        }
        return m;
    }

    @Override
    public boolean isResponse(String name) {
        return Structured.isResponse(name);
    }

    /** The end-to-end weight matrices {@code W_g} of the layers (for reporting with {@link JacobianNormProblem}). */
    public List<Tensor> generalWeights(Map<String, Tensor> params) {
        List<Tensor> ws = new ArrayList<>();
        for (StructuredLinear l : layers) {
            ws.add(params.get(l.name() + ".W_g"));
        }
        return ws;
    }

    private Var forward(Params p, Var x, Var z) {
        Var y = x;
        for (StructuredLinear l : layers) {
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

    @Override
    public Var penalty(Params p, Var z, Tensor hyper) {
        int b = z.shape()[0];
        int h = z.shape()[1];
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
        Var onUnits = forward(p, Var.constant(Tensor.wrap(eye, b * d, d)), zRows).reshape(b, d);
        Var atZero = forward(p, Var.constant(Tensor.zeros(b, d)), z);                    // [B, 1]
        Var jac = onUnits.sub(atZero);                                                    // row b = A_b
        return jac.square().mul(Var.constant(hyper.reshape(b, 1))).sum().mul(1.0 / b);
    }
}
