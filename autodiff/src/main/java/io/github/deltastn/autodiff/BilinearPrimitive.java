package io.github.deltastn.autodiff;

/**
 * Rule shape for bilinear operations {@code y = B(a, b)} (mul, matmul, conv2d):
 * {@code JVP: ty = B(ta, b) + B(a, tb)}; {@code VJP: ga = B_aᵀ(gy, b)}, {@code gb = B_bᵀ(a, gy)}.
 */
public abstract class BilinearPrimitive extends Primitive {

    /** {@code B(a, b)} for new operands (this op with the same static parameters). */
    protected abstract Var applyTo(Var a, Var b);

    /** Cotangent of the first operand: {@code (∂y/∂a)ᵀ gy}, linear in {@code gy} and {@code b}. */
    protected abstract Var transposeA(Var gy, Var a, Var b);

    /** Cotangent of the second operand: {@code (∂y/∂b)ᵀ gy}, linear in {@code a} and {@code gy}. */
    protected abstract Var transposeB(Var gy, Var a, Var b);

    /** Cotangents only for operands in the graph: a constant operand (e.g. the data) costs nothing. */
    @Override
    public final Var[] vjp(Var gy, Var[] xs, Var y) {
        return new Var[] {
            xs[0].requiresGrad() ? transposeA(gy, xs[0], xs[1]) : null,
            xs[1].requiresGrad() ? transposeB(gy, xs[0], xs[1]) : null};
    }

    @Override
    public final Var jvp(Var[] xs, Var[] txs, Var y) {
        Var ta = txs[0] == null ? null : applyTo(txs[0], xs[1]);
        Var tb = txs[1] == null ? null : applyTo(xs[0], txs[1]);
        if (ta == null) {
            return tb;
        }
        return tb == null ? ta : ta.add(tb);
    }
}
