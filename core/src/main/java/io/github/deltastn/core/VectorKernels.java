package io.github.deltastn.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API ({@code jdk.incubator.vector}) implementation of {@link FastKernels}: whole vectors of
 * the preferred width per step, the scalar loop for the tail. Loaded reflectively, only when enabled
 * (see {@link FastKernels}); never referenced otherwise, so the library runs without the module.
 */
final class VectorKernels implements FastKernels {
    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    private static final VectorSpecies<Double> S_F64 = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void exp(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F64.loopBound(to - from); i < bound; i += S_F64.length()) {
            DoubleVector.fromArray(S_F64, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.exp(x[i]);
        }
    }

    @Override
    public void tanh(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F64.loopBound(to - from); i < bound; i += S_F64.length()) {
            DoubleVector.fromArray(S_F64, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.tanh(x[i]);
        }
    }

    @Override
    public void sigmoid(double[] x, double[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F64.loopBound(to - from); i < bound; i += S_F64.length()) {
            DoubleVector v = DoubleVector.fromArray(S_F64, x, i);
            // e = exp(−|v|) never overflows; σ(v) = 1/(1+e) for v ≥ 0 and e/(1+e) for v < 0
            DoubleVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            DoubleVector r = DoubleVector.broadcast(S_F64, 1.0).div(e.add(1.0));
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
        DoubleVector acc = DoubleVector.zero(S_F64);
        int i = 0;
        for (int bound = S_F64.loopBound(n); i < bound; i += S_F64.length()) {
            acc = acc.add(DoubleVector.fromArray(S_F64, x, off + i));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        DoubleVector acc = DoubleVector.zero(S_F64);
        int i = 0;
        for (int bound = S_F64.loopBound(n); i < bound; i += S_F64.length()) {
            acc = DoubleVector.fromArray(S_F64, a, aOff + i).fma(DoubleVector.fromArray(S_F64, b, bOff + i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    private static final VectorSpecies<Float> S_F32 = FloatVector.SPECIES_PREFERRED;

    @Override
    public void exp(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F32.loopBound(to - from); i < bound; i += S_F32.length()) {
            FloatVector.fromArray(S_F32, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = (float) Math.exp(x[i]);
        }
    }

    @Override
    public void tanh(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F32.loopBound(to - from); i < bound; i += S_F32.length()) {
            FloatVector.fromArray(S_F32, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
    }

    @Override
    public void sigmoid(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S_F32.loopBound(to - from); i < bound; i += S_F32.length()) {
            FloatVector v = FloatVector.fromArray(S_F32, x, i);
            // e = exp(−|v|) never overflows; σ(v) = 1/(1+e) for v ≥ 0 and e/(1+e) for v < 0
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector r = FloatVector.broadcast(S_F32, 1.0f).div(e.add(1.0f));
            VectorMask<Float> negative = v.compare(VectorOperators.LT, 0.0f);
            r.blend(e.mul(r), negative).intoArray(out, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            float e = (float) Math.exp(-Math.abs(v));
            float r = 1.0f / (1.0f + e);
            out[i] = v >= 0 ? r : e * r;
        }
    }

    @Override
    public float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S_F32);
        int i = 0;
        for (int bound = S_F32.loopBound(n); i < bound; i += S_F32.length()) {
            acc = acc.add(FloatVector.fromArray(S_F32, x, off + i));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S_F32);
        int i = 0;
        for (int bound = S_F32.loopBound(n); i < bound; i += S_F32.length()) {
            acc = FloatVector.fromArray(S_F32, a, aOff + i).fma(FloatVector.fromArray(S_F32, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    // END generated float32 kernels
}
