package io.github.deltastn.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Rng;
import io.github.deltastn.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints keep each tensor's dtype and bits; float64-only files keep the old bytes. */
class CheckpointDTypeTest {
    @TempDir
    Path dir;

    @Test
    void float32TensorsRoundTripWithTheirDtypeAndBits() throws IOException {
        float nan = Float.intBitsToFloat(0x7fc0_beef);
        Tensor small = Tensor.wrap(new float[] {1.5f, -0.0f, nan, Float.NEGATIVE_INFINITY, Float.MIN_VALUE}, 5);
        Tensor big = Tensor.normal(new Rng(3), DType.FLOAT32, 0, 1, 90, 200); // several I/O chunks
        Tensor f64 = Tensor.normal(new Rng(4), 0, 1, 3, 2);
        Checkpoint c = Checkpoint.builder().putTensor("a", small).putTensor("b", big).putTensor("c", f64)
                .putTensor("d", Tensor.zeros(DType.FLOAT32, 0, 4)).build();
        Path f = dir.resolve("c.bin");
        c.save(f);
        Checkpoint back = Checkpoint.load(f);
        for (String n : c.tensors().keySet()) {
            Tensor x = c.tensor(n);
            Tensor y = back.tensor(n);
            assertEquals(x.dtype(), y.dtype(), n);
            assertArrayEquals(x.shape(), y.shape(), n);
            if (x.dtype() == DType.FLOAT32) {
                for (int i = 0; i < x.size(); i++) {
                    assertEquals(Float.floatToRawIntBits(x.floatData()[i]), Float.floatToRawIntBits(y.floatData()[i]), n);
                }
            } else {
                assertEquals(x, y, n);
            }
        }
    }

    @Test
    void float64CheckpointsKeepTheirFormerBytes() throws IOException {
        Tensor t = Tensor.wrap(new double[] {1, 2}, 2);
        Path f = dir.resolve("old.bin");
        Checkpoint.builder().putTensor("w", t).build().save(f);
        byte[] b = Files.readAllBytes(f);
        // magic(8) version(4) count(4) name(4 + 1) then the rank word: plain rank 1, as before dtypes existed
        assertEquals(1, java.nio.ByteBuffer.wrap(b, 21, 4).getInt());
        assertEquals(DType.FLOAT64, Checkpoint.load(f).tensor("w").dtype());
    }

    @Test
    void restoreRefusesAnotherDtype() {
        Checkpoint c = Checkpoint.builder().putTensor("m/w", Tensor.zeros(DType.FLOAT32, 2)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.restore("m", Map.of("w", Tensor.zeros(2))));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
        assertEquals(DType.FLOAT32, c.restore("m", Map.of("w", Tensor.zeros(DType.FLOAT32, 2))).get("w").dtype());
    }
}
