package io.github.deltastn.hyper;

import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tuned hyperparameters of one model (algorithm.md §2): their descriptions, in registration order, and
 * the two trainable vectors of length {@code h}:
 * <ul>
 *   <li>{@code λ0} ({@link #lam0()}), the current unconstrained values, {@code λ0_i = T_i⁻¹(initial_i)} at
 *       the start;</li>
 *   <li>{@code s} ({@link #rawScale()}), the raw perturbation scales, {@code σ = softplus(s)} ({@link #sigma()}),
 *       {@code s_i = softplus⁻¹(σ0_i)} at the start (0.541325 for σ0 = 1).</li>
 * </ul>
 * Index {@code i} is the registration order (0-based), which is also the column of every {@code [B, h]}
 * matrix.
 *
 * <p>Life cycle: {@link #register} every hyperparameter, then {@link #freeze()} (before the optimizers for
 * λ0 and s are created — their shapes depend on {@code h}). After that, registering throws, and the state
 * is available: a trainer makes {@code Var.param}s from {@link #lam0()} and {@link #rawScale()} for each
 * hyper step and, after the optimizer step, continues with {@link #withValues}, which returns a new
 * (frozen, immutable) container with the new tensors; the old one, and any graph or {@link Perturbation}
 * built from it, is unchanged. A frozen container is immutable and may be shared between threads; an
 * unfrozen one is not thread-safe.
 */
public final class Hyperparameters {
    /** {@code log √(2πe)}: the entropy of N(0, 1), ≈ 1.4189385. */
    public static final double UNIT_GAUSSIAN_ENTROPY = 0.5 * Math.log(2.0 * Math.PI * Math.E);

    private final List<Hyperparameter> list;
    private final Map<String, Integer> indexByName;
    private boolean frozen;
    private Tensor lam0;
    private Tensor rawScale;

    /** An empty, unfrozen container. */
    public Hyperparameters() {
        this.list = new ArrayList<>();
        this.indexByName = new HashMap<>();
    }

    private Hyperparameters(List<Hyperparameter> list, Map<String, Integer> indexByName, Tensor lam0, Tensor rawScale) {
        this.list = list;
        this.indexByName = indexByName;
        this.frozen = true;
        this.lam0 = lam0;
        this.rawScale = rawScale;
    }

    // ------------------------------------------------------------------ registration

    /**
     * Adds a hyperparameter at index {@link #size()}.
     *
     * @return its index
     * @throws IllegalStateException after {@link #freeze()}
     * @throws IllegalArgumentException if the name is already registered
     */
    public int register(Hyperparameter hp) {
        Objects.requireNonNull(hp, "register: hyperparameter must not be null");
        if (frozen) {
            throw new IllegalStateException("register: cannot register hyperparameter '" + hp.name()
                    + "': the container is frozen (" + list.size() + " registered: " + names()
                    + "); register every hyperparameter before freeze()");
        }
        if (indexByName.containsKey(hp.name())) {
            throw new IllegalArgumentException("register: hyperparameter '" + hp.name() + "' is already registered at index "
                    + indexByName.get(hp.name()) + "; expected a new name");
        }
        indexByName.put(hp.name(), list.size());
        list.add(hp);
        return list.size() - 1;
    }

    /** {@code register(Hyperparameter.of(name, lo, hi, initial))}. */
    public int register(String name, double lo, double hi, double initial) {
        return register(Hyperparameter.of(name, lo, hi, initial));
    }

    /**
     * Ends registration and sets the initial state {@code λ0_i = T_i⁻¹(initial_i)}, {@code s_i = softplus⁻¹(σ0_i)}.
     * Calling it again has no effect.
     *
     * @return this
     */
    public Hyperparameters freeze() {
        if (!frozen) {
            int h = list.size();
            double[] u = new double[h];
            double[] s = new double[h];
            for (int i = 0; i < h; i++) {
                u[i] = list.get(i).initialUnconstrained();
                s[i] = list.get(i).initialRawScale();
            }
            lam0 = Tensor.wrap(u, h);
            rawScale = Tensor.wrap(s, h);
            frozen = true;
        }
        return this;
    }

    /** True after {@link #freeze()}. */
    public boolean isFrozen() {
        return frozen;
    }

    // ------------------------------------------------------------------ descriptions

    /** {@code h}, the number of registered hyperparameters. */
    public int size() {
        return list.size();
    }

    /** The descriptions in index order (unmodifiable view). */
    public List<Hyperparameter> all() {
        return Collections.unmodifiableList(list);
    }

    /** The names in index order. */
    public List<String> names() {
        List<String> n = new ArrayList<>(list.size());
        for (Hyperparameter hp : list) {
            n.add(hp.name());
        }
        return n;
    }

    /**
     * The index of {@code name}.
     *
     * @throws IllegalArgumentException if no hyperparameter has that name
     */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new IllegalArgumentException("unknown hyperparameter '" + name + "'; expected one of " + names());
        }
        return i;
    }

    /** The description at index {@code i}. */
    public Hyperparameter get(int i) {
        if (i < 0 || i >= list.size()) {
            throw new IllegalArgumentException("hyperparameter index must be in [0, " + list.size() + "), got " + i);
        }
        return list.get(i);
    }

    /** The description named {@code name}; see {@link #indexOf}. */
    public Hyperparameter get(String name) {
        return list.get(indexOf(name));
    }

    // ------------------------------------------------------------------ state

    /** {@code λ0}, the unconstrained current values, shape {@code [h]}. Requires {@link #freeze()}. */
    public Tensor lam0() {
        requireFrozen("lam0");
        return lam0;
    }

    /** {@code s}, the raw perturbation scales, shape {@code [h]}. Requires {@link #freeze()}. */
    public Tensor rawScale() {
        requireFrozen("rawScale");
        return rawScale;
    }

    /** {@code σ = softplus(s)}, shape {@code [h]}. Requires {@link #freeze()}. */
    public Tensor sigma() {
        requireFrozen("sigma");
        double[] s = rawScale.data();
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Transform.softplus(s[i]);
        }
        return Tensor.wrap(out, s.length);
    }

    /**
     * A frozen container with the same hyperparameters and the given state (e.g. the tensors an optimizer
     * step returned); this one is unchanged. Pass {@link #rawScale()} when the scales are not tuned.
     *
     * @param lam0 new {@code λ0}, shape {@code [h]}, finite
     * @param rawScale new {@code s}, shape {@code [h]}, finite
     * @throws IllegalStateException before {@link #freeze()}
     * @throws IllegalArgumentException on a wrong shape or a non-finite element (naming the hyperparameter)
     */
    public Hyperparameters withValues(Tensor lam0, Tensor rawScale) {
        requireFrozen("withValues");
        checkState("withValues", "lam0", lam0);
        checkState("withValues", "rawScale", rawScale);
        return new Hyperparameters(list, indexByName, lam0, rawScale);
    }

    private void checkState(String where, String what, Tensor t) {
        Objects.requireNonNull(t, where + ": " + what + " must not be null");
        int h = list.size();
        if (!t.hasShape(h)) {
            throw new IllegalArgumentException(where + ": " + what + " must have shape [" + h + "] (one entry per hyperparameter), got "
                    + Shape.str(t.shape()));
        }
        double[] d = t.data();
        for (int i = 0; i < h; i++) {
            if (!Double.isFinite(d[i])) {
                throw new IllegalArgumentException(where + ": " + what + " of hyperparameter '" + list.get(i).name()
                        + "' (index " + i + ") must be finite, got " + d[i]);
            }
        }
    }

    /**
     * The current constrained values {@code T_i(λ0_i)}, integer-truncated for discrete hyperparameters
     * ({@link Hyperparameter#currentValue}), shape {@code [h]}. Requires {@link #freeze()}.
     */
    public Tensor currentValues() {
        requireFrozen("currentValues");
        double[] u = lam0.data();
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = list.get(i).currentValue(u[i]);
        }
        return Tensor.wrap(out, u.length);
    }

    /** The current constrained value of {@code name}; see {@link #currentValues()}. */
    public double currentValue(String name) {
        requireFrozen("currentValue");
        int i = indexOf(name);
        return list.get(i).currentValue(lam0.data()[i]);
    }

    // ------------------------------------------------------------------ perturbation and entropy

    /**
     * Draws the perturbation noise for a batch: {@code n ~ N(0, 1)} i.i.d., shape {@code [B, h]}, filled row
     * by row from {@code rng}; a column flagged {@code samePerturbationPerBatch} then takes row 0's value in
     * every row. The result refers to this (frozen) state; see {@link Perturbation}.
     *
     * @throws IllegalArgumentException if {@code batchSize < 1}
     * @throws IllegalStateException before {@link #freeze()}
     */
    public Perturbation sample(int batchSize, Rng rng) {
        requireFrozen("sample");
        if (batchSize < 1) {
            throw new IllegalArgumentException("sample: batch size must be >= 1, got " + batchSize);
        }
        Objects.requireNonNull(rng, "sample: rng must not be null");
        int h = list.size();
        Tensor n = Tensor.normal(rng, 0.0, 1.0, batchSize, h);
        double[] d = n.data();
        for (int i = 0; i < h; i++) {
            if (list.get(i).samePerturbationPerBatch()) {
                for (int b = 1; b < batchSize; b++) {
                    d[b * h + i] = d[i];
                }
            }
        }
        return new Perturbation(this, n);
    }

    /**
     * The entropy of the perturbation distribution N(0, diag σ²) (algorithm.md §2.7):
     * {@code H = Σ_i log(σ_i·√(2πe))} with {@code σ = softplus(s)}, a scalar differentiable in {@code s};
     * {@code ∂H/∂s_i = sigmoid(s_i)/softplus(s_i)}. About 1.41894 per hyperparameter at σ = 1. It tends to
     * −∞ as σ_i → 0 (below {@code s ≈ −745} σ underflows to 0 and H is −∞).
     *
     * @param rawScale {@code s}, shape {@code [h]}
     */
    public Var entropy(Var rawScale) {
        int h = list.size();
        if (!rawScale.value().hasShape(h)) {
            throw new IllegalArgumentException("entropy: rawScale must have shape [" + h + "], got "
                    + Shape.str(rawScale.shape()));
        }
        return rawScale.softplus().log().sum().add(h * UNIT_GAUSSIAN_ENTROPY);
    }

    /**
     * Each column's transform applied differentiably: {@code y[..., i] = T_i(u[..., i])}, same shape as
     * {@code u} ({@code [h]} or {@code [B, h]}). Discrete hyperparameters are not floored here (floor has zero
     * derivative); use {@link Perturbation#values()} / {@link #currentValues()} for the values the model uses.
     *
     * @throws IllegalArgumentException if the last axis is not {@code h} or an element is outside its
     *     transform's domain
     */
    public Var constrain(Var u) {
        int h = list.size();
        int[] s = u.shape();
        if (s.length == 0 || s[s.length - 1] != h) {
            throw new IllegalArgumentException("constrain: u must have last axis " + h + " (one column per hyperparameter), got shape "
                    + Shape.str(s));
        }
        if (h == 0) {
            return u;
        }
        int axis = s.length - 1;
        Var[] cols = new Var[h];
        for (int i = 0; i < h; i++) {
            Var col = u.slice(axis, i, i + 1);
            try {
                cols[i] = list.get(i).transform().forward(col);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("constrain: hyperparameter '" + list.get(i).name() + "': " + e.getMessage(), e);
            }
        }
        return h == 1 ? cols[0] : Var.concat(axis, cols);
    }

    private void requireFrozen(String where) {
        if (!frozen) {
            throw new IllegalStateException(where + ": the container is not frozen yet (" + list.size()
                    + " registered: " + names() + "); call freeze() after registering every hyperparameter");
        }
    }

    @Override
    public String toString() {
        return "Hyperparameters" + list + (frozen ? ", lam0=" + lam0 + ", s=" + rawScale : ", not frozen");
    }
}
