package io.github.deltastn.autodiff;

import io.github.deltastn.core.Tensor;

/**
 * Rule shape for operations linear in all their inputs, {@code y = A(x_1, ..., x_n)}:
 * {@code JVP: ty = A(tx_1, ..., tx_n)} (the op applied to the tangents, zero tangents filled in) and
 * {@code VJP: gx_i = A_iᵀ gy}, given by {@link #transpose}.
 */
public abstract class LinearPrimitive extends Primitive {

    /** The adjoint map: cotangents of the inputs given {@code gy}; {@code xs} give shapes only. */
    protected abstract Var[] transpose(Var gy, Var[] xs);

    @Override
    public final Var[] vjp(Var gy, Var[] xs, Var y) {
        return transpose(gy, xs);
    }

    @Override
    public final Var jvp(Var[] xs, Var[] txs, Var y) {
        Var[] t = new Var[txs.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = txs[i] != null ? txs[i] : Var.constant(Tensor.zeros(xs[i].dtype(), xs[i].shape()));
        }
        return Var.apply(this, t);
    }
}
