package io.github.deltastn.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Element-wise kernels: unary maps, binary maps with NumPy broadcasting, maps with a scalar, and
 * {@link #where}.
 *
 * <p>Array-level methods write {@code n} values into a caller-owned {@code out} range and may run
 * in place ({@code out} the same array as an input, at the same offset); a partial overlap of
 * {@code out} with an input is rejected because the result would depend on the loop order.
 * Tensor-level methods always return fresh tensors and never modify their arguments.
 *
 * <p>Each op has its own loop (the {@code switch} sits outside the loop) so that HotSpot C2 can
 * vectorise the pure-arithmetic ones; see design.md §7.
 *
 * <p>Every array-level method has a {@code float[]} overload (generated from the {@code double[]} one),
 * and the tensor-level methods run it on float32 tensors. A float32 result is the float64 result on the
 * same values rounded once to float (exactly, unless the optional Vector API kernels are on); tensors of
 * different dtypes are rejected, never promoted.
 */
public final class Elementwise {
    private Elementwise() {}

    /** Unary element-wise operations; each comment gives {@code y = f(x)}. */
    public enum Unary {
        /** y = −x */
        NEG,
        /** y = eˣ */
        EXP,
        /** y = ln x */
        LOG,
        /** y = ln(1 + x), accurate for small |x| */
        LOG1P,
        /** y = eˣ − 1, accurate for small |x| */
        EXPM1,
        /** y = tanh x */
        TANH,
        /** y = 1 / (1 + e⁻ˣ), computed without overflow for any x */
        SIGMOID,
        /** y = ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), computed without overflow */
        SOFTPLUS,
        /** y = max(x, 0) */
        RELU,
        /** y = 1 where x &gt; 0, else 0 (the derivative of RELU; NaN stays NaN) */
        RELU_MASK,
        /** y = x² */
        SQUARE,
        /** y = √x */
        SQRT,
        /** y = |x| */
        ABS,
        /** y = 1 / x */
        RECIPROCAL
    }

    /** Binary element-wise operations {@code y = a op b}. */
    public enum Binary {
        /** y = a + b */
        ADD,
        /** y = a − b */
        SUB,
        /** y = a · b */
        MUL,
        /** y = a / b */
        DIV,
        /** y = max(a, b) (NaN if either is NaN) */
        MAXIMUM,
        /** y = min(a, b) (NaN if either is NaN) */
        MINIMUM
    }

    // ------------------------------------------------------------------ tensor level

    /** {@code y = op(x)} element-wise; y has the shape of x (fresh). */
    public static Tensor unary(Unary op, Tensor x) {
        Objects.requireNonNull(op, "unary: op");
        Objects.requireNonNull(x, "unary: x");
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) {
            unary(op, x.floatData(), 0, out.floatData(), 0, out.size());
        } else {
            unary(op, x.data(), 0, out.data(), 0, out.size());
        }
        return out;
    }

    /**
     * {@code y = a op b} with NumPy broadcasting: y has shape {@code broadcast(a.shape, b.shape)}
     * (fresh). Equal shapes, a scalar-like operand, and an operand repeated along leading axes
     * ({@code [B, N] + [N]}) or trailing axes ({@code [B, C, H, W] * [B, C, 1, 1]}) run as whole
     * contiguous rows.
     *
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor binary(Binary op, Tensor a, Tensor b) {
        Objects.requireNonNull(op, "binary: op");
        Objects.requireNonNull(a, "binary: a");
        Objects.requireNonNull(b, "binary: b");
        DType dtype = Tensor.requireSameDType(op.name().toLowerCase(Locale.ROOT), a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        int[] shape = Shape.broadcast("binary " + op, as, bs);
        Tensor out = Tensor.zeros(dtype, shape);
        if (dtype == DType.FLOAT32) {
            binaryBroadcast(op, a.floatData(), as, b.floatData(), bs, out.floatData(), shape);
        } else {
            binaryBroadcast(op, a.data(), as, b.data(), bs, out.data(), shape);
        }
        return out;
    }

    /** {@code y = a op s} element-wise; y has the shape and dtype of a (fresh; s rounded to float32 for float32 a). */
    public static Tensor binaryScalar(Binary op, Tensor a, double s) {
        Objects.requireNonNull(op, "binaryScalar: op");
        Objects.requireNonNull(a, "binaryScalar: a");
        Tensor out = Tensor.zeros(a.dtype(), a.shape());
        if (a.dtype() == DType.FLOAT32) {
            binaryScalar(op, a.floatData(), 0, (float) s, out.floatData(), 0, out.size());
        } else {
            binaryScalar(op, a.data(), 0, s, out.data(), 0, out.size());
        }
        return out;
    }

    /**
     * {@code y = s op b} element-wise (scalar on the left); y has the shape and dtype of b (fresh; s rounded to
     * float32 for float32 b).
     */
    public static Tensor scalarBinary(Binary op, double s, Tensor b) {
        Objects.requireNonNull(op, "scalarBinary: op");
        Objects.requireNonNull(b, "scalarBinary: b");
        Tensor out = Tensor.zeros(b.dtype(), b.shape());
        if (b.dtype() == DType.FLOAT32) {
            scalarBinary(op, (float) s, b.floatData(), 0, out.floatData(), 0, out.size());
        } else {
            scalarBinary(op, s, b.data(), 0, out.data(), 0, out.size());
        }
        return out;
    }

    /**
     * {@code y = mask != 0 ? a : b} element-wise (a NaN mask entry counts as non-zero). The three
     * shapes broadcast together (NumPy rules); y has the broadcast shape (fresh). Unselected
     * entries never leak into y, even when they are NaN or infinite. All three have one dtype, y's.
     *
     * @throws IllegalArgumentException when the shapes do not broadcast or the dtypes differ
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        Objects.requireNonNull(mask, "where: mask");
        Objects.requireNonNull(a, "where: a");
        Objects.requireNonNull(b, "where: b");
        int[] shape;
        try {
            shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape(), a.shape()), b.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("where: shapes mask " + Shape.str(mask.shape()) + ", a "
                    + Shape.str(a.shape()) + " and b " + Shape.str(b.shape()) + " do not broadcast together", e);
        }
        DType dtype = Tensor.requireSameDType("where", a, b);
        Tensor.requireSameDType("where", mask, a);
        Tensor m = expanded(mask, shape);
        Tensor ae = expanded(a, shape);
        Tensor be = expanded(b, shape);
        Tensor out = Tensor.zeros(dtype, shape);
        if (dtype == DType.FLOAT32) {
            where(m.floatData(), ae.floatData(), be.floatData(), out.floatData());
        } else {
            where(m.data(), ae.data(), be.data(), out.data());
        }
        return out;
    }

    /** x read-only in {@code shape}, materialised only when x is actually broadcast. */
    private static Tensor expanded(Tensor x, int[] shape) {
        return x.hasShape(shape) ? x : Broadcast.broadcastTo(x, shape);
    }

    // ------------------------------------------------------------------ named one-liners

    /** y = a + b (broadcasting). */
    public static Tensor add(Tensor a, Tensor b) {
        return binary(Binary.ADD, a, b);
    }

    /** y = a − b (broadcasting). */
    public static Tensor sub(Tensor a, Tensor b) {
        return binary(Binary.SUB, a, b);
    }

    /** y = a · b element-wise (broadcasting). */
    public static Tensor mul(Tensor a, Tensor b) {
        return binary(Binary.MUL, a, b);
    }

    /** y = a / b element-wise (broadcasting). */
    public static Tensor div(Tensor a, Tensor b) {
        return binary(Binary.DIV, a, b);
    }

    /** y = max(a, b) element-wise (broadcasting). */
    public static Tensor maximum(Tensor a, Tensor b) {
        return binary(Binary.MAXIMUM, a, b);
    }

    /** y = min(a, b) element-wise (broadcasting). */
    public static Tensor minimum(Tensor a, Tensor b) {
        return binary(Binary.MINIMUM, a, b);
    }

    /** y = −x. */
    public static Tensor neg(Tensor x) {
        return unary(Unary.NEG, x);
    }

    /** y = eˣ. */
    public static Tensor exp(Tensor x) {
        return unary(Unary.EXP, x);
    }

    /** y = ln x. */
    public static Tensor log(Tensor x) {
        return unary(Unary.LOG, x);
    }

    /** y = ln(1 + x). */
    public static Tensor log1p(Tensor x) {
        return unary(Unary.LOG1P, x);
    }

    /** y = eˣ − 1. */
    public static Tensor expm1(Tensor x) {
        return unary(Unary.EXPM1, x);
    }

    /** y = tanh x. */
    public static Tensor tanh(Tensor x) {
        return unary(Unary.TANH, x);
    }

    /** y = 1 / (1 + e⁻ˣ), stable for any x. */
    public static Tensor sigmoid(Tensor x) {
        return unary(Unary.SIGMOID, x);
    }

    /** y = ln(1 + eˣ), stable for any x. */
    public static Tensor softplus(Tensor x) {
        return unary(Unary.SOFTPLUS, x);
    }

    /** y = max(x, 0). */
    public static Tensor relu(Tensor x) {
        return unary(Unary.RELU, x);
    }

    /** y = 1 where x &gt; 0, else 0. */
    public static Tensor reluMask(Tensor x) {
        return unary(Unary.RELU_MASK, x);
    }

    /** y = x². */
    public static Tensor square(Tensor x) {
        return unary(Unary.SQUARE, x);
    }

    /** y = √x. */
    public static Tensor sqrt(Tensor x) {
        return unary(Unary.SQRT, x);
    }

    /** y = |x|. */
    public static Tensor abs(Tensor x) {
        return unary(Unary.ABS, x);
    }

    /** y = 1 / x. */
    public static Tensor reciprocal(Tensor x) {
        return unary(Unary.RECIPROCAL, x);
    }

    /** y = a + s. */
    public static Tensor addScalar(Tensor a, double s) {
        return binaryScalar(Binary.ADD, a, s);
    }

    /** y = a − s. */
    public static Tensor subScalar(Tensor a, double s) {
        return binaryScalar(Binary.SUB, a, s);
    }

    /** y = a · s. */
    public static Tensor mulScalar(Tensor a, double s) {
        return binaryScalar(Binary.MUL, a, s);
    }

    /** y = a / s. */
    public static Tensor divScalar(Tensor a, double s) {
        return binaryScalar(Binary.DIV, a, s);
    }

    // ------------------------------------------------------------------ helpers

    /** Strides (in elements) of {@code shape} seen through a broadcast to {@code to}: 0 on repeated axes. */
    static int[] broadcastStrides(int[] shape, int[] to) {
        int[] s = Shape.strides(shape);
        int[] out = new int[to.length];
        int lead = to.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[lead + i] = shape[i] == 1 ? 0 : s[i];
        }
        return out;
    }

    /**
     * A row-major iteration space with one or two strided operands, simplified by dropping size-1
     * axes and merging neighbouring axes that both operands walk contiguously. Always rank ≥ 1.
     */
    static final class Strided {
        final int rank;
        final int[] dims;
        final int[] strideA;
        final int[] strideB;

        private Strided(int rank, int[] dims, int[] strideA, int[] strideB) {
            this.rank = rank;
            this.dims = dims;
            this.strideA = strideA;
            this.strideB = strideB;
        }

        static Strided of(int[] shape, int[] sa, int[] sb) {
            int[] d = new int[shape.length + 1];
            int[] a = new int[shape.length + 1];
            int[] b = new int[shape.length + 1];
            int r = 0;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == 1) {
                    continue;
                }
                if (r > 0 && a[r - 1] == sa[i] * shape[i] && b[r - 1] == sb[i] * shape[i]) {
                    d[r - 1] *= shape[i];
                    a[r - 1] = sa[i];
                    b[r - 1] = sb[i];
                } else {
                    d[r] = shape[i];
                    a[r] = sa[i];
                    b[r] = sb[i];
                    r++;
                }
            }
            if (r == 0) {
                d[0] = 1;
                a[0] = 1;
                b[0] = 1;
                r = 1;
            }
            return new Strided(r, d, a, b);
        }
    }

    /** Chunk length of {@link #viaFloat64}: 2 KiB of doubles, in L1. */
    private static final int WIDEN_CHUNK = 256;

    /**
     * For the float32 kernels of the transcendental ops ({@code EXP, LOG, LOG1P, EXPM1, TANH, SIGMOID,
     * SOFTPLUS}): {@code out[i] = (float) f64(x[i])}, the float64 kernel on the widened values, rounded once.
     * Widening chunk-wise in separate loops (which C2 vectorises) is ≈ 3× faster than the per-element
     * {@code (float) Math.exp(x[i])} (JDK 17, measured: 0.5 against 1.4 ms for 10⁵ exps; the scalar
     * conversion ties each iteration to the previous one). Returns false, doing nothing, for the other ops.
     */
    private static boolean viaFloat64(Unary op, float[] x, float[] out, int from, int to) {
        switch (op) {
            case EXP, LOG, LOG1P, EXPM1, TANH, SIGMOID, SOFTPLUS -> { }
            default -> {
                return false;
            }
        }
        double[] t = new double[Math.min(WIDEN_CHUNK, to - from)];
        for (int c = from; c < to; c += WIDEN_CHUNK) {
            int m = Math.min(WIDEN_CHUNK, to - c);
            for (int j = 0; j < m; j++) {
                t[j] = x[c + j];
            }
            unaryAligned(op, t, t, 0, m);
            for (int j = 0; j < m; j++) {
                out[c + j] = (float) t[j];
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ kernels (array level)

    // BEGIN float64 kernels (the float32 region below is generated from these lines)

    //
    // HotSpot C2 on JDK 17 vectorises a loop only when every array is indexed by the same
    // expression: out[i] = a[i] + b[i] runs ~2x (add) to ~8x (sqrt, 1/x) faster than
    // out[o + i] = a[p + i] + b[q + i]. So the kernels below run on one index range [from, to)
    // shared by all arrays; callers with different offsets first copy one input into the out
    // range (System.arraycopy is far cheaper than a scalar loop) and then run in place.

    /**
     * {@code out[outOff + i] = op(x[xOff + i])} for {@code i} in {@code [0, n)}.
     * Modifies only that range of {@code out}; {@code out} may be {@code x} at the same offset.
     *
     * @throws IllegalArgumentException on out-of-range offsets or a partial overlap of out and x
     */
    public static void unary(Unary op, double[] x, int xOff, double[] out, int outOff, int n) {
        Objects.requireNonNull(op, "unary: op");
        String name = "unary " + op;
        checkRange(name, "x", x, xOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "x", x, xOff, out, outOff, n);
        if (xOff != outOff) {
            System.arraycopy(x, xOff, out, outOff, n);
            x = out;
        }
        unaryAligned(op, x, out, outOff, outOff + n);
    }

    /**
     * {@code out[outOff + i] = a[aOff + i] op b[bOff + i]} for {@code i} in {@code [0, n)}.
     * Modifies only that range of {@code out}; {@code out} may be {@code a} and/or {@code b} at the
     * same offset; {@code a} and {@code b} may overlap each other in any way.
     *
     * @throws IllegalArgumentException on out-of-range offsets or a partial overlap of out with an input
     */
    public static void binary(Binary op, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int n) {
        Objects.requireNonNull(op, "binary: op");
        String name = "binary " + op;
        checkRange(name, "a", a, aOff, n);
        checkRange(name, "b", b, bOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "a", a, aOff, out, outOff, n);
        checkOverlap(name, "b", b, bOff, out, outOff, n);
        if (aOff == outOff && bOff == outOff) {
            binaryAligned(op, a, b, out, outOff, outOff + n);
        } else if (bOff == outOff && b != out) {
            // a is not at outOff, so its range is disjoint from out's (partial overlaps were rejected)
            System.arraycopy(a, aOff, out, outOff, n);
            binaryAligned(op, out, b, out, outOff, outOff + n);
        } else if (aOff == outOff && a != out) {
            System.arraycopy(b, bOff, out, outOff, n);
            binaryAligned(op, a, out, out, outOff, outOff + n);
        } else {
            binaryShifted(op, a, aOff, b, bOff, out, outOff, n);
        }
    }

    /**
     * {@code out[outOff + i] = a[aOff + i] op s} for {@code i} in {@code [0, n)}.
     * Modifies only that range of {@code out}; {@code out} may be {@code a} at the same offset.
     */
    public static void binaryScalar(Binary op, double[] a, int aOff, double s, double[] out, int outOff, int n) {
        Objects.requireNonNull(op, "binaryScalar: op");
        String name = "binaryScalar " + op;
        checkRange(name, "a", a, aOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "a", a, aOff, out, outOff, n);
        if (aOff != outOff) {
            System.arraycopy(a, aOff, out, outOff, n);
            a = out;
        }
        binaryScalarAligned(op, a, s, out, outOff, outOff + n);
    }

    /**
     * {@code out[outOff + i] = s op b[bOff + i]} for {@code i} in {@code [0, n)} (the scalar on the
     * left, e.g. {@code 1 − b} or {@code 1 / b}). Modifies only that range of {@code out};
     * {@code out} may be {@code b} at the same offset.
     */
    public static void scalarBinary(Binary op, double s, double[] b, int bOff, double[] out, int outOff, int n) {
        Objects.requireNonNull(op, "scalarBinary: op");
        String name = "scalarBinary " + op;
        checkRange(name, "b", b, bOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "b", b, bOff, out, outOff, n);
        if (bOff != outOff) {
            System.arraycopy(b, bOff, out, outOff, n);
            b = out;
        }
        int from = outOff;
        int to = outOff + n;
        switch (op) {
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = s - b[i];
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = s / b[i];
                }
                break;
            default:
                // the other ops commute exactly in IEEE arithmetic
                binaryScalarAligned(op, b, s, out, from, to);
        }
    }

    private static void unaryAligned(Unary op, double[] x, double[] out, int from, int to) {
        FastKernels fast = FastKernels.active();
        if (fast != null && (op == Unary.EXP || op == Unary.TANH || op == Unary.SIGMOID)) {
            switch (op) {
                case EXP -> fast.exp(x, out, from, to);
                case TANH -> fast.tanh(x, out, from, to);
                default -> fast.sigmoid(x, out, from, to);
            }
            return;
        }
        //f32: if (viaFloat64(op, x, out, from, to)) {
        //f32:     return;
        //f32: }
        switch (op) {
            case NEG:
                for (int i = from; i < to; i++) {
                    out[i] = -x[i];
                }
                break;
            case EXP:
                for (int i = from; i < to; i++) {
                    out[i] = Math.exp(x[i]);
                }
                break;
            case LOG:
                for (int i = from; i < to; i++) {
                    out[i] = Math.log(x[i]);
                }
                break;
            case LOG1P:
                for (int i = from; i < to; i++) {
                    out[i] = Math.log1p(x[i]);
                }
                break;
            case EXPM1:
                for (int i = from; i < to; i++) {
                    out[i] = Math.expm1(x[i]);
                }
                break;
            case TANH:
                for (int i = from; i < to; i++) {
                    out[i] = Math.tanh(x[i]);
                }
                break;
            case SIGMOID:
                for (int i = from; i < to; i++) {
                    double v = x[i];
                    // e = exp(-|v|) never overflows; sigmoid(v) = 1/(1+e) for v >= 0 and e/(1+e) for v < 0
                    double e = Math.exp(-Math.abs(v));
                    double r = 1.0 / (1.0 + e);
                    out[i] = v >= 0 ? r : e * r;
                }
                break;
            case SOFTPLUS:
                for (int i = from; i < to; i++) {
                    double v = x[i];
                    out[i] = Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    out[i] = Math.max(x[i], 0.0);
                }
                break;
            case RELU_MASK:
                // clamp to [0, 1] then round up: 1 for any v > 0 (even subnormal), +0 otherwise;
                // branch-free, so it vectorises (a ternary does not)
                for (int i = from; i < to; i++) {
                    out[i] = Math.ceil(Math.min(Math.max(x[i], 0.0), 1.0));
                }
                break;
            case SQUARE:
                for (int i = from; i < to; i++) {
                    double v = x[i];
                    out[i] = v * v;
                }
                break;
            case SQRT:
                for (int i = from; i < to; i++) {
                    out[i] = Math.sqrt(x[i]);
                }
                break;
            case ABS:
                for (int i = from; i < to; i++) {
                    out[i] = Math.abs(x[i]);
                }
                break;
            case RECIPROCAL:
                for (int i = from; i < to; i++) {
                    out[i] = 1.0 / x[i];
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    private static void binaryAligned(Binary op, double[] a, double[] b, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + b[i];
                }
                break;
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] - b[i];
                }
                break;
            case MUL:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] * b[i];
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] / b[i];
                }
                break;
            case MAXIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.max(a[i], b[i]);
                }
                break;
            case MINIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.min(a[i], b[i]);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** Fallback when no input can be moved to out's offset (e.g. in-place {@code a += b} with b elsewhere). */
    private static void binaryShifted(Binary op, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int n) {
        switch (op) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] + b[bOff + i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] - b[bOff + i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] * b[bOff + i];
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] / b[bOff + i];
                }
                break;
            case MAXIMUM:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
                }
                break;
            case MINIMUM:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = Math.min(a[aOff + i], b[bOff + i]);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    private static void binaryScalarAligned(Binary op, double[] a, double s, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + s;
                }
                break;
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] - s;
                }
                break;
            case MUL:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] * s;
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] / s;
                }
                break;
            case MAXIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.max(a[i], s);
                }
                break;
            case MINIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.min(a[i], s);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** {@code out = ad op bd} with ad of shape {@code as}, bd of shape {@code bs} broadcast to {@code shape}. */
    private static void binaryBroadcast(Binary op, double[] ad, int[] as, double[] bd, int[] bs, double[] out, int[] shape) {
        int n = Shape.size(shape);
        if (n == 0) {
            return;
        }
        if (ad.length == n && bd.length == n) {
            binary(op, ad, 0, bd, 0, out, 0, n);
            return;
        }
        if (bd.length == 1) {
            if (ad.length == n) {
                binaryScalar(op, ad, 0, bd[0], out, 0, n);
                return;
            }
        } else if (ad.length == 1 && bd.length == n) {
            scalarBinary(op, ad[0], bd, 0, out, 0, n);
            return;
        }
        Strided it = Strided.of(shape, broadcastStrides(as, shape), broadcastStrides(bs, shape));
        int inner = it.dims[it.rank - 1];
        int sa = it.strideA[it.rank - 1];
        int sb = it.strideB[it.rank - 1];
        int outer = n / inner;
        int[] idx = new int[it.rank];
        int ia = 0;
        int ib = 0;
        for (int o = 0, dst = 0; o < outer; o++, dst += inner) {
            if (sa == 1 && sb == 1) {
                binary(op, ad, ia, bd, ib, out, dst, inner);
            } else if (sa == 1) {
                binaryScalar(op, ad, ia, bd[ib], out, dst, inner);
            } else if (sb == 1) {
                scalarBinary(op, ad[ia], bd, ib, out, dst, inner);
            } else {
                // both operands constant along the innermost run
                binaryScalar(op, ad, ia, bd[ib], out, dst, 1);
                Arrays.fill(out, dst + 1, dst + inner, out[dst]);
            }
            for (int d = it.rank - 2; d >= 0; d--) {
                idx[d]++;
                ia += it.strideA[d];
                ib += it.strideB[d];
                if (idx[d] < it.dims[d]) {
                    break;
                }
                ia -= it.strideA[d] * it.dims[d];
                ib -= it.strideB[d] * it.dims[d];
                idx[d] = 0;
            }
        }
    }


    /** {@code out[i] = m[i] != 0 ? a[i] : b[i]} (a NaN in m counts as non-zero). */
    private static void where(double[] m, double[] a, double[] b, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = m[i] != 0.0 ? a[i] : b[i];
        }
    }

    static void checkRange(String op, String what, double[] arr, int off, int n) {
        Objects.requireNonNull(arr, op + ": " + what);
        if (n < 0 || off < 0 || off > arr.length - n) {
            throw new IllegalArgumentException(op + ": range [" + off + ", " + off + " + " + n + ") of " + what
                    + " out of bounds for an array of length " + arr.length);
        }
    }

    private static void checkOverlap(String op, String what, double[] in, int inOff, double[] out, int outOff, int n) {
        if (in == out && inOff != outOff && Math.abs(inOff - outOff) < n) {
            throw new IllegalArgumentException(op + ": out range [" + outOff + ", " + (outOff + n) + ") partially overlaps "
                    + what + " range [" + inOff + ", " + (inOff + n) + ") in the same array (only exact in-place is allowed)");
        }
    }

    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java

    //
    // HotSpot C2 on JDK 17 vectorises a loop only when every array is indexed by the same
    // expression: out[i] = a[i] + b[i] runs ~2x (add) to ~8x (sqrt, 1/x) faster than
    // out[o + i] = a[p + i] + b[q + i]. So the kernels below run on one index range [from, to)
    // shared by all arrays; callers with different offsets first copy one input into the out
    // range (System.arraycopy is far cheaper than a scalar loop) and then run in place.

    /**
     * {@code out[outOff + i] = op(x[xOff + i])} for {@code i} in {@code [0, n)}.
     * Modifies only that range of {@code out}; {@code out} may be {@code x} at the same offset.
     *
     * @throws IllegalArgumentException on out-of-range offsets or a partial overlap of out and x
     */
    public static void unary(Unary op, float[] x, int xOff, float[] out, int outOff, int n) {
        Objects.requireNonNull(op, "unary: op");
        String name = "unary " + op;
        checkRange(name, "x", x, xOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "x", x, xOff, out, outOff, n);
        if (xOff != outOff) {
            System.arraycopy(x, xOff, out, outOff, n);
            x = out;
        }
        unaryAligned(op, x, out, outOff, outOff + n);
    }

    /**
     * {@code out[outOff + i] = a[aOff + i] op b[bOff + i]} for {@code i} in {@code [0, n)}.
     * Modifies only that range of {@code out}; {@code out} may be {@code a} and/or {@code b} at the
     * same offset; {@code a} and {@code b} may overlap each other in any way.
     *
     * @throws IllegalArgumentException on out-of-range offsets or a partial overlap of out with an input
     */
    public static void binary(Binary op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        Objects.requireNonNull(op, "binary: op");
        String name = "binary " + op;
        checkRange(name, "a", a, aOff, n);
        checkRange(name, "b", b, bOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "a", a, aOff, out, outOff, n);
        checkOverlap(name, "b", b, bOff, out, outOff, n);
        if (aOff == outOff && bOff == outOff) {
            binaryAligned(op, a, b, out, outOff, outOff + n);
        } else if (bOff == outOff && b != out) {
            // a is not at outOff, so its range is disjoint from out's (partial overlaps were rejected)
            System.arraycopy(a, aOff, out, outOff, n);
            binaryAligned(op, out, b, out, outOff, outOff + n);
        } else if (aOff == outOff && a != out) {
            System.arraycopy(b, bOff, out, outOff, n);
            binaryAligned(op, a, out, out, outOff, outOff + n);
        } else {
            binaryShifted(op, a, aOff, b, bOff, out, outOff, n);
        }
    }

    /**
     * {@code out[outOff + i] = a[aOff + i] op s} for {@code i} in {@code [0, n)}.
     * Modifies only that range of {@code out}; {@code out} may be {@code a} at the same offset.
     */
    public static void binaryScalar(Binary op, float[] a, int aOff, float s, float[] out, int outOff, int n) {
        Objects.requireNonNull(op, "binaryScalar: op");
        String name = "binaryScalar " + op;
        checkRange(name, "a", a, aOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "a", a, aOff, out, outOff, n);
        if (aOff != outOff) {
            System.arraycopy(a, aOff, out, outOff, n);
            a = out;
        }
        binaryScalarAligned(op, a, s, out, outOff, outOff + n);
    }

    /**
     * {@code out[outOff + i] = s op b[bOff + i]} for {@code i} in {@code [0, n)} (the scalar on the
     * left, e.g. {@code 1 − b} or {@code 1 / b}). Modifies only that range of {@code out};
     * {@code out} may be {@code b} at the same offset.
     */
    public static void scalarBinary(Binary op, float s, float[] b, int bOff, float[] out, int outOff, int n) {
        Objects.requireNonNull(op, "scalarBinary: op");
        String name = "scalarBinary " + op;
        checkRange(name, "b", b, bOff, n);
        checkRange(name, "out", out, outOff, n);
        checkOverlap(name, "b", b, bOff, out, outOff, n);
        if (bOff != outOff) {
            System.arraycopy(b, bOff, out, outOff, n);
            b = out;
        }
        int from = outOff;
        int to = outOff + n;
        switch (op) {
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = s - b[i];
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = s / b[i];
                }
                break;
            default:
                // the other ops commute exactly in IEEE arithmetic
                binaryScalarAligned(op, b, s, out, from, to);
        }
    }

    private static void unaryAligned(Unary op, float[] x, float[] out, int from, int to) {
        FastKernels fast = FastKernels.active();
        if (fast != null && (op == Unary.EXP || op == Unary.TANH || op == Unary.SIGMOID)) {
            switch (op) {
                case EXP -> fast.exp(x, out, from, to);
                case TANH -> fast.tanh(x, out, from, to);
                default -> fast.sigmoid(x, out, from, to);
            }
            return;
        }
        if (viaFloat64(op, x, out, from, to)) {
            return;
        }
        switch (op) {
            case NEG:
                for (int i = from; i < to; i++) {
                    out[i] = -x[i];
                }
                break;
            case EXP:
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.exp(x[i]);
                }
                break;
            case LOG:
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.log(x[i]);
                }
                break;
            case LOG1P:
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.log1p(x[i]);
                }
                break;
            case EXPM1:
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.expm1(x[i]);
                }
                break;
            case TANH:
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.tanh(x[i]);
                }
                break;
            case SIGMOID:
                for (int i = from; i < to; i++) {
                    float v = x[i];
                    // e = exp(-|v|) never overflows; sigmoid(v) = 1/(1+e) for v >= 0 and e/(1+e) for v < 0
                    float e = (float) Math.exp(-Math.abs(v));
                    float r = 1.0f / (1.0f + e);
                    out[i] = v >= 0 ? r : e * r;
                }
                break;
            case SOFTPLUS:
                for (int i = from; i < to; i++) {
                    float v = x[i];
                    out[i] = Math.max(v, 0.0f) + (float) Math.log1p((float) Math.exp(-Math.abs(v)));
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    out[i] = Math.max(x[i], 0.0f);
                }
                break;
            case RELU_MASK:
                // clamp to [0, 1] then round up: 1 for any v > 0 (even subnormal), +0 otherwise;
                // branch-free, so it vectorises (a ternary does not)
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.ceil(Math.min(Math.max(x[i], 0.0f), 1.0f));
                }
                break;
            case SQUARE:
                for (int i = from; i < to; i++) {
                    float v = x[i];
                    out[i] = v * v;
                }
                break;
            case SQRT:
                for (int i = from; i < to; i++) {
                    out[i] = (float) Math.sqrt(x[i]);
                }
                break;
            case ABS:
                for (int i = from; i < to; i++) {
                    out[i] = Math.abs(x[i]);
                }
                break;
            case RECIPROCAL:
                for (int i = from; i < to; i++) {
                    out[i] = 1.0f / x[i];
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    private static void binaryAligned(Binary op, float[] a, float[] b, float[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + b[i];
                }
                break;
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] - b[i];
                }
                break;
            case MUL:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] * b[i];
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] / b[i];
                }
                break;
            case MAXIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.max(a[i], b[i]);
                }
                break;
            case MINIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.min(a[i], b[i]);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** Fallback when no input can be moved to out's offset (e.g. in-place {@code a += b} with b elsewhere). */
    private static void binaryShifted(Binary op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        switch (op) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] + b[bOff + i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] - b[bOff + i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] * b[bOff + i];
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = a[aOff + i] / b[bOff + i];
                }
                break;
            case MAXIMUM:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
                }
                break;
            case MINIMUM:
                for (int i = 0; i < n; i++) {
                    out[outOff + i] = Math.min(a[aOff + i], b[bOff + i]);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    private static void binaryScalarAligned(Binary op, float[] a, float s, float[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] + s;
                }
                break;
            case SUB:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] - s;
                }
                break;
            case MUL:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] * s;
                }
                break;
            case DIV:
                for (int i = from; i < to; i++) {
                    out[i] = a[i] / s;
                }
                break;
            case MAXIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.max(a[i], s);
                }
                break;
            case MINIMUM:
                for (int i = from; i < to; i++) {
                    out[i] = Math.min(a[i], s);
                }
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** {@code out = ad op bd} with ad of shape {@code as}, bd of shape {@code bs} broadcast to {@code shape}. */
    private static void binaryBroadcast(Binary op, float[] ad, int[] as, float[] bd, int[] bs, float[] out, int[] shape) {
        int n = Shape.size(shape);
        if (n == 0) {
            return;
        }
        if (ad.length == n && bd.length == n) {
            binary(op, ad, 0, bd, 0, out, 0, n);
            return;
        }
        if (bd.length == 1) {
            if (ad.length == n) {
                binaryScalar(op, ad, 0, bd[0], out, 0, n);
                return;
            }
        } else if (ad.length == 1 && bd.length == n) {
            scalarBinary(op, ad[0], bd, 0, out, 0, n);
            return;
        }
        Strided it = Strided.of(shape, broadcastStrides(as, shape), broadcastStrides(bs, shape));
        int inner = it.dims[it.rank - 1];
        int sa = it.strideA[it.rank - 1];
        int sb = it.strideB[it.rank - 1];
        int outer = n / inner;
        int[] idx = new int[it.rank];
        int ia = 0;
        int ib = 0;
        for (int o = 0, dst = 0; o < outer; o++, dst += inner) {
            if (sa == 1 && sb == 1) {
                binary(op, ad, ia, bd, ib, out, dst, inner);
            } else if (sa == 1) {
                binaryScalar(op, ad, ia, bd[ib], out, dst, inner);
            } else if (sb == 1) {
                scalarBinary(op, ad[ia], bd, ib, out, dst, inner);
            } else {
                // both operands constant along the innermost run
                binaryScalar(op, ad, ia, bd[ib], out, dst, 1);
                Arrays.fill(out, dst + 1, dst + inner, out[dst]);
            }
            for (int d = it.rank - 2; d >= 0; d--) {
                idx[d]++;
                ia += it.strideA[d];
                ib += it.strideB[d];
                if (idx[d] < it.dims[d]) {
                    break;
                }
                ia -= it.strideA[d] * it.dims[d];
                ib -= it.strideB[d] * it.dims[d];
                idx[d] = 0;
            }
        }
    }


    /** {@code out[i] = m[i] != 0 ? a[i] : b[i]} (a NaN in m counts as non-zero). */
    private static void where(float[] m, float[] a, float[] b, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = m[i] != 0.0f ? a[i] : b[i];
        }
    }

    static void checkRange(String op, String what, float[] arr, int off, int n) {
        Objects.requireNonNull(arr, op + ": " + what);
        if (n < 0 || off < 0 || off > arr.length - n) {
            throw new IllegalArgumentException(op + ": range [" + off + ", " + off + " + " + n + ") of " + what
                    + " out of bounds for an array of length " + arr.length);
        }
    }

    private static void checkOverlap(String op, String what, float[] in, int inOff, float[] out, int outOff, int n) {
        if (in == out && inOff != outOff && Math.abs(inOff - outOff) < n) {
            throw new IllegalArgumentException(op + ": out range [" + outOff + ", " + (outOff + n) + ") partially overlaps "
                    + what + " range [" + inOff + ", " + (inOff + n) + ") in the same array (only exact in-place is allowed)");
        }
    }

    // END generated float32 kernels
}
