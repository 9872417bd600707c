package io.github.deltastn.engine;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;

/**
 * A test engine, {@code --engine copying}: runs tasks as the local engine does, after a round trip of each task
 * through Java serialisation (as a cluster ships it), and offers the remote folders {@code copy://PATH}, a local
 * directory reached only through {@link RemoteFolder#download} and {@link RemoteFolder#upload}.
 */
public final class CopyingEngine implements Engine {

    /** Registered in the tests' META-INF/services. */
    public static final class Provider implements Engine.Provider {
        @Override
        public String id() {
            return "copying";
        }

        @Override
        public Engine open(String master) {
            return new CopyingEngine();
        }
    }

    /** {@code copy://PATH}: PATH copied in and out. */
    record CopyFolder(String uri) implements RemoteFolder {
        Path root() {
            return Path.of(uri.substring("copy://".length()));
        }

        @Override
        public boolean download(String name, Path local) throws IOException {
            Path from = root().resolve(name);
            if (!Files.exists(from)) {
                return false;
            }
            copy(from, local);
            return true;
        }

        @Override
        public void upload(Path local, String name) throws IOException {
            copy(local, root().resolve(name));
        }

        private static void copy(Path from, Path to) throws IOException {
            if (Files.isDirectory(to)) {
                try (var paths = Files.walk(to)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            try (var paths = Files.walk(from)) {
                for (Path p : paths.toList()) {
                    Path q = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(q);
                    } else {
                        Files.createDirectories(q.getParent());
                        Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    @Override
    public String id() {
        return "copying";
    }

    @Override
    public int parallelism() {
        return 2;
    }

    @Override
    public <T extends Serializable, R extends Serializable> void map(List<T> inputs, Task<T, R> task, Results<R> results) {
        Task<T, R> shipped = roundTrip(task);
        for (int i = 0; i < inputs.size(); i++) {
            try {
                results.accept(i, roundTrip(shipped.apply(roundTrip(inputs.get(i)))), null);
            } catch (Exception e) {
                results.accept(i, null, e);
            }
        }
    }

    @Override
    public RemoteFolder folder(String uri) {
        if (!uri.startsWith("copy://")) {
            return Engine.super.folder(uri);
        }
        return new CopyFolder(uri);
    }

    @Override
    public void close() {}

    @SuppressWarnings("unchecked")
    static <X> X roundTrip(X x) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            try (var out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(x);
            }
            try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (X) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
