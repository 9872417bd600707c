package io.github.deltastn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** A synthetic IDX file of unsigned bytes: magic 00 00 08 rank, dims, data. */
    static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(0x00000800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bos.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(dir.resolve(name), b);
    }

    /** 3 images of 2x2: pixel values 0, 51, 255, ... and labels 7, 0, 9. */
    private static final byte[] PIXELS = {0, 51, (byte) 255, 102, 1, 2, 3, 4, (byte) 200, 0, 0, 0};
    private static final byte[] LABELS = {7, 0, 9};

    @Test
    void readsImagesScaledToUnitInterval() throws IOException {
        Tensor x = Idx.readImages(write("img", idx(new int[] {3, 2, 2}, PIXELS)));
        assertArrayEquals(new int[] {3, 1, 2, 2}, x.shape());
        assertEquals(0.0, x.get(0, 0, 0, 0));
        assertEquals(51 / 255.0, x.get(0, 0, 0, 1));
        assertEquals(1.0, x.get(0, 0, 1, 0));
        assertEquals(200 / 255.0, x.get(2, 0, 0, 0));
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        Path raw = write("img", idx(new int[] {3, 2, 2}, PIXELS));
        Path gzNoExt = write("img-compressed", gzip(idx(new int[] {3, 2, 2}, PIXELS)));
        assertEquals(Idx.readImages(raw), Idx.readImages(gzNoExt));
        Path lab = write("lab.gz", gzip(idx(new int[] {3}, LABELS)));
        assertArrayEquals(new int[] {7, 0, 9}, Idx.readLabels(lab, 10));
    }

    @Test
    void readsADataset() throws IOException {
        Dataset d = Idx.readDataset(write("img", idx(new int[] {3, 2, 2}, PIXELS)),
                write("lab", idx(new int[] {3}, LABELS)), 10);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {7, 0, 9}, d.labels());
        assertEquals(10, d.numClasses());
    }

    @Test
    void wrongMagicIsReported() throws IOException {
        byte[] b = idx(new int[] {3}, LABELS);
        b[0] = 0x1a;
        Path f = write("bad", b);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readLabels(f, 10));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 0"), e.getMessage());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void unsupportedElementTypeIsReported() throws IOException {
        byte[] b = idx(new int[] {3}, LABELS);
        b[2] = 0x0d;
        Path f = write("float", b);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("0x0d") && e.getMessage().contains("0x08"), e.getMessage());
    }

    @Test
    void truncatedDataIsReportedWithOffsetAndExpectedSize() throws IOException {
        byte[] full = idx(new int[] {3, 2, 2}, PIXELS);
        Path f = write("short", Arrays.copyOf(full, full.length - 5));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset " + (full.length - 5)), e.getMessage());
        assertTrue(e.getMessage().contains("12 data bytes"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        byte[] full = idx(new int[] {3, 2, 2}, PIXELS);
        for (int len : new int[] {0, 3, 9}) {
            Path f = write("h" + len, Arrays.copyOf(full, len));
            MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(f));
            assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("byte offset " + len), e.getMessage());
        }
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] gz = gzip(idx(new int[] {3, 2, 2}, PIXELS));
        Path f = write("cut.gz", Arrays.copyOf(gz, gz.length - 12));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("gzip stream truncated or corrupt while reading the 12 data bytes"), e.getMessage());
    }

    @Test
    void imageLabelCountMismatchIsReported() throws IOException {
        Path img = write("img", idx(new int[] {3, 2, 2}, PIXELS));
        Path lab = write("lab", idx(new int[] {2}, new byte[] {1, 2}));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Idx.readDataset(img, lab, 10));
        assertTrue(e.getMessage().contains("count mismatch") && e.getMessage().contains("2 labels")
                && e.getMessage().contains("3 images"), e.getMessage());
        assertTrue(e.getMessage().contains(img.toString()) && e.getMessage().contains(lab.toString()), e.getMessage());
    }

    @Test
    void wrongRankTrailingBytesAndBadLabelsAreReported() throws IOException {
        Path lab = write("lab", idx(new int[] {3}, LABELS));
        MalformedDataException rank = assertThrows(MalformedDataException.class, () -> Idx.readImages(lab));
        assertTrue(rank.getMessage().contains("rank 3") && rank.getMessage().contains("rank 1"), rank.getMessage());

        byte[] more = Arrays.copyOf(idx(new int[] {3}, LABELS), 12);
        Path trailing = write("trailing", more);
        MalformedDataException extra = assertThrows(MalformedDataException.class, () -> Idx.readLabels(trailing, 10));
        assertTrue(extra.getMessage().contains("byte offset 11"), extra.getMessage());

        MalformedDataException big = assertThrows(MalformedDataException.class, () -> Idx.readLabels(lab, 8));
        assertTrue(big.getMessage().contains("label 9 of example 2") && big.getMessage().contains("byte offset 10"),
                big.getMessage());
    }
}
