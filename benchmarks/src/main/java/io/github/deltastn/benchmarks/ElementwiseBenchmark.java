package io.github.deltastn.benchmarks;

import io.github.deltastn.core.Elementwise;
import io.github.deltastn.core.Reduce;
import io.github.deltastn.core.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Array-level element-wise kernels and reductions over 1e3–1e6 doubles, in three JVM configurations run
 * side by side (each its own fork): the default (C2 auto-vectorisation), {@code -XX:-UseSuperWord} (what
 * C2's vectoriser buys), and the optional Vector API kernels ({@code -Ddeltastn.vector=true} with
 * {@code --add-modules jdk.incubator.vector}; only exp, tanh, sigmoid, sum and dot change). Select one
 * configuration with the class name pattern, e.g. {@code ElementwiseBenchmark.Default}. The parameter
 * {@code dtype} runs the float64 or the float32 kernels on the same values (rounded for float32).
 */
public class ElementwiseBenchmark {
    private ElementwiseBenchmark() {}

    /** The kernels and their inputs. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public abstract static class Kernels {
        @Param({"1000", "100000", "1000000"})
        public int n;

        @Param({"exp", "tanh", "sigmoid", "relu", "add", "mul", "sum", "dot"})
        public String op;

        /** {@code float64} or {@code float32}. */
        @Param({"float64", "float32"})
        public String dtype;

        double[] a;
        float[] af;
        float[] bf;
        float[] outf;
        boolean f32;
        double[] b;
        double[] out;
        Elementwise.Unary unary;
        Elementwise.Binary binary;

        @Setup(Level.Trial)
        public void setUp() {
            Rng r = new Rng(1);
            a = new double[n];
            b = new double[n];
            out = new double[n];
            r.fillUniform(a, -5, 5);
            r.fillUniform(b, -5, 5);
            f32 = switch (dtype) {
                case "float64" -> false;
                case "float32" -> true;
                default -> throw new IllegalArgumentException("dtype must be float64 or float32, got " + dtype);
            };
            af = new float[n];
            bf = new float[n];
            outf = new float[n];
            for (int i = 0; i < n; i++) {
                af[i] = (float) a[i];
                bf[i] = (float) b[i];
            }
            switch (op) {
                case "exp" -> unary = Elementwise.Unary.EXP;
                case "tanh" -> unary = Elementwise.Unary.TANH;
                case "sigmoid" -> unary = Elementwise.Unary.SIGMOID;
                case "relu" -> unary = Elementwise.Unary.RELU;
                case "add" -> binary = Elementwise.Binary.ADD;
                case "mul" -> binary = Elementwise.Binary.MUL;
                default -> { }
            }
        }

        @Benchmark
        public double run() {
            if (f32) {
                return runFloat();
            }
            if (unary != null) {
                Elementwise.unary(unary, a, 0, out, 0, n);
                return out[n - 1];
            }
            if (binary != null) {
                Elementwise.binary(binary, a, 0, b, 0, out, 0, n);
                return out[n - 1];
            }
            return op.equals("sum") ? Reduce.sum(a, 0, n) : Reduce.dot(a, 0, b, 0, n);
        }

        private double runFloat() {
            if (unary != null) {
                Elementwise.unary(unary, af, 0, outf, 0, n);
                return outf[n - 1];
            }
            if (binary != null) {
                Elementwise.binary(binary, af, 0, bf, 0, outf, 0, n);
                return outf[n - 1];
            }
            return op.equals("sum") ? Reduce.sum(af, 0, n) : Reduce.dot(af, 0, bf, 0, n);
        }
    }

    /** C2 with its auto-vectoriser (the library's default). */
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public static class Default extends Kernels {}

    /** C2 without SuperWord: the scalar baseline of what auto-vectorisation gives. */
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:-UseSuperWord"})
    public static class NoSuperWord extends Kernels {}

    /** The optional Vector API kernels. */
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector", "-Ddeltastn.vector=true"})
    public static class VectorApi extends Kernels {}
}
