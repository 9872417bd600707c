package io.github.deltastn.structured;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.autodiff.GradCheck;
import io.github.deltastn.autodiff.Jvp;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.Lstm;
import io.github.deltastn.nn.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredSequenceLayersTest {
    static final int T = 3;
    static final int B = 2;
    static final int F = 3;
    static final int HID = 4;
    static final int H = 2;

    @Test
    void atInitialisationTheStructuredLstmIsAPlainLstm() {
        Rng r = new Rng(1);
        StructuredLstm s = new StructuredLstm("rnn", F, HID, 2, H);
        Map<String, Tensor> sp = s.init(r);
        Lstm plain = new Lstm("lstm", F, HID, 2);
        Map<String, Tensor> pp = new LinkedHashMap<>();
        for (int k = 0; k < 2; k++) {
            pp.put(plain.weightIhName(k), sp.get("rnn.l" + k + ".ih.W_g"));
            pp.put(plain.weightHhName(k), sp.get("rnn.l" + k + ".hh.W_g"));
            pp.put(plain.biasIhName(k), sp.get("rnn.l" + k + ".ih.b_g"));
            pp.put(plain.biasHhName(k), sp.get("rnn.l" + k + ".hh.b_g"));
        }
        Var x = Var.constant(Tensor.normal(r, 0, 1, T, B, F));
        Tensor expected = plain.apply(Params.constants(pp), x).output().value();
        Var z = Var.constant(Tensor.normal(r, 0, 2, B, H));
        Tensor got = s.apply(Params.constants(sp), x, z, s.zeroState(B), null).output().value();
        assertTrue(got.allClose(expected, 0, 1e-15), "max diff " + got.maxAbsDiff(expected));
    }

    @Test
    void tangentThroughTheRecurrenceMatchesCentralDifferences() {
        Rng r = new Rng(2);
        StructuredLstm s = new StructuredLstm("rnn", F, HID, 2, H);
        Params p = Params.constants(StructuredLayersTest.active(s.init(r), r));
        Var x = Var.constant(Tensor.normal(r, 0, 1, T, B, F));
        Tensor z0 = Tensor.normal(r, 0, 1, B, H);
        Tensor eps = Tensor.normal(r, 0, 1, B, H);
        Tensor t = Jvp.of(z -> s.apply(p, x, z, s.zeroState(B), null).output(), Var.constant(z0), Var.constant(eps))
                .tangent().value();
        double h = 1e-6;
        Tensor plus = s.apply(p, x, Var.constant(shift(z0, eps, h)), s.zeroState(B), null).output().value();
        Tensor minus = s.apply(p, x, Var.constant(shift(z0, eps, -h)), s.zeroState(B), null).output().value();
        Tensor fd = Var.constant(plus).sub(Var.constant(minus)).mul(1 / (2 * h)).value();
        assertTrue(t.allClose(fd, 1e-5, 1e-7), "max diff " + t.maxAbsDiff(fd));
    }

    @Test
    void tangentAtZeroThroughTheRecurrenceAndEmbeddingMatchesCentralDifferences() {
        Rng r = new Rng(5);
        StructuredLstm s = new StructuredLstm("rnn", F, HID, 2, H);
        StructuredEmbedding e = new StructuredEmbedding("emb", 6, F, H);
        Map<String, Tensor> init = new LinkedHashMap<>(StructuredLayersTest.active(s.init(r), r));
        init.putAll(e.init(r));
        init.put("emb.U", Tensor.normal(r, 0, 0.5, F, H));
        Params p = Params.constants(init);
        int[] tokens = {1, 5, 0, 2, 2, 4};                                  // T = 3, B = 2
        java.util.function.Function<Var, Var> net = z ->
                s.apply(p, e.apply(p, tokens, B, z).reshape(T, B, F), z, s.zeroState(B), null).output();
        Tensor eps = Tensor.normal(r, 0, 1, B, H);
        Tensor t = Jvp.of(net, Var.constant(Tensor.zeros(B, H)), Var.constant(eps)).tangent().value();
        double h = 1e-6;
        Tensor plus = net.apply(Var.constant(shift(Tensor.zeros(B, H), eps, h))).value();
        Tensor minus = net.apply(Var.constant(shift(Tensor.zeros(B, H), eps, -h))).value();
        Tensor fd = Var.constant(plus).sub(Var.constant(minus)).mul(1 / (2 * h)).value();
        assertTrue(t.allClose(fd, 1e-5, 1e-7), "max diff " + t.maxAbsDiff(fd));
    }

    @Test
    void structuredLstmPassesOrderTwoGradientChecks() {
        Rng r = new Rng(3);
        StructuredLstm s = new StructuredLstm("rnn", 2, 2, 2, 1);
        Map<String, Tensor> init = StructuredLayersTest.active(s.init(r), r);
        String[] names = {"rnn.l0.ih.U", "rnn.l1.hh.W_r", "rnn.l0.hh.V"};
        Tensor[] xs = {init.get(names[0]), init.get(names[1]), init.get(names[2]),
            Tensor.normal(r, 0, 1, 2, 2, 2), Tensor.normal(r, 0, 1, 2, 1)};
        GradCheck.check(v -> {
            Params p = Params.constants(init);
            for (int i = 0; i < names.length; i++) {
                p = p.with(names[i], v[i]);
            }
            return s.apply(p, v[3], v[4], s.zeroState(2), null).output();
        }, xs, 2, r);
    }

    @Test
    void embeddingScalesTheResponseTablePerDimension() {
        Rng r = new Rng(4);
        StructuredEmbedding e = new StructuredEmbedding("emb", 5, 3, H);
        Map<String, Tensor> init = new LinkedHashMap<>(e.init(r));
        init.put("emb.U", Tensor.normal(r, 0, 1, 3, H));
        Params p = Params.constants(init);
        int[] tokens = {4, 0, 2, 2};                               // T = 2, B = 2
        Tensor z = Tensor.normal(r, 0, 1, 2, H);
        Tensor y = e.apply(p, tokens, 2, Var.constant(z)).value();
        for (int i = 0; i < tokens.length; i++) {
            int b = i % 2;
            for (int j = 0; j < 3; j++) {
                double scale = 0;
                for (int k = 0; k < H; k++) {
                    scale += init.get("emb.U").get(j, k) * z.get(b, k);
                }
                double expected = init.get("emb.E_g").get(tokens[i], j) + scale * init.get("emb.E_r").get(tokens[i], j);
                assertTrue(Math.abs(y.get(i, j) - expected) < 1e-14);
            }
        }
        GradCheck.check(v -> e.apply(Params.constants(init).with("emb.E_g", v[0]).with("emb.E_r", v[1]).with("emb.U", v[2]),
                        tokens, 2, v[3]).tanh(),
                new Tensor[] {init.get("emb.E_g"), init.get("emb.E_r"), init.get("emb.U"), z}, 2, r);
    }

    static Tensor shift(Tensor x, Tensor d, double h) {
        return Var.constant(x).add(Var.constant(d).mul(h)).value();
    }
}
