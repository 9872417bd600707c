package io.github.deltastn.toy;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Dropout;
import io.github.deltastn.nn.Losses;
import io.github.deltastn.nn.Params;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.structured.FullResponseLinear;
import io.github.deltastn.structured.StructuredLinear;
import io.github.deltastn.train.HyperModel;
import java.util.Map;

/**
 * Linear regression {@code y = xᵀw + b} with one tuned hyperparameter (paper Fig. 3):
 * <ul>
 *   <li>{@link Kind#WEIGHT_DECAY}: {@code L_T = MSE + c‖w‖²}, the bias not penalised; the penalty is taken
 *       on the hypernetwork's weights {@code w(z_b)} of each example with that example's {@code c_b}, and
 *       averaged (algorithm.md §8: the exact penalty in the Θ step);</li>
 *   <li>{@link Kind#INPUT_DROPOUT}: inverted dropout at rate {@code p_b} on the features (not the bias)
 *       during training; {@code L_T = MSE} on the dropped inputs.</li>
 * </ul>
 * The validation loss is the plain MSE in both cases. Shapes: {@code x [B, d]}, targets {@code [B]}.
 *
 * <p><b>Response.</b> {@link Response#FULL} (the default) is the centered linear hypernetwork
 * {@code w(z) = w0 + Θz} with a full Θ ({@link FullResponseLinear}), for which Theorem 3 holds;
 * {@link Response#STRUCTURED} is the structured layer ({@link StructuredLinear}), whose response with one
 * output is {@code U·W_r}: one direction that stays near its random initialisation, so the hypergradient
 * has a random sign on many seeds (EXPERIMENTS.md, toy robustness). It is kept to show that.
 *
 * <p><b>Input normalisation.</b> With {@code inputs} given, the weights see {@code (x − μ)/s} with the
 * fixed training means μ and standard deviations s (dropout acts on the raw x before that). The problem is
 * unchanged — weights, penalty and exact optimum stay in the data's units: the raw weights are
 * {@code w = w̃/s}, {@code b = b̃ − μᵀ(w̃/s)}, and the penalty is {@code c‖w̃/s‖²} — but SGD works in the
 * normalised coordinates, where the curvature is the features' correlation matrix. On raw features whose
 * scales differ by 10⁴ (Boston: {@code nox} vs {@code tax}) plain SGD at a fixed step either diverges or
 * does not converge in the smaller directions, so w0 never tracks w*(λ).
 */
public final class LinearRegressionModel implements HyperModel {
    /** Which hyperparameter the model exposes. */
    public enum Kind { WEIGHT_DECAY, INPUT_DROPOUT }

    /** How the weights respond to the hyper input. */
    public enum Response { FULL, STRUCTURED }

    private static final String LAYER = "linear";

    private final Kind kind;
    private final Response response;
    private final int d;
    private final FullResponseLinear full;
    private final StructuredLinear structured;
    private final Tensor mean;
    private final Tensor invScale;

    /** Full response, no input normalisation. */
    public LinearRegressionModel(Kind kind, int features) {
        this(kind, features, Response.FULL, null);
    }

    /**
     * @param inputs training statistics whose feature means and scales normalise the inputs, or {@code null}
     *     to feed x as it is
     */
    public LinearRegressionModel(Kind kind, int features, Response response, Standardization inputs) {
        this.kind = kind;
        this.response = response;
        this.d = features;
        this.full = response == Response.FULL ? new FullResponseLinear(LAYER, features, 1, 1) : null;
        this.structured = response == Response.STRUCTURED ? new StructuredLinear(LAYER, features, 1, 1) : null;
        if (inputs == null) {
            this.mean = null;
            this.invScale = null;
        } else {
            double[] mu = inputs.featureMean();
            double[] s = inputs.featureScale();
            if (mu.length != features) {
                throw new IllegalArgumentException("LinearRegressionModel: input statistics have " + mu.length
                        + " features, the model " + features);
            }
            double[] inv = new double[features];
            for (int j = 0; j < features; j++) {
                inv[j] = 1.0 / s[j];
            }
            this.mean = Tensor.of(mu, 1, features);
            this.invScale = Tensor.of(inv, 1, features);
        }
    }

    public Kind kind() {
        return kind;
    }

    public Response response() {
        return response;
    }

    @Override
    public int hyperDim() {
        return 1;
    }

    @Override
    public Map<String, Tensor> init(Rng rng) {
        return full != null ? full.init(rng) : structured.init(rng);
    }

    @Override
    public boolean isResponse(String name) {
        return (full != null ? full.responseNames() : structured.responseNames()).contains(name);
    }

    @Override
    public Var predict(Params p, Var x, Var z, Tensor hyper, boolean training, Rng rng) {
        Var in = x;
        if (training && kind == Kind.INPUT_DROPOUT) {
            int b = x.shape()[0];
            in = Dropout.apply(x, Dropout.mask(rng, hyper.reshape(b), x.shape()));
        }
        if (mean != null) {
            in = in.sub(Var.constant(mean)).mul(Var.constant(invScale));
        }
        Var y = full != null ? full.apply(p, in, z) : structured.apply(p, in, z);
        return y.reshape(-1);
    }

    @Override
    public Var loss(Var y, DataLoader.Batch batch) {
        return Losses.mse(y, Var.constant(batch.targets().reshape(-1)));
    }

    /**
     * The training loss at z = 0 as a function of λ (for the gradient-based methods): weight decay
     * {@code MSE + c‖w‖²}; input dropout its expectation over the masks,
     * {@code MSE(clean inputs) + (p/(1 − p))·(1/B) Σ_i Σ_j x_ij² w_j²} (DropoutRegressionProblem derives it), with
     * w the weights on the raw features ({@code w̃/s} with input normalisation).
     */
    @Override
    public Var trainingLossIn(Params p, DataLoader.Batch b, Var lambda, Rng noise) {
        Var x = Var.constant(b.x());
        Var z = Var.constant(Tensor.zeros(b.size(), 1));
        Var mse = loss(predict(p, x, z, null, false, null), b);
        Var w = full != null ? full.weights(p, Var.constant(Tensor.zeros(1, 1))).reshape(1, d) : p.get(LAYER + ".W_g");
        if (invScale != null) {
            w = w.mul(Var.constant(invScale));
        }
        Var hyper = lambda.reshape();
        if (kind == Kind.WEIGHT_DECAY) {
            return mse.add(w.square().sum().mul(hyper));
        }
        Var rate = hyper.div(hyper.neg().add(1.0));
        return mse.add(x.square().mul(w.square()).sum().mul(1.0 / b.size()).mul(rate));
    }

    /** {@code (1/B) Σ_b c_b ‖w(z_b)‖²} in the data's units for weight decay; none for dropout. */
    @Override
    public Var penalty(Params p, Var z, Tensor hyper, Network network) {
        if (kind != Kind.WEIGHT_DECAY) {
            return null;
        }
        int b = z.shape()[0];
        Var w;
        if (full != null) {
            w = full.weights(p, z).reshape(b, d);
        } else {
            Var scale = z.matmul(p.get(LAYER + ".U"), false, true);                      // [B, 1]
            w = p.get(LAYER + ".W_g").add(scale.mul(p.get(LAYER + ".W_r")));            // [B, d]
        }
        if (invScale != null) {
            w = w.mul(Var.constant(invScale));
        }
        return w.square().mul(Var.constant(hyper.reshape(b, 1))).sum().mul(1.0 / b);
    }
}
