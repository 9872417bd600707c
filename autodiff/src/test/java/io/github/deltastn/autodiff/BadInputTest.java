package io.github.deltastn.autodiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Tensor;
import org.junit.jupiter.api.Test;

class BadInputTest {

    static void assertMentions(Throwable e, String... parts) {
        assertMentions(e.getMessage(), parts);
    }

    static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message '" + message + "' should mention '" + p + "'");
        }
    }

    @Test
    void shapeMismatchNamesOpAndShapes() {
        Var a = Var.param(Tensor.zeros(2, 3));
        Var b = Var.param(Tensor.zeros(4));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> a.add(b)), "add", "[2, 3]", "[4]");
        Var c = Var.param(Tensor.zeros(3, 5));
        Var d = Var.param(Tensor.zeros(4, 2));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> c.matmul(d)), "matmul", "[3, 5]", "[4, 2]");
    }

    @Test
    void gradOfNonScalarIsRejected() {
        Var x = Var.param(Tensor.ones(2, 2));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Grad.of(x.exp(), x)),
                "Grad.of", "scalar", "[2, 2]");
    }

    @Test
    void gradWithRespectToConstantIsRejected() {
        Var x = Var.constant(Tensor.ones(2));
        Var p = Var.param(Tensor.ones(2));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Grad.of(p.mul(x).sum(), x)),
                "wrt[0]", "constant", "Var.param");
    }

    @Test
    void nestedJvpIsRejected() {
        Var x = Var.param(Tensor.ones(3));
        Var t = Var.constant(Tensor.ones(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jvp.of(a -> Jvp.of(b -> b.exp(), a, t).tangent(), x, t));
        assertMentions(e, "Jvp.of", "nested");
    }

    @Test
    void jvpTangentShapeMismatch() {
        Var x = Var.param(Tensor.ones(3));
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Jvp.of(a -> a.exp(), x, Var.constant(Tensor.ones(4)))), "Jvp.of", "[4]", "[3]");
    }

    @Test
    void differentiatingThroughStopGradientIsReported() {
        Var x = Var.param(Tensor.ones(3));
        Var loss = x.stopGradient().square().sum();
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Grad.of(loss, x)),
                "wrt[0]", "stopGradient");
        // with allowUnused the gradient is the zero it is by construction
        Var g = Grad.of(loss, java.util.List.of(x), true)[0];
        assertTrue(g.value().allClose(Tensor.zeros(3), 0, 0));
    }

    @Test
    void unusedParameterIsReported() {
        Var x = Var.param(Tensor.ones(3));
        Var y = Var.param(Tensor.ones(3));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Grad.of(x.sum(), y)),
                "does not depend", "wrt[0]");
    }

    @Test
    void customTangentMustMatchTheValueShape() {
        Var x = Var.param(Tensor.ones(2, 3));
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Jvp.withTangent(x, Var.constant(Tensor.ones(3, 2)))), "Jvp.withTangent", "[3, 2]", "[2, 3]");
        // the custom tangent replaces the generic one and stays differentiable
        Var w = Var.param(Tensor.of(new double[] {2.0}));
        Dual d = Jvp.of(v -> Jvp.withTangent(v.square(), v.mul(w)), Var.param(Tensor.of(new double[] {3.0})),
                Var.constant(Tensor.of(new double[] {1.0})));
        assertTrue(d.tangent().value().allClose(Tensor.of(new double[] {6.0}), 0, 0));
        assertTrue(Grad.of(d.tangent().sum(), w)[0].value().allClose(Tensor.of(new double[] {3.0}), 0, 0));
    }
}
