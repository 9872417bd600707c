package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.BilinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Gemm;
import io.github.deltastn.core.Tensor;

/**
 * {@code y = op(A)·op(B)} for 2-D operands, {@code op} = transpose when flagged (never materialised)
 * <br>VJP: {@code gA = gy·op(B)ᵀ} (or its transpose when A is transposed), {@code gB = op(A)ᵀ·gy} (likewise)
 * <br>JVP: {@code ty = op(tA)·op(B) + op(A)·op(tB)}
 */
public final class MatMul extends BilinearPrimitive {
    private final boolean transA;
    private final boolean transB;

    /** {@code y = op(a)·op(b)}, {@code op} a transpose where the flag is set. */
    public MatMul(boolean transA, boolean transB) {
        this.transA = transA;
        this.transB = transB;
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Gemm.matmul(xs[0], transA, xs[1], transB);
    }

    @Override
    protected Var applyTo(Var a, Var b) {
        return a.matmul(b, transA, transB);
    }

    @Override
    protected Var transposeA(Var gy, Var a, Var b) {
        // ∂/∂A of ⟨gy, op(A)op(B)⟩ is gy·op(B)ᵀ, transposed back when A enters as Aᵀ
        return transA ? b.matmul(gy, transB, true) : gy.matmul(b, false, !transB);
    }

    @Override
    protected Var transposeB(Var gy, Var a, Var b) {
        return transB ? gy.matmul(a, true, transA) : a.matmul(gy, !transA, false);
    }

    /** The products of {@link #transposeA} / {@link #transposeB}, written by {@link Gemm#matmulInto}. */
    @Override
    protected boolean vjpInto(Tensor gy, Tensor[] xs, Tensor y, int i, Tensor out) {
        Tensor a = xs[0];
        Tensor b = xs[1];
        if (i == 0) {
            if (transA) {
                Gemm.matmulInto(b, transB, gy, true, out);
            } else {
                Gemm.matmulInto(gy, false, b, !transB, out);
            }
        } else if (transB) {
            Gemm.matmulInto(gy, true, a, transA, out);
        } else {
            Gemm.matmulInto(a, !transA, gy, false, out);
        }
        return true;
    }
}
