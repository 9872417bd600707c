package io.github.deltastn.nn.optim;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A first-order optimizer in the optax style: {@link #step} takes the parameters and their gradients
 * as ordered name → tensor maps and returns the updated parameters as <em>new</em> tensors; the given
 * tensors are never modified, so a live graph never sees a value change under it. Per-parameter state
 * (momentum buffers, moment estimates) is kept inside, by parameter name, and can be exported and
 * restored exactly ({@link #state()}, {@link #loadState}).
 *
 * <p>Allocation: the state arrays belong to the optimizer and are updated in place (a parameter's are
 * allocated at its first step), so {@link #step} allocates only its result, once the size of the
 * parameters. Callers that own their parameter arrays and hold no graph over them can opt in to
 * {@link #stepInPlace}, which writes the same values over the parameters and allocates no array the size
 * of a parameter.
 *
 * <p>Optional weight decay is PyTorch's coupled L2 form, applied before the update rule:
 * {@code g ← g + wd·p}, skipped for the names the exclusion predicate accepts (e.g. biases).
 * The learning rate is mutable so that schedules can set it between steps.
 *
 * <p>Dtype: each parameter is updated in its own dtype, and its state has that dtype. A float32 update runs
 * in float32 arithmetic with the hyperparameters ({@code lr}, {@code β}, {@code wd}, …) rounded to float
 * (PyTorch's behaviour); the float32 loops are generated from the float64 ones by core's
 * {@code Float32Generator}. A gradient or restored state of another dtype than its parameter is an error.
 */
public abstract class Optimizer {
    private final String name;
    private final List<String> slotNames;
    private final List<Map<String, Tensor>> slots = new ArrayList<>();
    private double lr;
    private double weightDecay;
    private Predicate<String> decayExcluded = n -> false;
    private long steps;
    /** Scratch for the decayed gradient {@code g + wd·p}, one array per parameter length, reused. */
    private final Map<Integer, double[]> decayedF64 = new HashMap<>();
    /** As {@code decayedF64}, for float32 parameters. */
    private final Map<Integer, float[]> decayedF32 = new HashMap<>();

    /** An optimizer called {@code name} (in messages) with one state map per slot name. */
    protected Optimizer(String name, double lr, String... slotNames) {
        this.name = name;
        this.slotNames = List.of(slotNames);
        for (int i = 0; i < slotNames.length; i++) {
            slots.add(new LinkedHashMap<>());
        }
        setLr(lr);
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate for the next steps (finite, {@code >= 0}). */
    public void setLr(double lr) {
        if (!(lr >= 0.0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(name + ": learning rate must be finite and >= 0, got " + lr);
        }
        this.lr = lr;
    }

    /** Number of steps taken so far ({@code t} of the next step is {@code steps() + 1}). */
    public long steps() {
        return steps;
    }

    /** The coupled L2 weight decay {@code wd} (0 when off). */
    public double weightDecay() {
        return weightDecay;
    }

    /**
     * Turns on PyTorch-style weight decay {@code g ← g + wd·p} for every parameter whose name
     * {@code exclude} does not accept. Returns {@code this}.
     */
    public Optimizer setWeightDecay(double wd, Predicate<String> exclude) {
        if (!(wd >= 0.0) || Double.isInfinite(wd)) {
            throw new IllegalArgumentException(name + ": weight decay must be finite and >= 0, got " + wd);
        }
        this.weightDecay = wd;
        this.decayExcluded = exclude;
        return this;
    }

    /** A predicate for {@link #setWeightDecay}: names ending with any of the suffixes (e.g. {@code "bias"}). */
    public static Predicate<String> namesEndingWith(String... suffixes) {
        List<String> s = List.of(suffixes);
        return n -> s.stream().anyMatch(n::endsWith);
    }

    /**
     * One update of every parameter, functional: the new values go into fresh tensors.
     *
     * @param params current parameters, in order; not modified
     * @param grads a gradient of the same shape for every parameter, and nothing else; not modified
     * @return the updated parameters as new tensors, in the order of {@code params}
     * @throws IllegalArgumentException naming the parameter when a gradient is missing, extra or of the
     *     wrong shape, or when restored state does not match a parameter's shape; nothing is updated then
     */
    public final Map<String, Tensor> step(Map<String, Tensor> params, Map<String, Tensor> grads) {
        validate("step", params, grads);
        Map<String, Tensor> out = new LinkedHashMap<>();
        apply(params, grads, out);
        return out;
    }

    /**
     * The same update as {@link #step}, bit for bit, but written over the parameters: the backing array of
     * every tensor in {@code params} receives its new values, and no parameter-sized array is allocated once
     * the state exists.
     *
     * <p>Opt-in, because it breaks the convention that tensors are immutable. The caller must own the
     * parameter arrays: it created them (or copied them) and no one else holds them, in particular no live
     * graph. A graph built from these tensors for the current gradient is safe to overwrite under once its
     * backward pass has run and it is dropped: its forward values are never read again. A tensor that was
     * handed out (to a user, a checkpoint, a reshape view kept elsewhere) must be copied before this call.
     *
     * @param params current parameters, in order; overwritten with the updated values
     * @param grads as for {@link #step}; not modified
     * @throws IllegalArgumentException as {@link #step} does, and when a parameter's array is also another
     *     parameter's or any gradient's; nothing is updated then
     */
    public final void stepInPlace(Map<String, Tensor> params, Map<String, Tensor> grads) {
        validate("stepInPlace", params, grads);
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Object pd = storage(e.getValue());
            for (Map.Entry<String, Tensor> o : params.entrySet()) {
                if (storage(o.getValue()) == pd && !o.getKey().equals(e.getKey())) {
                    throw new IllegalArgumentException(name + ".stepInPlace: parameters '" + e.getKey() + "' and '"
                            + o.getKey() + "' share one array; copy one of them");
                }
            }
            for (Map.Entry<String, Tensor> g : grads.entrySet()) {
                if (storage(g.getValue()) == pd) {
                    throw new IllegalArgumentException(name + ".stepInPlace: parameter '" + e.getKey()
                            + "' shares its array with the gradient of '" + g.getKey() + "'");
                }
            }
        }
        apply(params, grads, null);
    }

    private static Object storage(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? t.floatData() : t.data();
    }

    private void validate(String op, Map<String, Tensor> params, Map<String, Tensor> grads) {
        for (String g : grads.keySet()) {
            if (!params.containsKey(g)) {
                throw new IllegalArgumentException(name + "." + op + ": gradient for '" + g
                        + "' which is not among the parameters " + params.keySet());
            }
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            String p = e.getKey();
            Tensor g = grads.get(p);
            if (g == null) {
                throw new IllegalArgumentException(name + "." + op + ": no gradient for parameter '" + p + "'");
            }
            if (!Arrays.equals(g.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(name + "." + op + ": gradient for parameter '" + p + "' has shape "
                        + Shape.str(g.shape()) + " but the parameter has shape " + Shape.str(e.getValue().shape()));
            }
            if (g.dtype() != e.getValue().dtype()) {
                throw new IllegalArgumentException(name + "." + op + ": gradient for parameter '" + p + "' is "
                        + g.dtype() + " but the parameter is " + e.getValue().dtype());
            }
            for (int s = 0; s < slotNames.size(); s++) {
                Tensor st = slots.get(s).get(p);
                if (st != null && st.dtype() != e.getValue().dtype()) {
                    throw new IllegalArgumentException(name + "." + op + ": state '" + slotNames.get(s)
                            + "' of parameter '" + p + "' is " + st.dtype() + " but the parameter is "
                            + e.getValue().dtype() + " (state restored from a run of another dtype?)");
                }
                if (st != null && !Arrays.equals(st.shape(), e.getValue().shape())) {
                    throw new IllegalArgumentException(name + "." + op + ": state '" + slotNames.get(s)
                            + "' of parameter '" + p + "' has shape " + Shape.str(st.shape())
                            + " but the parameter has shape " + Shape.str(e.getValue().shape())
                            + " (state restored for a different model?)");
                }
            }
        }
    }

    /**
     * The update of every parameter after validation: into new tensors put in {@code out}, or over the
     * parameters when {@code out} is null. The slot arrays are this optimizer's own and updated in place.
     */
    private void apply(Map<String, Tensor> params, Map<String, Tensor> grads, Map<String, Tensor> out) {
        long t = steps + 1;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            String p = e.getKey();
            Tensor param = e.getValue();
            Tensor g = grads.get(p);
            Tensor np = param.dtype() == DType.FLOAT32
                    ? applyOne(p, param, param.floatData(), g.floatData(), out == null, t)
                    : applyOne(p, param, param.data(), g.data(), out == null, t);
            if (out != null) {
                out.put(p, np);
            }
        }
        steps = t;
    }

    private static double[] arrayF64(Tensor t) {
        return t.data();
    }

    private static float[] arrayF32(Tensor t) {
        return t.floatData();
    }

    // BEGIN float64 kernels
    /**
     * The update of parameter {@code p} (values {@code pd}, gradient {@code g}): over {@code pd} when
     * {@code inPlace}, else into a new tensor, which is returned. Creates the slots at the first step.
     */
    private Tensor applyOne(String p, Tensor param, double[] pd, double[] g, boolean inPlace, long t) {
        if (weightDecay != 0.0 && !decayExcluded.test(p)) {
            double[] gd = decayedF64.computeIfAbsent(g.length, double[]::new);
            double wd = /*(float)*/weightDecay;
            for (int i = 0; i < g.length; i++) {
                gd[i] = g[i] + wd * pd[i];
            }
            g = gd;
        }
        int n = slotNames.size();
        double[][] prev = new double[n][];
        double[][] next = new double[n][];
        for (int s = 0; s < n; s++) {
            Tensor st = slots.get(s).get(p);
            prev[s] = st == null ? null : arrayF64(st);
            next[s] = st == null ? new double[pd.length] : prev[s];
        }
        double[] np = inPlace ? pd : new double[pd.length];
        update(pd, g, prev, next, np, t);
        for (int s = 0; s < n; s++) {
            if (prev[s] == null) {
                slots.get(s).put(p, Tensor.wrap(next[s], param.shape()));
            }
        }
        return inPlace ? param : Tensor.wrap(np, param.shape());
    }
    // END float64 kernels

    // BEGIN generated float32 kernels: generated from the float64 region above by Float32Generator, do not edit;
    // regenerate with: java core/src/test/java/io/github/deltastn/core/Float32Generator.java
    /**
     * The update of parameter {@code p} (values {@code pd}, gradient {@code g}): over {@code pd} when
     * {@code inPlace}, else into a new tensor, which is returned. Creates the slots at the first step.
     */
    private Tensor applyOne(String p, Tensor param, float[] pd, float[] g, boolean inPlace, long t) {
        if (weightDecay != 0.0f && !decayExcluded.test(p)) {
            float[] gd = decayedF32.computeIfAbsent(g.length, float[]::new);
            float wd = (float) weightDecay;
            for (int i = 0; i < g.length; i++) {
                gd[i] = g[i] + wd * pd[i];
            }
            g = gd;
        }
        int n = slotNames.size();
        float[][] prev = new float[n][];
        float[][] next = new float[n][];
        for (int s = 0; s < n; s++) {
            Tensor st = slots.get(s).get(p);
            prev[s] = st == null ? null : arrayF32(st);
            next[s] = st == null ? new float[pd.length] : prev[s];
        }
        float[] np = inPlace ? pd : new float[pd.length];
        update(pd, g, prev, next, np, t);
        for (int s = 0; s < n; s++) {
            if (prev[s] == null) {
                slots.get(s).put(p, Tensor.wrap(next[s], param.shape()));
            }
        }
        return inPlace ? param : Tensor.wrap(np, param.shape());
    }
    // END generated float32 kernels

    /**
     * The update rule for one parameter; writes the new parameter into {@code out} and the new slot
     * values into {@code next}.
     *
     * <p>The arrays may alias: {@code next[s]} is {@code prev[s]} once the state exists, and {@code out}
     * is {@code p} in {@link #stepInPlace}. An implementation must therefore compute element {@code i} of
     * its outputs from element {@code i} of its inputs only, reading them before writing it (an elementwise
     * rule, as every rule here is). {@code g} never aliases an output.
     *
     * @param p parameter values (read only)
     * @param g gradient, weight decay already added (read only)
     * @param prev previous slot values, {@code prev[s] == null} when this parameter has no state yet
     * @param next slot values to fill, one array per slot; a fresh zero array when {@code prev[s] == null}
     * @param out the new parameter values to fill
     * @param t the step number, 1 at the first step
     */
    protected abstract void update(double[] p, double[] g, double[][] prev, double[][] next, double[] out, long t);

    /** {@link #update(double[], double[], double[][], double[][], double[], long)} for a float32 parameter. */
    protected abstract void update(float[] p, float[] g, float[][] prev, float[][] next, float[] out, long t);

    /** The state to checkpoint, as copies that later steps do not change; see {@link OptimizerState}. */
    public OptimizerState state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int s = 0; s < slotNames.size(); s++) {
            for (Map.Entry<String, Tensor> e : slots.get(s).entrySet()) {
                m.put(slotNames.get(s) + "/" + e.getKey(), e.getValue().copy());
            }
        }
        return new OptimizerState(m, steps, lr);
    }

    /** The live slot arrays by {@code "<slot>/<parameter>"}, for tests of their reuse. */
    Map<String, double[]> slotArrays() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int s = 0; s < slotNames.size(); s++) {
            for (Map.Entry<String, Tensor> e : slots.get(s).entrySet()) {
                m.put(slotNames.get(s) + "/" + e.getKey(), e.getValue().data());
            }
        }
        return m;
    }

    /**
     * Restores a state from {@link #state()} of an optimizer of the same kind; replaces all current
     * state. The tensors are copied ({@code state} stays unchanged by later steps). Slot shapes are
     * checked against the parameters at the next {@link #step}.
     */
    public void loadState(OptimizerState state) {
        List<Map<String, Tensor>> fresh = new ArrayList<>();
        for (int s = 0; s < slotNames.size(); s++) {
            fresh.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            int s = slash < 0 ? -1 : slotNames.indexOf(key.substring(0, slash));
            if (s < 0) {
                throw new IllegalArgumentException(name + ".loadState: unexpected state tensor '" + key
                        + "'; expected names '<slot>/<parameter>' with slot in " + slotNames);
            }
            fresh.get(s).put(key.substring(slash + 1), e.getValue().copy());
        }
        if (state.steps() < 0) {
            throw new IllegalArgumentException(name + ".loadState: negative step count " + state.steps());
        }
        setLr(state.lr());
        for (int s = 0; s < slotNames.size(); s++) {
            slots.set(s, fresh.get(s));
        }
        steps = state.steps();
    }

    @Override
    public String toString() {
        return name + "(lr=" + lr + (weightDecay != 0 ? ", weight_decay=" + weightDecay : "") + ", steps=" + steps + ")";
    }
}
