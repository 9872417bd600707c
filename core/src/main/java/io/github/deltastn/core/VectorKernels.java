package io.github.deltastn.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API ({@code jdk.incubator.vector}) implementation of {@link FastKernels}: whole vectors of
 * the preferred width per step, the scalar loop for the tail. Loaded reflectively, only when enabled
 * (see {@link FastKernels}); never referenced otherwise, so the library runs without the module.
 */
final class VectorKernels implements FastKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void exp(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.exp(x[i]);
        }
    }

    @Override
    public void tanh(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.tanh(x[i]);
        }
    }

    @Override
    public void sigmoid(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            // e = exp(−|v|) never overflows; σ(v) = 1/(1+e) for v ≥ 0 and e/(1+e) for v < 0
            DoubleVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            DoubleVector r = DoubleVector.broadcast(S, 1.0).div(e.add(1.0));
            VectorMask<Double> negative = v.compare(VectorOperators.LT, 0.0);
            r.blend(e.mul(r), negative).intoArray(out, i);
        }
        for (; i < to; i++) {
            double v = x[i];
            double e = Math.exp(-Math.abs(v));
            double r = 1.0 / (1.0 + e);
            out[i] = v >= 0 ? r : e * r;
        }
    }

    @Override
    public double sum(double[] x, int off, int n) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = acc.add(DoubleVector.fromArray(S, x, off + i));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = DoubleVector.fromArray(S, a, aOff + i).fma(DoubleVector.fromArray(S, b, bOff + i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }
}
