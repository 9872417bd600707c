package io.github.deltastn.nn.data;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by the gzip
 * magic bytes {@code 1f 8b}, whatever the file name).
 *
 * <p>Layout (big-endian): bytes 0–1 are zero; byte 2 is the element type (only {@code 0x08},
 * unsigned byte, is supported); byte 3 is the rank {@code r}; then {@code r} 32-bit dimension sizes;
 * then {@code prod(dims)} elements, row-major, and nothing after them. Byte offsets in error
 * messages count decompressed bytes.
 */
public final class Idx {
    private Idx() {}

    /** Element type code of unsigned bytes. */
    public static final int UBYTE = 0x08;

    /**
     * The raw content of an IDX file of unsigned bytes.
     *
     * @param dims the dimension sizes from the header
     * @param data {@code prod(dims)} bytes, row-major (read them with {@code b & 0xff})
     */
    public record Array(int[] dims, byte[] data) {}

    /** Reads any IDX file of unsigned bytes. */
    public static Array read(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return read(file, in);
        }
    }

    /**
     * Reads an image file ({@code [N, rows, cols]} unsigned bytes) as {@code [N, 1, rows, cols]}
     * doubles {@code v / 255}, in {@code [0, 1]} (torchvision {@code ToTensor}).
     */
    public static Tensor readImages(Path file) throws IOException {
        Array a = read(file);
        requireRank(file, a, 3, "images [N, rows, cols]");
        byte[] b = a.data();
        double[] x = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            x[i] = (b[i] & 0xff) / 255.0;
        }
        return Tensor.wrap(x, a.dims()[0], 1, a.dims()[1], a.dims()[2]);
    }

    /** {@link #readImages(Path)} as {@code dtype} (float32: {@code v / 255} rounded). */
    public static Tensor readImages(Path file, DType dtype) throws IOException {
        return readImages(file).to(dtype);
    }

    /** Reads a label file ({@code [N]} unsigned bytes) and checks every label is below {@code numClasses}. */
    public static int[] readLabels(Path file, int numClasses) throws IOException {
        Array a = read(file);
        requireRank(file, a, 1, "labels [N]");
        byte[] b = a.data();
        int[] labels = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            labels[i] = b[i] & 0xff;
            if (labels[i] >= numClasses) {
                throw new MalformedDataException(file, "byte offset " + (8 + i),
                        "label " + labels[i] + " of example " + i + " is not in [0, " + numClasses + ")");
            }
        }
        return labels;
    }

    /**
     * An image file and its label file as one classification data set; the two counts must agree.
     */
    public static Dataset readDataset(Path images, Path labels, int numClasses) throws IOException {
        Tensor x = readImages(images);
        int[] y = readLabels(labels, numClasses);
        if (x.dim(0) != y.length) {
            throw new MalformedDataException(labels, "header",
                    "image/label count mismatch: " + y.length + " labels here but " + x.dim(0)
                            + " images in " + images);
        }
        return Dataset.classification(x, y, numClasses);
    }

    /** {@link #readDataset(Path, Path, int)} with images of {@code dtype}. */
    public static Dataset readDataset(Path images, Path labels, int numClasses, DType dtype) throws IOException {
        return readDataset(images, labels, numClasses).to(dtype);
    }

    private static void requireRank(Path file, Array a, int rank, String what) throws MalformedDataException {
        if (a.dims().length != rank) {
            throw new MalformedDataException(file, "byte offset 3",
                    "expected " + what + " (rank " + rank + "), the header says rank " + a.dims().length
                            + " with dims " + Shape.str(a.dims()));
        }
    }

    /** Opens a file, transparently decompressing gzip. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw new MalformedDataException(file, "byte offset 0", "bad gzip header: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    private static Array read(Path file, InputStream in) throws IOException {
        byte[] head = readUpTo(file, in, 4, 0, "the magic number");
        if (head.length < 4) {
            throw truncated(file, head.length, "the 4-byte IDX magic number");
        }
        if (head[0] != 0 || head[1] != 0) {
            throw new MalformedDataException(file, "byte offset 0", String.format(
                    "bad magic number %02x %02x %02x %02x: an IDX file starts with two zero bytes",
                    head[0] & 0xff, head[1] & 0xff, head[2] & 0xff, head[3] & 0xff));
        }
        if ((head[2] & 0xff) != UBYTE) {
            throw new MalformedDataException(file, "byte offset 2", String.format(
                    "unsupported IDX element type 0x%02x, expected 0x08 (unsigned byte)", head[2] & 0xff));
        }
        int rank = head[3] & 0xff;
        if (rank == 0) {
            throw new MalformedDataException(file, "byte offset 3", "IDX rank is 0, expected at least 1");
        }
        byte[] dimBytes = readUpTo(file, in, 4 * rank, 4, "the dimension sizes");
        if (dimBytes.length < 4 * rank) {
            throw truncated(file, 4 + dimBytes.length, "the " + rank + " dimension sizes of the header");
        }
        int[] dims = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            int o = 4 * i;
            dims[i] = ((dimBytes[o] & 0xff) << 24) | ((dimBytes[o + 1] & 0xff) << 16)
                    | ((dimBytes[o + 2] & 0xff) << 8) | (dimBytes[o + 3] & 0xff);
            if (dims[i] < 0) {
                throw new MalformedDataException(file, "byte offset " + (4 + o),
                        "dimension " + i + " is negative (" + dims[i] + ")");
            }
            n *= dims[i];
            if (n > Integer.MAX_VALUE - 16) {
                throw new MalformedDataException(file, "byte offset " + (4 + o),
                        "dims " + Arrays.toString(Arrays.copyOf(dims, i + 1)) + "... describe more than 2^31 elements");
            }
        }
        int header = 4 + 4 * rank;
        byte[] data = readUpTo(file, in, (int) n, header, "the " + n + " data bytes");
        if (data.length < n) {
            throw truncated(file, header + data.length, n + " data bytes after the " + header
                    + "-byte header (dims " + Shape.str(dims) + ")");
        }
        int extra;
        try {
            extra = in.read();
        } catch (EOFException | ZipException e) {
            throw corrupt(file, header + n, "the end of the file", e);
        }
        if (extra != -1) {
            throw new MalformedDataException(file, "byte offset " + (header + n),
                    "unexpected data after the " + n + " elements declared by dims " + Shape.str(dims));
        }
        return new Array(dims, data);
    }

    /** Reads up to {@code len} bytes (fewer only at end of input); {@code at} is the current offset, for errors. */
    private static byte[] readUpTo(Path file, InputStream in, int len, long at, String what) throws IOException {
        byte[] buf = new byte[len];
        int got = 0;
        try {
            while (got < len) {
                int r = in.read(buf, got, len - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (EOFException | ZipException e) {
            throw corrupt(file, at, what, e);
        }
        return got == len ? buf : Arrays.copyOf(buf, got);
    }

    private static MalformedDataException truncated(Path file, long offset, String expected) {
        return new MalformedDataException(file, "byte offset " + offset,
                "truncated: the file ends here, expected " + expected);
    }

    private static MalformedDataException corrupt(Path file, long offset, String what, IOException e) {
        return new MalformedDataException(file, "decompressed byte offset " + offset,
                "gzip stream truncated or corrupt while reading " + what + " that starts here (" + e.getMessage() + ")", e);
    }
}
