package io.github.deltastn.nn.data;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for the binary version of CIFAR-10 ({@code cifar-10-binary.tar.gz} from
 * https://www.cs.toronto.edu/~kriz/cifar.html, extracted: the folder {@code cifar-10-batches-bin}).
 *
 * <p>The folder holds {@code data_batch_1.bin} … {@code data_batch_5.bin} (training, 10,000 records each,
 * read in that order) and {@code test_batch.bin}. A file is a sequence of 3,073-byte records: one label byte
 * (0–9), then 3,072 pixel bytes — 1,024 red, 1,024 green, 1,024 blue, each 32×32 row-major — which is already
 * the layout of one example {@code [3, 32, 32]}. Pixels become {@code v / 255} in {@code [0, 1]} (torchvision
 * {@code ToTensor}); float32 images are {@code v / 255} rounded, built without a float64 copy.
 */
public final class Cifar10 {
    private Cifar10() {}

    /** Bytes of one record: the label and 3 × 32 × 32 pixels. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
    /** The training files, in reading order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** The test file. */
    public static final String TEST_FILE = "test_batch.bin";

    private static final int PIXELS = RECORD_BYTES - 1;

    /** The 50,000 training ({@code train}) or 10,000 test images {@code [N, 3, 32, 32]} of {@code dir}, 10 classes. */
    public static Dataset read(Path dir, boolean train) throws IOException {
        return read(dir, train, DType.FLOAT64);
    }

    /**
     * {@link #read(Path, boolean)} with images of {@code dtype}.
     *
     * @throws MissingDataException when a file it needs is not in {@code dir}, saying what the folder must hold
     */
    public static Dataset read(Path dir, boolean train, DType dtype) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : train ? TRAIN_FILES : List.of(TEST_FILE)) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw MissingDataException.withHint(f, "the folder " + dir + " must hold the CIFAR-10 binary version, "
                        + String.join(", ", TRAIN_FILES) + " and " + TEST_FILE + " (cifar-10-binary.tar.gz from the "
                        + "CIFAR-10 page, https://www.cs.toronto.edu/~kriz/cifar.html, extracted)");
            }
            files.add(f);
        }
        return readFiles(files, dtype);
    }

    /** The records of one file as images {@code [N, 3, 32, 32]} in [0, 1], 10 classes. */
    public static Dataset readFile(Path file) throws IOException {
        return readFiles(List.of(file), DType.FLOAT64);
    }

    /**
     * The records of several files, concatenated in order, with images of {@code dtype}. Every size is
     * checked before any file is read.
     *
     * @throws MalformedDataException when a size is not a positive multiple of {@link #RECORD_BYTES} or a
     *     label is not in 0..9
     */
    public static Dataset readFiles(List<Path> files, DType dtype) throws IOException {
        long total = 0;
        long[] sizes = new long[files.size()];
        for (int j = 0; j < sizes.length; j++) {
            Path f = files.get(j);
            long size = Files.size(f);
            sizes[j] = size;
            if (size == 0 || size % RECORD_BYTES != 0) {
                throw new MalformedDataException(f, "", "size " + size + " bytes is not a positive multiple of the "
                        + RECORD_BYTES + "-byte CIFAR-10 record (1 label byte + 3072 pixel bytes)");
            }
            total += size / RECORD_BYTES;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Cifar10: " + total + " records are too many for one tensor");
        }
        int n = (int) total;
        boolean f32 = dtype == DType.FLOAT32;
        double[] x64 = f32 ? null : new double[n * PIXELS];
        float[] x32 = f32 ? new float[n * PIXELS] : null;
        int[] labels = new int[n];
        int k = 0;
        for (int j = 0; j < sizes.length; j++) {
            Path f = files.get(j);
            byte[] bytes = Files.readAllBytes(f);
            if (bytes.length != sizes[j]) {
                throw new MalformedDataException(f, "", "the file changed while being read (" + sizes[j] + " bytes, then "
                        + bytes.length + ")");
            }
            int records = bytes.length / RECORD_BYTES;
            for (int r = 0; r < records; r++, k++) {
                int at = r * RECORD_BYTES;
                int label = bytes[at] & 0xff;
                if (label > 9) {
                    throw new MalformedDataException(f, "record " + r + ", byte offset " + at,
                            "label " + label + " is not in 0..9");
                }
                labels[k] = label;
                int base = k * PIXELS;
                for (int i = 0; i < PIXELS; i++) {
                    double v = (bytes[at + 1 + i] & 0xff) / 255.0;
                    if (f32) {
                        x32[base + i] = (float) v;
                    } else {
                        x64[base + i] = v;
                    }
                }
            }
        }
        Tensor x = f32 ? Tensor.wrap(x32, n, 3, 32, 32) : Tensor.wrap(x64, n, 3, 32, 32);
        return Dataset.classification(x, labels, 10);
    }
}
