package io.github.deltastn.spark;

import io.github.deltastn.engine.RemoteFolder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * A {@link RemoteFolder} on any file system Hadoop reaches ({@code hdfs://}, {@code s3a://} with its connector on
 * the class path, {@code file://}), with the driver's Hadoop configuration: what {@link SparkEngine#folder} gives a
 * study whose {@code --out} is such a URI. Local files are written without Hadoop's {@code .crc} side files.
 *
 * @param uri the folder, e.g. {@code hdfs://namenode:8020/studies/s1}
 * @param conf the Hadoop configuration's entries (a {@code Configuration} is not serialisable)
 */
record HadoopFolder(String uri, Map<String, String> conf) implements RemoteFolder {

    HadoopFolder {
        conf = Map.copyOf(conf);
    }

    /** The folder {@code uri} with the entries of {@code hadoop}. */
    static HadoopFolder of(String uri, Configuration hadoop) {
        Map<String, String> entries = new HashMap<>();
        hadoop.forEach(e -> entries.put(e.getKey(), e.getValue()));
        return new HadoopFolder(uri, entries);
    }

    @Override
    public boolean download(String name, Path local) throws IOException {
        org.apache.hadoop.fs.Path from = entry(name);
        FileSystem fs = fileSystem();
        if (!fs.exists(from)) {
            return false;
        }
        deleteLocal(local);
        Files.createDirectories(local.toAbsolutePath().getParent());
        fs.copyToLocalFile(false, from, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), true);
        return true;
    }

    @Override
    public void upload(Path local, String name) throws IOException {
        org.apache.hadoop.fs.Path to = entry(name);
        FileSystem fs = fileSystem();
        if (fs.exists(to)) {
            fs.delete(to, true);
        }
        fs.mkdirs(to.getParent());
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toAbsolutePath().toUri()), to);
    }

    private org.apache.hadoop.fs.Path entry(String name) {
        return new org.apache.hadoop.fs.Path(uri.endsWith("/") ? uri + name : uri + "/" + name);
    }

    private FileSystem fileSystem() throws IOException {
        Configuration c = new Configuration(false);
        conf.forEach(c::set);
        FileSystem fs = FileSystem.get(URI.create(uri), c);
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    private static void deleteLocal(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var paths = Files.walk(p)) {
            for (Path q : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
