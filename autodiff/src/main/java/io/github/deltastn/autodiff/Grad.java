package io.github.deltastn.autodiff;

import io.github.deltastn.autodiff.ops.StopGradient;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Reverse mode: gradients of a scalar loss, returned (never accumulated into fields).
 *
 * <p>The backward pass walks the graph from the loss in reverse topological order, applying each
 * primitive's VJP rule. The rules are {@link Var} operations, so the returned gradients are themselves
 * differentiable (outside a {@link NoGrad} scope): {@code Grad.of} can be nested for second derivatives,
 * and called on a loss computed from a {@link Jvp} result (reverse-over-forward). Called inside
 * {@link Jvp#of}, the backward pass also carries tangents (forward-over-reverse).
 *
 * <p>Gradients have the dtype of their {@code wrt} input; the backward pass is seeded with a one of the
 * loss's dtype, so a float32 loss is differentiated in float32 throughout.
 */
public final class Grad {
    private Grad() {}

    /**
     * {@code ∂loss/∂wrt_i} for each {@code wrt_i}, same shapes as the {@code wrt_i}; differentiable again.
     *
     * @throws IllegalArgumentException if {@code loss} has more than one element, if a {@code wrt_i} is a
     *     constant, or if the loss does not depend on a {@code wrt_i} (the message says whether a
     *     {@link Var#stopGradient()} cut the path)
     */
    public static Var[] of(Var loss, Var... wrt) {
        return of(loss, Arrays.asList(wrt), false);
    }

    /**
     * As {@link #of(Var, Var...)}; with {@code allowUnused}, a {@code wrt_i} that the loss does not depend on
     * gets a zero gradient instead of the error ({@code torch.autograd.grad}'s {@code allow_unused}, with zeros
     * for {@code None}).
     */
    public static Var[] of(Var loss, List<Var> wrt, boolean allowUnused) {
        return compute(loss, wrt, allowUnused, i -> "wrt[" + i + "]");
    }

    /**
     * Gradients with respect to named inputs (a dict, as with {@code jax.grad} over a pytree): one entry per
     * entry of {@code wrt}, in its iteration order. Errors name the entry ({@code wrt['fc.weight']}).
     */
    public static Map<String, Var> of(Var loss, Map<String, Var> wrt, boolean allowUnused) {
        List<String> names = new ArrayList<>(wrt.keySet());
        Var[] g = compute(loss, new ArrayList<>(wrt.values()), allowUnused, i -> "wrt['" + names.get(i) + "']");
        Map<String, Var> out = new LinkedHashMap<>();
        for (int i = 0; i < g.length; i++) {
            out.put(names.get(i), g[i]);
        }
        return out;
    }

    /** First-order gradient values only: {@link #of(Var, Var...)} run inside a {@link NoGrad} scope (no second graph). */
    public static Tensor[] values(Var loss, Var... wrt) {
        return values(loss, Arrays.asList(wrt), false);
    }

    /** Values of {@link #of(Var, List, boolean)}, computed without a second graph; the same errors. */
    @SuppressWarnings("try") // the NoGrad scope is used for its effect only
    public static Tensor[] values(Var loss, List<Var> wrt, boolean allowUnused) {
        try (NoGrad scope = NoGrad.enter()) {
            Var[] g = of(loss, wrt, allowUnused);
            Tensor[] t = new Tensor[g.length];
            for (int i = 0; i < g.length; i++) {
                t[i] = g[i].value();
            }
            return t;
        }
    }

    /** Values of {@link #of(Var, Map, boolean)}, computed without a second graph; the same errors. */
    @SuppressWarnings("try") // the NoGrad scope is used for its effect only
    public static Map<String, Tensor> values(Var loss, Map<String, Var> wrt, boolean allowUnused) {
        try (NoGrad scope = NoGrad.enter()) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            of(loss, wrt, allowUnused).forEach((k, g) -> out.put(k, g.value()));
            return out;
        }
    }

    /**
     * {@link #values(Var, List, boolean)} written into caller-owned buffers: {@code outs[i]} (of
     * {@code wrt_i}'s shape and dtype, overwritten) receives {@code ∂loss/∂wrt_i}, bit for bit the value
     * {@code values} returns. For a training loop that reuses its gradient buffers every step: a leaf used by
     * one operation whose primitive supports it ({@link Primitive#vjpInto}: matmul, broadcast, conv2d's weight)
     * gets its gradient computed straight into its buffer, so the leaf gradients are not allocated; any other
     * leaf's gradient is computed as usual and copied. The buffers must not share storage with any value of
     * the graph (a parameter, an input, an activation).
     *
     * @throws IllegalArgumentException as {@link #values(Var, List, boolean)}; when {@code outs} has another
     *     length than {@code wrt}, a buffer is not of its input's shape and dtype, a buffer is the input's own
     *     value, or two buffers are the same tensor
     */
    @SuppressWarnings("try") // the NoGrad scope is used for its effect only
    public static void valuesInto(Var loss, List<Var> wrt, boolean allowUnused, Tensor[] outs) {
        if (outs.length != wrt.size()) {
            throw new IllegalArgumentException("Grad.valuesInto: " + wrt.size() + " inputs but " + outs.length
                    + " output buffers; expected one buffer per input");
        }
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < outs.length; i++) {
            Var w = wrt.get(i);
            Tensor o = outs[i];
            if (o == null || o.dtype() != w.dtype() || !o.hasShape(w.shape())) {
                throw new IllegalArgumentException("Grad.valuesInto: buffer " + i + " is "
                        + (o == null ? "null" : o.dtype() + " " + Shape.str(o.shape())) + ", expected " + w.dtype() + " "
                        + Shape.str(w.shape()) + " (the shape and dtype of wrt[" + i + "])");
            }
            if (o == w.value()) {
                throw new IllegalArgumentException("Grad.valuesInto: buffer " + i + " is wrt[" + i
                        + "]'s own value; pass a separate buffer");
            }
            if (seen.put(o, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("Grad.valuesInto: buffer " + i + " is passed twice");
            }
        }
        try (NoGrad scope = NoGrad.enter()) {
            compute(loss, wrt, allowUnused, i -> "wrt[" + i + "]", outs);
        }
    }

    /**
     * {@link #valuesInto(Var, List, boolean, Tensor[])} for named inputs: {@code outs} holds a buffer for every
     * key of {@code wrt}.
     *
     * @throws IllegalArgumentException as the list form, or when a key has no buffer
     */
    public static void valuesInto(Var loss, Map<String, Var> wrt, boolean allowUnused, Map<String, Tensor> outs) {
        List<String> names = new ArrayList<>(wrt.keySet());
        Tensor[] o = new Tensor[names.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = outs.get(names.get(i));
            if (o[i] == null) {
                throw new IllegalArgumentException("Grad.valuesInto: no output buffer for wrt['" + names.get(i) + "']");
            }
        }
        valuesInto(loss, new ArrayList<>(wrt.values()), allowUnused, o);
    }

    private static Var[] compute(Var loss, List<Var> wrt, boolean allowUnused, IntFunction<String> label) {
        return compute(loss, wrt, allowUnused, label, null);
    }

    /** The backward pass; with {@code into}, leaf gradients go into those buffers (values only, no graph). */
    private static Var[] compute(Var loss, List<Var> wrt, boolean allowUnused, IntFunction<String> label,
                                 Tensor[] into) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("Grad.of: the loss must be a scalar (one element), got shape "
                    + Shape.str(loss.shape()) + "; reduce it first (e.g. sum() or mean())");
        }
        for (int i = 0; i < wrt.size(); i++) {
            if (wrt.get(i).node == null) {
                throw new IllegalArgumentException("Grad.of: " + label.apply(i) + " (shape " + Shape.str(wrt.get(i).shape())
                        + ") is a constant with no graph node; create it with Var.param");
            }
        }
        List<Node> order = topologicalOrder(loss.node);
        boolean carryTangents = Jvp.active();
        Map<Node, Var> grads = new IdentityHashMap<>();
        IdentityHashMap<Node, Boolean> keep = new IdentityHashMap<>();
        for (Var w : wrt) {
            keep.put(w.node, Boolean.TRUE);
        }
        // leaves written in place: wrt leaves used by exactly one input slot of one node
        IdentityHashMap<Node, Integer> direct = new IdentityHashMap<>();
        boolean[] written = into == null ? null : new boolean[into.length];
        if (into != null && !carryTangents) {
            IdentityHashMap<Node, Integer> uses = new IdentityHashMap<>();
            for (Node n : order) {
                if (!n.isLeaf() && !(n.primitive instanceof StopGradient)) {
                    for (Var in : n.inputs) {
                        if (in.node != null) {
                            uses.merge(in.node, 1, Integer::sum);
                        }
                    }
                }
            }
            for (int i = 0; i < into.length; i++) {
                Node w = wrt.get(i).node;
                if (w.isLeaf() && uses.getOrDefault(w, 0) == 1 && !direct.containsKey(w)) {
                    direct.put(w, i);
                }
            }
        }
        if (loss.node != null) {
            grads.put(loss.node, Var.constant(Tensor.ones(loss.dtype(), loss.shape())));
        }
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            if (n.isLeaf()) {
                continue;
            }
            Var gy = keep.containsKey(n) ? grads.get(n) : grads.remove(n);
            if (gy == null) {
                continue;
            }
            Var[] xs = n.inputs;
            Var y = n.output;
            if (!carryTangents) {
                xs = new Var[n.inputs.length];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = n.inputs[i].primal();
                }
                y = y.primal();
            }
            if (!direct.isEmpty()) {
                boolean rest = false;
                Var[] xs2 = null;
                for (int i = 0; i < xs.length; i++) {
                    Integer slot = xs[i].node == null ? null : direct.get(xs[i].node);
                    if (slot != null && n.primitive.vjpInto(gy.value(), values(xs), y.value(), i, into[slot])) {
                        written[slot] = true;
                        if (xs2 == null) {
                            xs2 = xs.clone();
                        }
                        xs2[i] = Var.constant(xs[i].value());
                    } else {
                        rest |= xs[i].node != null;
                    }
                }
                if (xs2 != null) {
                    if (!rest) {
                        continue;
                    }
                    xs = xs2;
                }
            }
            Var[] gxs = n.primitive.vjp(gy, xs, y);
            for (int i = 0; i < xs.length; i++) {
                Node in = xs[i].node;
                if (in == null || gxs[i] == null) {
                    continue;
                }
                if (!gxs[i].value().hasShape(xs[i].value().shape())) {
                    throw new IllegalStateException(n.primitive.name() + ": VJP rule returned a cotangent of shape "
                            + Shape.str(gxs[i].shape()) + " for input " + i + " of shape " + Shape.str(xs[i].shape()));
                }
                if (gxs[i].dtype() != xs[i].dtype()) {
                    throw new IllegalStateException(n.primitive.name() + ": VJP rule returned a " + gxs[i].dtype()
                            + " cotangent for input " + i + " of dtype " + xs[i].dtype());
                }
                Var prev = grads.get(in);
                grads.put(in, prev == null ? gxs[i] : prev.add(gxs[i]));
            }
        }
        Var[] out = new Var[wrt.size()];
        for (int i = 0; i < out.length; i++) {
            Integer slot = written == null ? null : direct.get(wrt.get(i).node);
            if (slot != null && written[slot]) {
                out[i] = Var.constant(into[slot]);
                continue;
            }
            Var g = grads.get(wrt.get(i).node);
            if (g == null) {
                if (!allowUnused) {
                    throw new IllegalArgumentException(unusedMessage(label.apply(i), wrt.get(i), loss.node));
                }
                g = Var.constant(Tensor.zeros(wrt.get(i).dtype(), wrt.get(i).shape()));
            }
            out[i] = g;
        }
        if (into != null) {
            for (int i = 0; i < out.length; i++) {
                out[i].value().copyTo(into[i]);
            }
        }
        return out;
    }

    private static Tensor[] values(Var[] xs) {
        Tensor[] t = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            t[i] = xs[i].value();
        }
        return t;
    }

    private static String unusedMessage(String label, Var w, Node root) {
        String what = label + " (shape " + Shape.str(w.shape()) + ")";
        if (reachesOnlyThroughStop(root, w.node)) {
            return "Grad.of: " + what + " reaches the loss only through stopGradient(), so its gradient is cut; "
                    + "remove the stopGradient or pass allowUnused=true to get zeros";
        }
        return "Grad.of: the loss does not depend on " + what + "; pass allowUnused=true to get zeros";
    }

    private static boolean reachesOnlyThroughStop(Node root, Node target) {
        if (root == null) {
            return false;
        }
        for (Node n : topologicalOrder(root)) {
            if (n.primitive instanceof StopGradient) {
                for (Node m : topologicalOrder(n.inputs[0].node)) {
                    if (m == target) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Nodes reachable from {@code root}, each after all its inputs (iterative DFS; graphs can be deep). */
    static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        if (root == null) {
            return order;
        }
        IdentityHashMap<Node, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            int i = next.pop();
            boolean descended = false;
            // a StopGradient node's input is not part of the backward graph
            int limit = n.primitive instanceof StopGradient ? 0 : n.inputs.length;
            while (i < limit) {
                Node in = n.inputs[i++].node;
                if (in != null && visited.put(in, Boolean.TRUE) == null) {
                    next.push(i);
                    stack.push(in);
                    next.push(0);
                    descended = true;
                    break;
                }
            }
            if (!descended) {
                stack.pop();
                order.add(n);
            }
        }
        return order;
    }
}
