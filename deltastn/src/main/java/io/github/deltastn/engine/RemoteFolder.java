package io.github.deltastn.engine;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A folder on a file system that is not a path of this machine — {@code hdfs://}, {@code s3a://}, or
 * {@code file://} through Hadoop — given by an {@link Engine} ({@link Engine#folder}). Runs are written in a local
 * scratch folder and copied in and out with {@link #download} and {@link #upload}, because they need what such file
 * systems lack (atomic renames, file locks). Serializable: a study ships it to the workers, which copy their runs
 * themselves.
 */
public interface RemoteFolder extends Serializable {

    /** The folder, as given: {@code hdfs://namenode:8020/studies/s1}. */
    String uri();

    /**
     * Copies the entry {@code name} of this folder (a file, or a directory with everything below it) to
     * {@code local}, replacing what is there.
     *
     * @return false when there is no such entry (nothing is copied)
     */
    boolean download(String name, Path local) throws IOException;

    /** Copies {@code local} (a file, or a directory with everything below it) to the entry {@code name}, replacing it. */
    void upload(Path local, String name) throws IOException;
}
