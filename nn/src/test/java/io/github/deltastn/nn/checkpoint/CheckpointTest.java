package io.github.deltastn.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.optim.Adam;
import io.github.deltastn.nn.optim.OptimizerState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final double NAN_WITH_PAYLOAD = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);

    private static Checkpoint sample() {
        Tensor big = Tensor.normal(new Rng(2), 0, 1, 100, 200); // spans several I/O chunks
        return Checkpoint.builder()
                .putTensor("model/w", Tensor.wrap(new double[] {1.5, -0.0, NAN_WITH_PAYLOAD, Double.POSITIVE_INFINITY,
                        Double.MIN_VALUE, -Double.MAX_VALUE}, 2, 3))
                .putTensor("model/scalar", Tensor.scalar(Math.PI))
                .putTensor("model/empty", Tensor.zeros(0, 3))
                .putTensor("model/big", big)
                .putLong("rng/data", Long.MIN_VALUE)
                .putLong("epoch", 7)
                .putString("method", "delta-stn")
                .putString("note", "λ₀ ünïcode, and an empty one next")
                .putString("empty", "")
                .build();
    }

    private static void assertBitExact(Checkpoint a, Checkpoint b) {
        assertEquals(List.copyOf(a.tensors().keySet()), List.copyOf(b.tensors().keySet()));
        for (String n : a.tensors().keySet()) {
            Tensor x = a.tensor(n);
            Tensor y = b.tensor(n);
            assertArrayEquals(x.shape(), y.shape(), n);
            for (int i = 0; i < x.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(x.data()[i]), Double.doubleToRawLongBits(y.data()[i]), n + "[" + i + "]");
            }
        }
        assertEquals(a.longs(), b.longs());
        assertEquals(a.strings(), b.strings());
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Path f = dir.resolve("sub/dir/ckpt.bin"); // parent folders are created
        Checkpoint c = sample();
        c.save(f);
        Checkpoint back = Checkpoint.load(f);
        assertBitExact(c, back);
        assertEquals(Math.PI, back.getDouble("model/scalar"));
        assertEquals(Long.MIN_VALUE, back.getLong("rng/data"));
        byte[] bytes = Files.readAllBytes(f);
        assertArrayEquals("DSTNCKPT".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 8));
        assertEquals(Checkpoint.VERSION, ByteBuffer.wrap(bytes, 8, 4).getInt());
    }

    @Test
    void optimizerAndLoaderStatesRoundTrip() throws IOException {
        Adam opt = new Adam(0.01);
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("fc.weight", Tensor.wrap(new double[] {1, 2, 3, 4}, 2, 2));
        p.put("fc.bias", Tensor.zeros(2));
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("fc.weight", Tensor.wrap(new double[] {0.1, -0.2, 0.3, -0.4}, 2, 2));
        g.put("fc.bias", Tensor.wrap(new double[] {1, -1}, 2));
        p = opt.step(p, g);
        DataLoader loader = new DataLoader(io.github.deltastn.nn.data.Dataset.regression(Tensor.zeros(10, 1), Tensor.zeros(10)),
                3, true, new Rng(9));
        loader.next();
        loader.next();

        Path f = dir.resolve("ckpt");
        Checkpoint.builder().putTensors("model", p).putOptimizer("optim/general", opt.state())
                .putLoader("loader/train", loader.state()).build().save(f);
        Checkpoint c = Checkpoint.load(f);

        OptimizerState s = c.optimizerState("optim/general");
        assertEquals(1, s.steps());
        assertEquals(0.01, s.lr());
        assertEquals(opt.state().tensors(), s.tensors());
        Adam resumed = new Adam(0.5);
        resumed.loadState(s);
        assertEquals(opt.step(p, g), resumed.step(c.restore("model", p), g));

        DataLoader other = new DataLoader(loader.dataset(), 3, true, new Rng(0));
        other.restore(c.loaderState("loader/train"));
        assertArrayEquals(loader.next().indices(), other.next().indices());
    }

    @Test
    void restoreNamesTheParameterAndBothShapes() throws IOException {
        Path f = dir.resolve("ckpt");
        Checkpoint.builder().putTensor("model/fc1.weight", Tensor.zeros(10, 5)).putTensor("model/fc1.bias", Tensor.zeros(10))
                .build().save(f);
        Checkpoint c = Checkpoint.load(f);
        Map<String, Tensor> like = new LinkedHashMap<>();
        like.put("fc1.weight", Tensor.zeros(10, 6));
        like.put("fc1.bias", Tensor.zeros(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.restore("model", like));
        assertTrue(e.getMessage().contains("'fc1.weight'") && e.getMessage().contains("[10, 5]")
                && e.getMessage().contains("[10, 6]"), e.getMessage());

        like.put("fc1.weight", Tensor.zeros(10, 5));
        like.put("fc2.bias", Tensor.zeros(3));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> c.restore("model", like));
        assertTrue(missing.getMessage().contains("fc2.bias"), missing.getMessage());

        like.remove("fc2.bias");
        like.remove("fc1.bias");
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class, () -> c.restore("model", like));
        assertTrue(extra.getMessage().contains("fc1.bias"), extra.getMessage());
    }

    @Test
    void everyTruncationIsReportedAsTruncated() throws IOException {
        Path good = dir.resolve("good");
        Checkpoint.builder().putTensor("w", Tensor.wrap(new double[] {1, 2, 3}, 3)).putLong("step", 5)
                .putString("k", "v").build().save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(cut), "length " + len);
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), "length " + len + ": " + e.getMessage());
        }
        Files.write(cut, Arrays.copyOf(bytes, 8 + 4 + 4 + 4 + 1 + 4 + 4 + 8));
        String msg = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(cut)).getMessage();
        assertTrue(msg.contains("values of tensor 'w'") && msg.contains("byte offset 29"), msg);
    }

    @Test
    void wrongMagicVersionChecksumAndTrailingBytesAreReported() throws IOException {
        Path f = dir.resolve("c");
        Checkpoint.builder().putLong("step", 5).build().save(f);
        byte[] good = Files.readAllBytes(f);

        byte[] magic = good.clone();
        magic[0] = 'X';
        Files.write(f, magic);
        assertTrue(assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(f)).getMessage().contains("magic"));

        byte[] version = good.clone();
        version[11] = 2;
        Files.write(f, version);
        String v = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(f)).getMessage();
        assertTrue(v.contains("version 2") && v.contains("byte offset 8"), v);

        byte[] flipped = good.clone();
        flipped[good.length - 13] ^= 1; // last byte of the long's value (then: int string count, long checksum)
        Files.write(f, flipped);
        String sum = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(f)).getMessage();
        assertTrue(sum.contains("checksum mismatch"), sum);

        Files.write(f, Arrays.copyOf(good, good.length + 1));
        assertTrue(assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(f)).getMessage().contains("after the checksum"));
    }

    @Test
    void aCrashMidWriteLeavesThePreviousCheckpointIntact() throws IOException {
        Path f = dir.resolve("ckpt");
        Checkpoint v1 = Checkpoint.builder().putLong("step", 1).putTensor("w", Tensor.ones(4)).build();
        v1.save(f);
        byte[] v1Bytes = Files.readAllBytes(f);

        // a crash left a half-written temporary file behind
        Files.write(dir.resolve(".ckpt.123456.tmp"), Arrays.copyOf(v1Bytes, 10));
        assertBitExact(v1, Checkpoint.load(f));

        // the writer fails half-way: the target is untouched and the temporary file removed
        IOException boom = assertThrows(IOException.class, () -> Checkpoint.writeAtomically(f, (OutputStream out) -> {
            out.write(v1Bytes, 0, 20);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertArrayEquals(v1Bytes, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(".ckpt.123456.tmp", "ckpt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        Checkpoint v2 = Checkpoint.builder().putLong("step", 2).build();
        v2.save(f);
        assertBitExact(v2, Checkpoint.load(f));
    }

    @Test
    void builderRejectsDuplicateAndEmptyNames() {
        Checkpoint.Builder b = Checkpoint.builder().putLong("x", 1);
        assertThrows(IllegalArgumentException.class, () -> b.putLong("x", 2));
        assertThrows(IllegalArgumentException.class, () -> b.putTensor("", Tensor.zeros(1)));
        Checkpoint c = b.putTensor("x", Tensor.zeros(1)).build(); // kinds have separate name spaces
        assertThrows(IllegalArgumentException.class, () -> c.getString("x"));
        assertFalse(c.tensors().isEmpty());
    }
}
