package io.github.deltastn.toy;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.Structured;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import java.util.Map;

/**
 * Linear regression {@code y = xᵀw + b} as a structured layer with one hyperparameter (paper Fig. 3):
 * <ul>
 *   <li>{@link Kind#WEIGHT_DECAY}: {@code L_T = MSE + c‖w‖²}, the bias not penalised; the penalty is taken
 *       on the hypernetwork's effective weight {@code w(z_b) = W_g + (U z_b) W_r} of each example and
 *       averaged, with that example's {@code c_b} (ALGORITHM.md §8: exact penalty in the Θ step);</li>
 *   <li>{@link Kind#INPUT_DROPOUT}: inverted dropout at rate {@code p_b} on the features (not the bias)
 *       during training; {@code L_T = MSE} on the dropped inputs.</li>
 * </ul>
 * The validation loss is the plain MSE in both cases. Shapes: {@code x [B, d]}, targets {@code [B]}.
 */
public final class LinearRegressionModel implements HyperModel {
    /** Which hyperparameter the model exposes. */
    public enum Kind { WEIGHT_DECAY, INPUT_DROPOUT }

    private final Kind kind;
    private final StructuredLinear layer;

    public LinearRegressionModel(Kind kind, int features) {
        this.kind = kind;
        this.layer = new StructuredLinear("linear", features, 1, 1);
    }

    public Kind kind() {
        return kind;
    }

    public StructuredLinear layer() {
        return layer;
    }

    @Override
    public int hyperDim() {
        return 1;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        return layer.init(rng);
    }

    @Override
    public boolean isResponse(String name) {
        return Structured.isResponse(name);
    }

    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        Var in = x;
        if (training && kind == Kind.INPUT_DROPOUT) {
            int b = x.shape()[0];
            in = Dropout.apply(x, Dropout.mask(rng, hyper.reshape(b), x.shape()));
        }
        return layer.apply(p, in, z).reshape(-1);
    }

    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        return Losses.mse(y, Var.constant(batch.targets().reshape(-1)));
    }

    /** {@code (1/B) Σ_b c_b ‖W_g + (U z_b) W_r‖²} for weight decay; none for dropout. */
    @Override
    public Var penalty(Params p, Var z, Tensor hyper) {
        if (kind != Kind.WEIGHT_DECAY) {
            return null;
        }
        int b = z.shape()[0];
        Var scale = z.matmul(p.get("linear.U"), false, true);                     // [B, 1]
        Var w = p.get("linear.W_g").add(scale.mul(p.get("linear.W_r")));           // [B, d]
        Var c = Var.constant(hyper.reshape(b, 1));
        return w.square().mul(c).sum().mul(1.0 / b);
    }
}
