package io.github.deltastn.autodiff;

/**
 * A vertex of the reverse-mode graph: the primitive that produced a value and the inputs it was applied
 * to. Leaves ({@link Var#param}) have {@code primitive == null}. Identity matters: gradients are keyed by
 * node identity, never stored in fields.
 */
final class Node {
    final Primitive primitive;
    final Var[] inputs;
    /** The output this node produced, with its tangent if one was computed; set once after creation. */
    Var output;

    Node(Primitive primitive, Var[] inputs) {
        this.primitive = primitive;
        this.inputs = inputs;
    }

    boolean isLeaf() {
        return primitive == null;
    }
}
