package io.github.deltastn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.Grad;
import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LstmTest {

    /** A hand-written LSTM over plain arrays, PyTorch gate order; independent of the Var code. */
    private static final class Reference {
        final double[][] out; // [T][B*H] of the last layer
        final double[][] h; // [L][B*H] final
        final double[][] c;

        /**
         * @param masksBetween per layer (but the last) a [B*H] mask applied to that layer's outputs before the next
         *     layer, or null
         */
        Reference(Lstm lstm, Map<String, Tensor> p, Tensor x, double[][] h0, double[][] c0, double[][] masksBetween) {
            int steps = x.dim(0);
            int batch = x.dim(1);
            int hid = lstm.hiddenSize();
            int layers = lstm.numLayers();
            h = new double[layers][];
            c = new double[layers][];
            double[][] in = new double[steps][];
            for (int t = 0; t < steps; t++) {
                in[t] = new double[batch * lstm.inputSize()];
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < lstm.inputSize(); j++) {
                        in[t][b * lstm.inputSize() + j] = x.get(t, b, j);
                    }
                }
            }
            for (int k = 0; k < layers; k++) {
                int nin = lstm.layerInputSize(k);
                Tensor wih = p.get(lstm.weightIhName(k));
                Tensor whh = p.get(lstm.weightHhName(k));
                Tensor bih = p.get(lstm.biasIhName(k));
                Tensor bhh = p.get(lstm.biasHhName(k));
                double[] hk = h0[k].clone();
                double[] ck = c0[k].clone();
                double[][] outs = new double[steps][];
                for (int t = 0; t < steps; t++) {
                    double[] hn = new double[batch * hid];
                    double[] cn = new double[batch * hid];
                    for (int b = 0; b < batch; b++) {
                        for (int j = 0; j < hid; j++) {
                            double[] pre = new double[4];
                            for (int gate = 0; gate < 4; gate++) {
                                int row = gate * hid + j;
                                double s = bih.get(row) + bhh.get(row);
                                for (int q = 0; q < nin; q++) {
                                    s += wih.get(row, q) * in[t][b * nin + q];
                                }
                                for (int q = 0; q < hid; q++) {
                                    s += whh.get(row, q) * hk[b * hid + q];
                                }
                                pre[gate] = s;
                            }
                            double ig = sigmoid(pre[0]);
                            double fg = sigmoid(pre[1]);
                            double gg = Math.tanh(pre[2]);
                            double og = sigmoid(pre[3]);
                            cn[b * hid + j] = fg * ck[b * hid + j] + ig * gg;
                            hn[b * hid + j] = og * Math.tanh(cn[b * hid + j]);
                        }
                    }
                    hk = hn;
                    ck = cn;
                    outs[t] = hn.clone();
                    if (masksBetween != null && k < layers - 1) {
                        for (int i = 0; i < outs[t].length; i++) {
                            outs[t][i] *= masksBetween[k][i];
                        }
                    }
                }
                h[k] = hk;
                c[k] = ck;
                in = outs;
            }
            out = in;
        }

        static double sigmoid(double v) {
            return 1 / (1 + Math.exp(-v));
        }
    }

    private static double[][] random(Rng r, int layers, int n) {
        double[][] a = new double[layers][n];
        for (double[] row : a) {
            for (int i = 0; i < n; i++) {
                row[i] = r.uniform() - 0.5;
            }
        }
        return a;
    }

    private static Lstm.State state(double[][] h, double[][] c, int batch, int hid) {
        List<Var> hs = new ArrayList<>();
        List<Var> cs = new ArrayList<>();
        for (int k = 0; k < h.length; k++) {
            hs.add(Var.constant(Tensor.of(h[k], batch, hid)));
            cs.add(Var.constant(Tensor.of(c[k], batch, hid)));
        }
        return new Lstm.State(hs, cs);
    }

    private static void assertMatches(double[] expected, Tensor actual, double tol) {
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.data()[i], tol, "entry " + i);
        }
    }

    @Test
    void forwardMatchesHandWrittenLoop() {
        Rng r = new Rng(11);
        int steps = 4;
        int batch = 3;
        int hid = 5;
        Lstm lstm = new Lstm("rnn", 2, hid, 2);
        Map<String, Tensor> p = lstm.init(r);
        Tensor x = Tensor.normal(r, 0, 1, steps, batch, 2);
        double[][] h0 = random(r, 2, batch * hid);
        double[][] c0 = random(r, 2, batch * hid);
        Reference ref = new Reference(lstm, p, x, h0, c0, null);
        Lstm.Output y = lstm.apply(Params.constants(p), Var.constant(x), state(h0, c0, batch, hid));
        assertTrue(y.output().value().hasShape(steps, batch, hid));
        for (int t = 0; t < steps; t++) {
            assertMatches(ref.out[t], y.output().value().slice(0, t, t + 1), 1e-14);
        }
        for (int k = 0; k < 2; k++) {
            assertMatches(ref.h[k], y.state().h().get(k).value(), 1e-14);
            assertMatches(ref.c[k], y.state().c().get(k).value(), 1e-14);
        }
        // the default initial state is zero
        Reference fromZero = new Reference(lstm, p, x, new double[2][batch * hid], new double[2][batch * hid], null);
        assertMatches(fromZero.out[steps - 1],
                lstm.apply(Params.constants(p), Var.constant(x)).output().value().slice(0, steps - 1, steps), 1e-14);
    }

    @Test
    void singleUnitCellByHand() {
        // H = 1: a = gx + gh = [0, 1, 2, -1] ⇒ i = σ(0), f = σ(1), g = tanh(2), o = σ(-1)
        Var gx = Var.constant(Tensor.of(new double[] {0.5, 1, 1.5, -1}, 1, 4));
        Var gh = Var.constant(Tensor.of(new double[] {-0.5, 0, 0.5, 0}, 1, 4));
        Lstm.Step s = Lstm.cell(gx, gh, Var.constant(Tensor.of(new double[] {0.3}, 1, 1)));
        double c = Reference.sigmoid(1) * 0.3 + 0.5 * Math.tanh(2);
        assertEquals(c, s.c().item(), 1e-15);
        assertEquals(Reference.sigmoid(-1) * Math.tanh(c), s.h().item(), 1e-15);
    }

    @Test
    void initFollowsPytorchLayoutAndBounds() {
        Lstm lstm = new Lstm("enc", 3, 4, 2);
        Map<String, Tensor> p = lstm.init(new Rng(1));
        assertEquals(List.of("enc.l0.weight_ih", "enc.l0.weight_hh", "enc.l0.bias_ih", "enc.l0.bias_hh",
                "enc.l1.weight_ih", "enc.l1.weight_hh", "enc.l1.bias_ih", "enc.l1.bias_hh"), new ArrayList<>(p.keySet()));
        assertTrue(p.get("enc.l0.weight_ih").hasShape(16, 3));
        assertTrue(p.get("enc.l1.weight_ih").hasShape(16, 4));
        assertTrue(p.get("enc.l1.weight_hh").hasShape(16, 4));
        assertTrue(p.get("enc.l1.bias_hh").hasShape(16));
        double bound = 1 / Math.sqrt(4);
        double maxAbs = 0;
        for (Tensor t : p.values()) {
            for (double v : t.data()) {
                assertTrue(Math.abs(v) <= bound);
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        assertTrue(maxAbs > 0.8 * bound, "uses the whole range U(-1/sqrt(H), 1/sqrt(H))");
    }

    @Test
    void badShapesNameTheLayerAndTheShapes() {
        Lstm lstm = new Lstm("enc", 3, 4, 2);
        Params p = Params.constants(lstm.init(new Rng(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.apply(p, Var.constant(Tensor.zeros(2, 5, 3, 1))));
        assertTrue(e.getMessage().contains("'enc'") && e.getMessage().contains("[2, 5, 3, 1]")
                && e.getMessage().contains("[T, B, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.apply(p, Var.constant(Tensor.zeros(2, 5, 2))));
        assertTrue(e.getMessage().contains("[2, 5, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> lstm.apply(p, Var.constant(Tensor.zeros(2, 5, 3)), lstm.zeroState(4)));
        assertTrue(e.getMessage().contains("'enc'") && e.getMessage().contains("[4, 4]")
                && e.getMessage().contains("[5, 4]"), e.getMessage());
        Lstm.State oneLayer = new Lstm.State(lstm.zeroState(5).h().subList(0, 1), lstm.zeroState(5).c().subList(0, 1));
        e = assertThrows(IllegalArgumentException.class, () -> lstm.apply(p, Var.constant(Tensor.zeros(2, 5, 3)), oneLayer));
        assertTrue(e.getMessage().contains("2 layers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lstm.cell(Var.constant(Tensor.zeros(2, 8)),
                Var.constant(Tensor.zeros(2, 8)), Var.constant(Tensor.zeros(2, 3))));
        assertTrue(e.getMessage().contains("[2, 8]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lstm.weightHhName(2));
        assertThrows(IllegalArgumentException.class, () -> new Lstm("x", 0, 4, 1));
    }

    @Test
    void cellPassesOrderTwoGradientCheck() {
        Rng r = new Rng(5);
        GradCheck.check(v -> {
            Lstm.Step s = Lstm.cell(v[0], v[1], v[2]);
            return Var.concat(1, s.h(), s.c());
        }, new Tensor[] {Tensor.normal(r, 0, 1, 2, 12), Tensor.normal(r, 0, 1, 2, 12), Tensor.normal(r, 0, 1, 2, 3)}, 2, r);
        // the standard cell with its weights: x, h, c, W_ih, W_hh, b_ih, b_hh
        Lstm lstm = new Lstm("cell", 2, 3, 1);
        Map<String, Tensor> init = lstm.init(r);
        List<String> names = new ArrayList<>(init.keySet());
        GradCheck.check(v -> {
            Params p = bind(init, names, v, 3);
            Lstm.Step s = lstm.cell(p, 0, v[0], v[1], v[2]);
            return Var.concat(1, s.h(), s.c());
        }, concat(new Tensor[] {Tensor.normal(r, 0, 1, 2, 2), Tensor.normal(r, 0, 0.5, 2, 3),
                Tensor.normal(r, 0, 0.5, 2, 3)}, init, names), 2, r);
    }

    @Test
    void unrolledTwoLayerLstmPassesOrderTwoGradientCheck() {
        Rng r = new Rng(6);
        Lstm lstm = new Lstm("rnn", 2, 2, 2);
        Map<String, Tensor> init = lstm.init(r);
        List<String> names = new ArrayList<>(init.keySet());
        // inputs: x [2, 2, 2], h0 and c0 of both layers, then all eight parameters
        Tensor[] xs = concat(new Tensor[] {Tensor.normal(r, 0, 1, 2, 2, 2), Tensor.normal(r, 0, 0.5, 2, 2),
                Tensor.normal(r, 0, 0.5, 2, 2), Tensor.normal(r, 0, 0.5, 2, 2), Tensor.normal(r, 0, 0.5, 2, 2)},
                init, names);
        GradCheck.check(v -> {
            Params p = bind(init, names, v, 5);
            Lstm.State s0 = new Lstm.State(List.of(v[1], v[3]), List.of(v[2], v[4]));
            Lstm.Output y = lstm.apply(p, v[0], s0);
            Lstm.State s = y.state();
            return Var.concat(0, y.output().reshape(-1), s.h().get(0).reshape(-1), s.c().get(0).reshape(-1),
                    s.c().get(1).reshape(-1));
        }, xs, 2, r);
    }

    @Test
    void segmentsWithCarriedStateEqualOneLongRunAndDetachCutsTheGradient() {
        Rng r = new Rng(7);
        Lstm lstm = new Lstm("rnn", 3, 4, 2);
        Params p = Params.of(lstm.init(r));
        Tensor x = Tensor.normal(r, 0, 1, 6, 2, 3);
        Lstm.Output whole = lstm.apply(p, Var.constant(x));
        Var x1 = Var.param(x.slice(0, 0, 4));
        Lstm.Output first = lstm.apply(p, x1);
        Lstm.State carried = first.state().detach();
        for (Var v : carried.h()) {
            assertNull(v.tangent());
            assertTrue(!v.requiresGrad());
        }
        Lstm.Output second = lstm.apply(p, Var.constant(x.slice(0, 4, 6)), carried);
        assertTrue(whole.output().value().slice(0, 4, 6).allClose(second.output().value(), 0, 1e-14));
        assertTrue(whole.state().c().get(1).value().allClose(second.state().c().get(1).value(), 0, 1e-14));
        // the second segment's loss does not reach the first segment's input
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grad.of(second.output().sum(), x1));
        assertTrue(e.getMessage().contains("does not depend"), e.getMessage());
        // without detaching it does
        Lstm.Output attached = lstm.apply(p, Var.constant(x.slice(0, 4, 6)), first.state());
        assertTrue(Grad.of(attached.output().sum(), x1)[0].value().maxAbsDiff(Tensor.zeros(4, 2, 3)) > 0);
    }

    @Test
    void lockedDropoutBetweenLayersAndDropConnectOnHiddenWeights() {
        Rng r = new Rng(8);
        int steps = 3;
        int batch = 2;
        int hid = 4;
        Lstm lstm = new Lstm("rnn", 3, hid, 2);
        Map<String, Tensor> init = lstm.init(r);
        Params p = Params.of(init);
        Tensor rates = Tensor.of(new double[] {0.4, 0.4});
        Tensor inMask = Dropout.lockedMask(r, rates, batch, 3);
        Tensor midMask = Dropout.lockedMask(r, rates, batch, hid);
        Tensor outMask = Dropout.lockedMask(r, rates, batch, hid);
        Tensor wMask = Dropout.weightMask(r, 0.5, 4 * hid, hid);
        String whh = lstm.weightHhName(1);
        Params masked = p.with(whh, Dropout.apply(p.get(whh), wMask));
        Tensor x = Tensor.normal(r, 0, 1, steps, batch, 3);

        Var xIn = Dropout.apply(Var.constant(x), inMask); // [T, B, F] ⊙ [B, F]: one mask for all steps
        Lstm.Output y = lstm.apply(masked, xIn, lstm.zeroState(batch), (k, h) -> Dropout.apply(h, midMask));
        Var out = Dropout.apply(y.output(), outMask);

        Map<String, Tensor> refParams = new java.util.LinkedHashMap<>(init);
        refParams.put(whh, Tensor.of(mulArrays(init.get(whh).data(), wMask.data()), 4 * hid, hid));
        double[] xm = new double[x.size()];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < batch * 3; i++) {
                xm[t * batch * 3 + i] = x.data()[t * batch * 3 + i] * inMask.data()[i];
            }
        }
        Reference ref = new Reference(lstm, refParams, Tensor.of(xm, steps, batch, 3), new double[2][batch * hid],
                new double[2][batch * hid], new double[][] {midMask.data()});
        for (int t = 0; t < steps; t++) {
            assertMatches(mulArrays(ref.out[t], outMask.data()), out.value().slice(0, t, t + 1), 1e-14);
        }
        // gradients reach the unmasked parameter, and are zero exactly where DropConnect dropped a weight
        Tensor g = Grad.values(out.square().sum(), p.get(whh))[0];
        int dropped = 0;
        for (int i = 0; i < g.size(); i++) {
            if (wMask.data()[i] == 0) {
                assertEquals(0.0, g.data()[i], 0.0);
                dropped++;
            } else {
                assertTrue(g.data()[i] != 0.0);
            }
        }
        assertTrue(dropped > 0 && dropped < g.size());
    }

    private static double[] mulArrays(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    /** Params with {@code names[i]} bound to {@code v[offset + i]}. */
    private static Params bind(Map<String, Tensor> template, List<String> names, Var[] v, int offset) {
        Params p = Params.constants(template);
        for (int i = 0; i < names.size(); i++) {
            p = p.with(names.get(i), v[offset + i]);
        }
        return p;
    }

    private static Tensor[] concat(Tensor[] head, Map<String, Tensor> params, List<String> names) {
        Tensor[] all = new Tensor[head.length + names.size()];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < names.size(); i++) {
            all[head.length + i] = params.get(names.get(i));
        }
        return all;
    }
}
