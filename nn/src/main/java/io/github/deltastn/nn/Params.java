package io.github.deltastn.nn;

import io.github.deltastn.autodiff.Var;
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
 * leaves ({@link #of}), on constants for evaluation ({@link #constants}), or on values with swapped-in
 * entries ({@link #with}) such as effective weights produced by a hypernetwork.
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

    /** The current values, in order. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        vars.forEach((k, v) -> m.put(k, v.value()));
        return m;
    }

    public int size() {
        return vars.size();
    }
}
