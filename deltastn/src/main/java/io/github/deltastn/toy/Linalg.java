package io.github.deltastn.toy;

import io.github.deltastn.core.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** Small EJML helpers shared by the problems (package-private). */
final class Linalg {
    private Linalg() {}

    /** A copy of a 2-D tensor as an EJML matrix. */
    static DMatrixRMaj matrix(Tensor t) {
        return new DMatrixRMaj(t.dim(0), t.dim(1), true, t.data());
    }

    /** A copy of {@code v} as an EJML column vector [n, 1]. */
    static DMatrixRMaj column(double[] v) {
        return new DMatrixRMaj(v.length, 1, true, v);
    }

    /**
     * A Cholesky solver holding the factorisation of the symmetric positive-definite {@code a}
     * (which is left unchanged).
     *
     * @throws IllegalArgumentException naming {@code method} if {@code a} is not numerically positive definite
     */
    static LinearSolverDense<DMatrixRMaj> cholesky(String method, DMatrixRMaj a) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(a.numRows);
        DMatrixRMaj work = solver.modifiesA() ? a.copy() : a;
        if (!solver.setA(work)) {
            throw new IllegalArgumentException(method + ": the " + a.numRows + "x" + a.numCols
                    + " system matrix is not positive definite (Cholesky failed); expected a regularised, well-posed problem");
        }
        return solver;
    }

    /** x = A⁻¹ b for a solver from {@link #cholesky}; {@code b} is a column vector and is not modified. */
    static double[] solve(LinearSolverDense<DMatrixRMaj> solver, double[] b) {
        DMatrixRMaj rhs = column(b);
        DMatrixRMaj x = new DMatrixRMaj(b.length, 1);
        solver.solve(solver.modifiesB() ? rhs.copy() : rhs, x);
        return x.data.clone();
    }

    /** (1/n)‖X w + b − y‖² for X [n, d] (row-major flat), y [n]. */
    static double meanSquaredError(double[] x, double[] y, double[] w, double b) {
        int n = y.length;
        int d = w.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = b - y[i];
            for (int j = 0; j < d; j++) {
                r += x[i * d + j] * w[j];
            }
            s += r * r;
        }
        return s / n;
    }

    /** (2/n) Σ_i r_i (x_iᵀ dw + db) with r = X w + b − y: the derivative of the mean squared error along (dw, db). */
    static double meanSquaredErrorDirectional(double[] x, double[] y, double[] w, double b, double[] dw, double db) {
        int n = y.length;
        int d = w.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = b - y[i];
            double t = db;
            for (int j = 0; j < d; j++) {
                r += x[i * d + j] * w[j];
                t += x[i * d + j] * dw[j];
            }
            s += r * t;
        }
        return 2.0 * s / n;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Column means of an [n, d] row-major matrix. */
    static double[] columnMeans(double[] x, int n, int d) {
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= n;
        }
        return m;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
