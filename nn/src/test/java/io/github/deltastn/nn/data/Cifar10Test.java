package io.github.deltastn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir
    Path dir;

    /** Records in the CIFAR-10 binary layout; pixel i of record r is (r·7 + i) mod 256. */
    private static byte[] records(int... labels) {
        byte[] b = new byte[labels.length * Cifar10.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            int at = r * Cifar10.RECORD_BYTES;
            b[at] = (byte) labels[r];
            for (int i = 0; i < 3072; i++) {
                b[at + 1 + i] = (byte) ((r * 7 + i) % 256);
            }
        }
        return b;
    }

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void pixelsAreRedGreenBluePlanesRowMajorScaledTo01() throws IOException {
        byte[] b = records(3, 9);
        // record 1: red (0, 0) = 255, green (0, 1) = 51, blue (31, 31) = 0
        int at = Cifar10.RECORD_BYTES;
        b[at + 1] = (byte) 255;
        b[at + 1 + 1024 + 1] = 51;
        b[at + 1 + 2048 + 31 * 32 + 31] = 0;
        b[at + 1 + 2048 + 2 * 32 + 5] = 17;
        Dataset d = Cifar10.readFile(write("one.bin", b));
        assertEquals(2, d.size());
        assertArrayEquals(new int[] {2, 3, 32, 32}, d.features().shape());
        assertArrayEquals(new int[] {3, 9}, d.labels());
        assertEquals(10, d.numClasses());
        Tensor x = d.features();
        assertEquals(1.0, x.get(1, 0, 0, 0));
        assertEquals(51 / 255.0, x.get(1, 1, 0, 1));
        assertEquals(0.0, x.get(1, 2, 31, 31));
        assertEquals(17 / 255.0, x.get(1, 2, 2, 5));
        assertEquals(((7 + 33) % 256) / 255.0, x.get(1, 0, 1, 1)); // red, row 1, column 1 = pixel byte 33
        assertEquals(((1024 + 3) % 256) / 255.0, x.get(0, 1, 0, 3));
    }

    @Test
    void trainingReadsTheFiveBatchesInOrderAndTestReadsTheTestBatch() throws IOException {
        for (int i = 1; i <= 5; i++) {
            write("data_batch_" + i + ".bin", records(i, i - 1));
        }
        write("test_batch.bin", records(8, 7, 6));
        Dataset train = Cifar10.read(dir, true);
        assertArrayEquals(new int[] {1, 0, 2, 1, 3, 2, 4, 3, 5, 4}, train.labels());
        assertArrayEquals(new int[] {10, 3, 32, 32}, train.features().shape());
        Dataset test = Cifar10.read(dir, false);
        assertArrayEquals(new int[] {8, 7, 6}, test.labels());

        Dataset f32 = Cifar10.read(dir, true, DType.FLOAT32);
        assertEquals(DType.FLOAT32, f32.dtype());
        assertEquals(train.features().to(DType.FLOAT32), f32.features());
        assertArrayEquals(train.labels(), f32.labels());
    }

    @Test
    void missingFileNamesItAndWhatTheFolderMustHold() throws IOException {
        for (int i = 1; i <= 5; i++) {
            if (i != 4) {
                write("data_batch_" + i + ".bin", records(0));
            }
        }
        MissingDataException e = assertThrows(MissingDataException.class, () -> Cifar10.read(dir, true));
        assertEquals(dir.resolve("data_batch_4.bin"), e.path());
        String m = e.getMessage();
        assertTrue(m.contains("data_batch_4.bin") && m.contains("data_batch_1.bin") && m.contains("test_batch.bin")
                && m.contains("cifar-10-binary.tar.gz") && m.contains("extracted"), m);
        e = assertThrows(MissingDataException.class, () -> Cifar10.read(dir, false));
        assertEquals(dir.resolve("test_batch.bin"), e.path());
    }

    @Test
    void sizeNotAPositiveMultipleOfTheRecordIsMalformed() throws IOException {
        Path bad = write("bad.bin", new byte[Cifar10.RECORD_BYTES + 5]);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Cifar10.readFile(bad));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().contains("3078") && e.getMessage().contains("3073"), e.getMessage());
        Path empty = write("empty.bin", new byte[0]);
        e = assertThrows(MalformedDataException.class, () -> Cifar10.readFile(empty));
        assertTrue(e.getMessage().contains("size 0"), e.getMessage());
    }

    @Test
    void labelOutside0To9NamesTheRecordAndValue() throws IOException {
        byte[] b = records(1, 2, 3);
        b[2 * Cifar10.RECORD_BYTES] = (byte) 200;
        Path f = write("data_batch_1.bin", b);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Cifar10.readFile(f));
        assertEquals(f, e.file());
        assertTrue(e.location().contains("record 2") && e.getMessage().contains("label 200"), e.getMessage());
        b[2 * Cifar10.RECORD_BYTES] = 10;
        Files.write(f, b);
        e = assertThrows(MalformedDataException.class, () -> Cifar10.readFile(f));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }
}
