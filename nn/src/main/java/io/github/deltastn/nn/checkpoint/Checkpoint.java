package io.github.deltastn.nn.checkpoint;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Shape;
import io.github.deltastn.core.Tensor;
import io.github.deltastn.nn.data.DataLoader;
import io.github.deltastn.nn.optim.OptimizerState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One training checkpoint: named tensors (parameters, optimizer state under namespaced names such
 * as {@code "optim/general/momentum_buffer/fc1.weight"}), named {@code long}s (RNG states, step and
 * epoch counters) and named strings (small metadata). Immutable; build one with {@link #builder()}.
 *
 * <h2>File format, version 1</h2>
 * Big-endian ({@link DataOutputStream}); {@code str} is an {@code int} byte length followed by that
 * many UTF-8 bytes.
 * <pre>
 *   bytes[8]  magic "DSTNCKPT"
 *   int       version (1)
 *   int       T, the number of tensors; then T times:
 *               str name, int kind, int[rank] dims, then the values' raw IEEE-754 bits (NaN payloads survive):
 *               long[prod(dims)] for float64, int[prod(dims)] for float32
 *               (kind = dtype code &lt;&lt; 24 | rank; code 0 = float64, 1 = float32)
 *   int       L, the number of longs; then L times: str name, long value
 *   int       S, the number of strings; then S times: str name, str value
 *   long      CRC-32 of every byte before it
 * </pre>
 * Nothing may follow the checksum. Names are unique within each of the three kinds. A tensor is restored in the
 * dtype it was saved in, bit for bit. Float64 tensors have dtype code 0, so files written before tensors had
 * a dtype load unchanged and a checkpoint without float32 tensors is byte-identical to theirs.
 *
 * <p>{@link #save} is atomic: it writes a temporary file in the target's directory, forces it to
 * disk, then renames it over the target ({@code ATOMIC_MOVE}, falling back to
 * {@code REPLACE_EXISTING} where the file system cannot move atomically). A crash leaves either the
 * old or the new checkpoint, never a mix; stray temporary files ({@code .<name>.*.tmp}) may remain.
 */
public final class Checkpoint {
    /** The first 8 bytes of every checkpoint file. */
    public static final byte[] MAGIC = "DSTNCKPT".getBytes(StandardCharsets.US_ASCII);
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;

    private static final int MAX_RANK = 64;
    private static final int CHUNK = 1 << 13; // doubles per I/O chunk
    private static final int FLOAT32_CODE = 1;

    private final Map<String, Tensor> tensors;
    private final Map<String, Long> longs;
    private final Map<String, String> strings;

    private Checkpoint(Map<String, Tensor> tensors, Map<String, Long> longs, Map<String, String> strings) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.longs = Collections.unmodifiableMap(new LinkedHashMap<>(longs));
        this.strings = Collections.unmodifiableMap(new LinkedHashMap<>(strings));
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ access

    /** All tensors, in insertion order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** All {@code long}s, in insertion order. */
    public Map<String, Long> longs() {
        return longs;
    }

    /** All strings, in insertion order. */
    public Map<String, String> strings() {
        return strings;
    }

    /** The tensor {@code name}; throws naming it when absent. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("checkpoint has no tensor '" + name + "'");
        }
        return t;
    }

    /** The {@code long} {@code name}; throws naming it when absent. */
    public long getLong(String name) {
        Long v = longs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no long '" + name + "'");
        }
        return v;
    }

    /** The string {@code name}; throws naming it when absent. */
    public String getString(String name) {
        String v = strings.get(name);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no string '" + name + "'");
        }
        return v;
    }

    /**
     * This checkpoint with the string {@code name} set to {@code value} (added, or replaced), e.g. metadata that
     * identifies the run the checkpoint belongs to.
     */
    public Checkpoint withString(String name, String value) {
        if (name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("checkpoint: withString needs a non-empty name and a value, got "
                    + name + " = " + value);
        }
        Map<String, String> s = new LinkedHashMap<>(strings);
        s.put(name, value);
        return new Checkpoint(tensors, longs, s);
    }

    /** A double stored with {@link Builder#putDouble} (a rank-0 tensor). */
    public double getDouble(String name) {
        Tensor t = tensor(name);
        if (t.ndim() != 0) {
            throw new IllegalArgumentException("checkpoint tensor '" + name + "' has shape " + Shape.str(t.shape())
                    + ", expected a scalar []");
        }
        return t.item();
    }

    /** The tensors named {@code prefix + "/" + rest}, keyed by {@code rest}, in file order. */
    public Map<String, Tensor> tensorsUnder(String prefix) {
        String p = prefix + "/";
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().startsWith(p)) {
                m.put(e.getKey().substring(p.length()), e.getValue());
            }
        }
        return m;
    }

    /**
     * Restores a parameter set: for every name {@code n} of {@code like}, the tensor
     * {@code prefix/n}, which must have the same shape and dtype as {@code like.get(n)}. Strict, like PyTorch's
     * {@code load_state_dict}: tensors under {@code prefix/} that {@code like} lacks are an error too.
     *
     * @return the restored tensors in the order of {@code like}
     * @throws IllegalArgumentException naming the parameter (and both shapes) that does not match
     */
    public Map<String, Tensor> restore(String prefix, Map<String, Tensor> like) {
        Map<String, Tensor> stored = tensorsUnder(prefix);
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : like.entrySet()) {
            Tensor t = stored.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
                continue;
            }
            if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("checkpoint: parameter '" + e.getKey() + "' (stored as '" + prefix + "/"
                        + e.getKey() + "') has shape " + Shape.str(t.shape()) + " in the checkpoint but the model expects "
                        + Shape.str(e.getValue().shape()));
            }
            if (t.dtype() != e.getValue().dtype()) {
                throw new IllegalArgumentException("checkpoint: parameter '" + e.getKey() + "' is " + t.dtype()
                        + " in the checkpoint but the model expects " + e.getValue().dtype()
                        + " (resume with the dtype the run was started with)");
            }
            out.put(e.getKey(), t);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("checkpoint: no tensor for parameter(s) " + missing + " under '" + prefix + "/'");
        }
        List<String> unexpected = new ArrayList<>();
        for (String n : stored.keySet()) {
            if (!like.containsKey(n)) {
                unexpected.add(n);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("checkpoint: tensor(s) " + unexpected + " under '" + prefix
                    + "/' are not parameters of the model");
        }
        return out;
    }

    /** An optimizer state written with {@link Builder#putOptimizer}. */
    public OptimizerState optimizerState(String prefix) {
        return new OptimizerState(tensorsUnder(prefix + "/state"), getLong(prefix + "/steps"), getDouble(prefix + "/lr"));
    }

    /** A data loader position written with {@link Builder#putLoader}. */
    public DataLoader.State loaderState(String prefix) {
        return new DataLoader.State(Math.toIntExact(getLong(prefix + "/epoch")),
                Math.toIntExact(getLong(prefix + "/position")), getLong(prefix + "/rng"));
    }

    // ------------------------------------------------------------------ builder

    /** Collects entries; names must be non-empty and unique per kind. */
    public static final class Builder {
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();
        private final Map<String, Long> longs = new LinkedHashMap<>();
        private final Map<String, String> strings = new LinkedHashMap<>();

        private Builder() {}

        private static <V> void put(Map<String, V> m, String kind, String name, V v) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("checkpoint: " + kind + " names must be non-empty");
            }
            if (v == null) {
                throw new IllegalArgumentException("checkpoint: " + kind + " '" + name + "' is null");
            }
            if (m.putIfAbsent(name, v) != null) {
                throw new IllegalArgumentException("checkpoint: duplicate " + kind + " name '" + name + "'");
            }
        }

        /** Adds a tensor; names are unique. */
        public Builder putTensor(String name, Tensor t) {
            put(tensors, "tensor", name, t);
            return this;
        }

        /** Every entry of {@code m} as {@code prefix/name}. */
        public Builder putTensors(String prefix, Map<String, Tensor> m) {
            for (Map.Entry<String, Tensor> e : m.entrySet()) {
                putTensor(prefix + "/" + e.getKey(), e.getValue());
            }
            return this;
        }

        /** Adds a {@code long}; names are unique. */
        public Builder putLong(String name, long v) {
            put(longs, "long", name, v);
            return this;
        }

        /** A double, stored bit-exactly as a rank-0 tensor. */
        public Builder putDouble(String name, double v) {
            return putTensor(name, Tensor.scalar(v));
        }

        /** Adds a string; names are unique. */
        public Builder putString(String name, String v) {
            put(strings, "string", name, v);
            return this;
        }

        /** {@code prefix/state/<slot>/<param>} tensors, {@code prefix/steps}, {@code prefix/lr}. */
        public Builder putOptimizer(String prefix, OptimizerState s) {
            putTensors(prefix + "/state", s.tensors());
            putLong(prefix + "/steps", s.steps());
            return putDouble(prefix + "/lr", s.lr());
        }

        /** {@code prefix/epoch}, {@code prefix/position}, {@code prefix/rng}. */
        public Builder putLoader(String prefix, DataLoader.State s) {
            putLong(prefix + "/epoch", s.epoch());
            putLong(prefix + "/position", s.position());
            return putLong(prefix + "/rng", s.rngState());
        }

        /** The checkpoint with everything added so far. */
        public Checkpoint build() {
            return new Checkpoint(tensors, longs, strings);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes this checkpoint to {@code file} atomically (see the class comment). */
    public void save(Path file) throws IOException {
        writeAtomically(file, this::writeTo);
    }

    /** Something that writes a file's bytes. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code body} to a temporary file next to {@code target}, forces it to disk and renames it
     * over {@code target}. If {@code body} throws, the temporary file is deleted and {@code target}
     * is untouched.
     */
    static void writeAtomically(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.getFileStore(dir).supportsFileAttributeView("posix")
                ? Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))
                : Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.write(os);
                os.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux); best effort elsewhere. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the file itself is already on disk
        }
    }

    private void writeTo(OutputStream raw) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(tensors.size());
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.BIG_ENDIAN);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            writeString(out, e.getKey());
            Tensor t = e.getValue();
            int[] shape = t.shape();
            boolean f32 = t.dtype() == DType.FLOAT32;
            out.writeInt((f32 ? FLOAT32_CODE << 24 : 0) | shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            if (f32) {
                float[] f = t.floatData();
                for (int off = 0; off < f.length; off += CHUNK) {
                    int n = Math.min(CHUNK, f.length - off);
                    buf.clear();
                    for (int i = 0; i < n; i++) {
                        buf.putInt(Float.floatToRawIntBits(f[off + i]));
                    }
                    out.write(buf.array(), 0, n * Float.BYTES);
                }
                continue;
            }
            double[] v = t.data();
            for (int off = 0; off < v.length; off += CHUNK) {
                int n = Math.min(CHUNK, v.length - off);
                buf.clear();
                for (int i = 0; i < n; i++) {
                    buf.putLong(Double.doubleToRawLongBits(v[off + i]));
                }
                out.write(buf.array(), 0, n * Double.BYTES);
            }
        }
        out.writeInt(longs.size());
        for (Map.Entry<String, Long> e : longs.entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(strings.size());
        for (Map.Entry<String, String> e : strings.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.flush();
        long sum = crc.getValue();
        out.writeLong(sum);
        out.flush();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a checkpoint, checking magic, version, sizes against the file length, and the checksum.
     *
     * @throws CheckpointFormatException naming the file, the byte offset and what was expected
     */
    public static Checkpoint load(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new Reader(file, fileSize, raw).read();
        }
    }

    /** Counts the bytes consumed, for error messages and size checks. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Reader {
        private final Path file;
        private final long fileSize;
        private final CRC32 crc = new CRC32();
        private final Counting counter;
        private final DataInputStream in;
        private String what = "the magic number";

        Reader(Path file, long fileSize, InputStream raw) {
            this.file = file;
            this.fileSize = fileSize;
            this.counter = new Counting(new CheckedInputStream(raw, crc));
            this.in = new DataInputStream(counter);
        }

        private CheckpointFormatException error(String problem) {
            return new CheckpointFormatException(file, counter.count, problem);
        }

        private void need(long bytes, String item) throws CheckpointFormatException {
            long remaining = fileSize - counter.count;
            if (bytes < 0 || bytes > remaining) {
                throw error("truncated or corrupt: " + item + " needs " + bytes + " bytes but only " + remaining
                        + " remain in the file (size " + fileSize + ")");
            }
        }

        Checkpoint read() throws IOException {
            try {
                return readBody();
            } catch (EOFException e) {
                throw new CheckpointFormatException(file, counter.count, "truncated: the file (size " + fileSize
                        + ") ends while reading " + what, e);
            }
        }

        private Checkpoint readBody() throws IOException {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CheckpointFormatException(file, 0, "not a deltastn checkpoint: magic bytes "
                        + hex(magic) + ", expected " + hex(MAGIC) + " (\"DSTNCKPT\")");
            }
            what = "the format version";
            int version = in.readInt();
            if (version != VERSION) {
                throw new CheckpointFormatException(file, 8, "unsupported checkpoint format version " + version
                        + ", this reader supports version " + VERSION);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, Long> longs = new LinkedHashMap<>();
            Map<String, String> strings = new LinkedHashMap<>();
            int nt = count("tensors");
            double[] chunk = new double[CHUNK];
            byte[] bytes = new byte[CHUNK * Double.BYTES];
            for (int k = 0; k < nt; k++) {
                String name = string("the name of tensor #" + k);
                what = "the rank of tensor '" + name + "'";
                int kind = in.readInt();
                int code = kind >>> 24;
                int rank = kind & 0xFFFFFF;
                if (code > FLOAT32_CODE) {
                    throw error("corrupt or newer format: tensor '" + name + "' has dtype code " + code
                            + ", expected 0 (float64) or 1 (float32)");
                }
                if (rank > MAX_RANK) {
                    throw error("corrupt: tensor '" + name + "' has rank " + rank + ", expected 0.." + MAX_RANK);
                }
                need(4L * rank, "the dims of tensor '" + name + "'");
                what = "the dims of tensor '" + name + "'";
                int[] dims = new int[rank];
                long size = 1;
                for (int i = 0; i < rank; i++) {
                    dims[i] = in.readInt();
                    if (dims[i] < 0) {
                        throw error("corrupt: tensor '" + name + "' has a negative dimension " + dims[i]);
                    }
                    size *= dims[i];
                    if (size > Integer.MAX_VALUE) {
                        throw error("corrupt: tensor '" + name + "' has more than 2^31 elements");
                    }
                }
                boolean f32 = code == FLOAT32_CODE;
                need(size * (f32 ? Float.BYTES : Double.BYTES), "the " + size + " values of tensor '" + name + "' "
                        + Shape.str(dims));
                what = "the values of tensor '" + name + "'";
                if (f32) {
                    float[] f = new float[(int) size];
                    for (int off = 0; off < f.length; off += CHUNK) {
                        int n = Math.min(CHUNK, f.length - off);
                        in.readFully(bytes, 0, n * Float.BYTES);
                        ByteBuffer.wrap(bytes, 0, n * Float.BYTES).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(f, off, n);
                    }
                    unique(tensors.put(name, Tensor.wrap(f, dims)), "tensor", name);
                    continue;
                }
                double[] v = new double[(int) size];
                for (int off = 0; off < v.length; off += CHUNK) {
                    int n = Math.min(CHUNK, v.length - off);
                    in.readFully(bytes, 0, n * Double.BYTES);
                    ByteBuffer.wrap(bytes, 0, n * Double.BYTES).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer().get(chunk, 0, n);
                    System.arraycopy(chunk, 0, v, off, n);
                }
                unique(tensors.put(name, Tensor.wrap(v, dims)), "tensor", name);
            }
            int nl = count("longs");
            for (int k = 0; k < nl; k++) {
                String name = string("the name of long #" + k);
                what = "the value of long '" + name + "'";
                unique(longs.put(name, in.readLong()), "long", name);
            }
            int ns = count("strings");
            for (int k = 0; k < ns; k++) {
                String name = string("the name of string #" + k);
                unique(strings.put(name, string("the value of string '" + name + "'")), "string", name);
            }
            long expected = crc.getValue();
            what = "the checksum";
            long stored = in.readLong();
            if (stored != expected) {
                throw new CheckpointFormatException(file, counter.count - 8, String.format(
                        "corrupt: checksum mismatch (stored %08x, computed %08x)", stored, expected));
            }
            if (in.read() != -1) {
                throw new CheckpointFormatException(file, counter.count - 1, "unexpected bytes after the checksum");
            }
            return new Checkpoint(tensors, longs, strings);
        }

        private int count(String kind) throws IOException {
            what = "the number of " + kind;
            int n = in.readInt();
            if (n < 0 || n > fileSize) {
                throw error("corrupt: the number of " + kind + " is " + n);
            }
            return n;
        }

        private String string(String item) throws IOException {
            what = "the length of " + item;
            int len = in.readInt();
            need(len, item);
            what = item;
            byte[] b = new byte[len];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        private void unique(Object previous, String kind, String name) throws CheckpointFormatException {
            if (previous != null) {
                throw error("corrupt: duplicate " + kind + " name '" + name + "'");
            }
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
