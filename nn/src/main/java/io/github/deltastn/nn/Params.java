package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.DType;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An ordered, immutable map from parameter names to {@link Var}s: what {@link Module#apply} reads.
 *
 * <p>Functional style (JAX / {@code torch.func.functional_call}): the same module runs on trainable
 * leaves ({@link #of}), on {@code Var}s the caller already holds ({@link #ofVars}), on constants for
 * evaluation ({@link #constants}), or on values with swapped-in entries ({@link #with}) such as effective
 * weights produced by a hypernetwork. {@link #grad} returns the gradients by name.
 */
public final class Params {
    private final Map<String, Var> vars;

    private Params(Map<String, Var> vars) {
        this.vars = Collections.unmodifiableMap(vars);
    }

    /** Every tensor becomes a trainable leaf ({@link Var#param}). */
    public static Params of(Map<String, Tensor> tensors) {
        Map<String, Var> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, Var.param(v)));
        return new Params(m);
    }

    /** Every tensor becomes a constant (no graph): for evaluation passes. */
    public static Params constants(Map<String, Tensor> tensors) {
        Map<String, Var> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, Var.constant(v)));
        return new Params(m);
    }

    /**
     * The given {@code Var}s as they are, in the map's order: leaves a caller already holds (so that
     * {@code Grad.of(loss, heldVar)} works after {@code apply}), values with tangents, or any mix.
     *
     * @throws IllegalArgumentException on a null name or value
     */
    public static Params ofVars(Map<String, Var> vars) {
        Map<String, Var> m = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("Params.ofVars: null name or value (entry " + k + " = " + v + ")");
            }
            m.put(k, v);
        });
        return new Params(m);
    }

    /** Trainable leaves for the names {@code trainable} accepts, constants for the rest. */
    public static Params of(Map<String, Tensor> tensors, Predicate<String> trainable) {
        Map<String, Var> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, trainable.test(k) ? Var.param(v) : Var.constant(v)));
        return new Params(m);
    }

    /** The parameter called {@code name}; the message lists the known names when it is missing. */
    public Var get(String name) {
        Var v = vars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Params: no parameter '" + name + "'; known: " + vars.keySet());
        }
        return v;
    }

    /** True when there is a parameter called {@code name}. */
    public boolean contains(String name) {
        return vars.containsKey(name);
    }

    /** A copy with {@code name} set to {@code v} (added at the end when new). */
    public Params with(String name, Var v) {
        Map<String, Var> m = new LinkedHashMap<>(vars);
        m.put(name, v);
        return new Params(m);
    }

    /** Names in order. */
    public List<String> names() {
        return new ArrayList<>(vars.keySet());
    }

    /** The {@code Var}s for {@code names}, in that order (e.g. the {@code wrt} of {@code Grad.of}). */
    public List<Var> vars(List<String> names) {
        List<Var> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(get(n));
        }
        return out;
    }

    /**
     * {@code ∂loss/∂p} for every entry {@code p} that has a graph ({@link Var#requiresGrad()}: the trainable ones;
     * constants are skipped), by name in this order: what {@code Optimizer.step} takes. First-order values as
     * {@link Grad#values(Var, Map, boolean)} computes them, like {@code torch.func.grad} over a dict.
     *
     * @throws IllegalArgumentException if the loss is not scalar or does not depend on an entry (the message
     *     names it; see {@link #grad(Var, boolean)})
     */
    public Map<String, Tensor> grad(Var loss) {
        return grad(loss, false);
    }

    /** As {@link #grad(Var)}; with {@code allowUnused}, entries the loss does not depend on get zero gradients. */
    public Map<String, Tensor> grad(Var loss, boolean allowUnused) {
        Map<String, Var> trainable = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (v.requiresGrad()) {
                trainable.put(k, v);
            }
        });
        return Grad.values(loss, trainable, allowUnused);
    }

    /** The current values, in order. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        vars.forEach((k, v) -> m.put(k, v.value()));
        return m;
    }

    /**
     * The dtype every entry shares ({@link DType#FLOAT64} when there are none).
     *
     * @throws IllegalStateException naming two entries when the dtypes differ
     */
    public DType dtype() {
        String first = null;
        DType d = null;
        for (Map.Entry<String, Var> e : vars.entrySet()) {
            DType x = e.getValue().value().dtype();
            if (d == null) {
                first = e.getKey();
                d = x;
            } else if (x != d) {
                throw new IllegalStateException("Params: '" + first + "' is " + d + " but '" + e.getKey() + "' is " + x);
            }
        }
        return d == null ? DType.FLOAT64 : d;
    }

    /** The number of parameters. */
    public int size() {
        return vars.size();
    }
}
