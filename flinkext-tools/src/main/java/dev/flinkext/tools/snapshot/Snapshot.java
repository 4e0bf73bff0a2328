/*
 * Copyright 2026 the flinkext authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.flinkext.tools.snapshot;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.OtherLineException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint or savepoint read with Flink's own metadata loader ({@link
 * Checkpoints#loadCheckpointMetadata}): where it is, its format version and what the metadata
 * holds.
 */
@Internal
public final class Snapshot {

    /** The name Flink gives the metadata file of every checkpoint and savepoint. */
    public static final String METADATA_FILE = "_metadata";

    private final Path directory;
    private final Path metadataFile;
    private final long metadataBytes;
    private final int formatVersion;
    private final CheckpointMetadata metadata;

    private Snapshot(
            Path directory,
            Path metadataFile,
            long metadataBytes,
            int formatVersion,
            CheckpointMetadata metadata) {
        this.directory = directory;
        this.metadataFile = metadataFile;
        this.metadataBytes = metadataBytes;
        this.formatVersion = formatVersion;
        this.metadata = metadata;
    }

    /**
     * Reads the snapshot at {@code location}: a checkpoint's {@code chk-N} folder, a savepoint
     * folder, or a {@code _metadata} file.
     */
    public static Snapshot load(String location, ClassLoader classLoader) throws BadInputException {
        return load(Locations.resolve(location), classLoader);
    }

    /** As {@link #load(String, ClassLoader)}, for a resolved path. */
    public static Snapshot load(Path path, ClassLoader classLoader) throws BadInputException {
        FileStatus status = Locations.statusOrNull(path);
        if (status == null) {
            throw new BadInputException(
                    path
                            + ": does not exist; expected a chk-N folder, a savepoint folder or a "
                            + METADATA_FILE
                            + " file");
        }
        Path metadataFile;
        Path directory;
        if (status.isDir()) {
            directory = path;
            metadataFile = new Path(path, METADATA_FILE);
            if (Locations.statusOrNull(metadataFile) == null) {
                throw new BadInputException(notASnapshotFolder(path));
            }
        } else {
            metadataFile = path;
            directory = path.getParent();
        }
        byte[] bytes = readAll(metadataFile);
        int version = checkHeader(metadataFile, bytes);
        CheckpointMetadata metadata;
        try {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(new ByteArrayInputStream(bytes)),
                            classLoader,
                            directory.toString());
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // A corrupt length field makes Flink's reader allocate or recurse without bound.
            String why =
                    e instanceof EOFException
                            ? "it ends before the metadata is complete"
                            : Locations.oneLine(e);
            throw new BadInputException(
                    metadataFile
                            + ": corrupt or truncated checkpoint metadata (format version "
                            + version
                            + ", "
                            + bytes.length
                            + " bytes): "
                            + why,
                    e);
        }
        return new Snapshot(directory, metadataFile, bytes.length, version, metadata);
    }

    private static String notASnapshotFolder(Path path) throws BadInputException {
        List<String> checkpoints = new ArrayList<>();
        FileSystem fs = Locations.fileSystem(path);
        try {
            FileStatus[] children = fs.listStatus(path);
            if (children != null) {
                for (FileStatus child : children) {
                    String name = child.getPath().getName();
                    if (child.isDir()
                            && checkpointNumber(name) >= 0
                            && Locations.statusOrNull(new Path(child.getPath(), METADATA_FILE))
                                    != null) {
                        checkpoints.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot list: " + Locations.oneLine(e), e);
        }
        String message =
                path
                        + ": no "
                        + METADATA_FILE
                        + " here; expected a chk-N folder, a savepoint folder or a "
                        + METADATA_FILE
                        + " file";
        if (!checkpoints.isEmpty()) {
            checkpoints.sort(Snapshot::compareCheckpointFolders);
            message +=
                    " (this looks like a job's checkpoint folder: pass one of its "
                            + checkpoints.size()
                            + " completed chk-N folders, e.g. "
                            + checkpoints.get(checkpoints.size() - 1)
                            + ")";
        }
        return message;
    }

    /** Orders chk-N folder names by N. */
    public static int compareCheckpointFolders(String a, String b) {
        return Long.compare(checkpointNumber(a), checkpointNumber(b));
    }

    /** N of a chk-N folder name, or -1. */
    public static long checkpointNumber(String folderName) {
        if (!folderName.startsWith("chk-")) {
            return -1;
        }
        try {
            return Long.parseLong(folderName.substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] readAll(Path file) throws BadInputException {
        FileSystem fs = Locations.fileSystem(file);
        try (FSDataInputStream in = fs.open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + Locations.oneLine(e), e);
        } catch (OutOfMemoryError e) {
            throw new BadInputException(
                    file + ": too large to read into memory (raise -Xmx in FLINKEXT_JAVA_OPTS)", e);
        }
    }

    private static int checkHeader(Path file, byte[] bytes) throws BadInputException {
        if (bytes.length < 8) {
            throw new BadInputException(
                    file
                            + ": truncated checkpoint metadata: "
                            + bytes.length
                            + " bytes, expected at least 8 (magic number and format version)");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, 8);
        int magic = header.getInt();
        if (magic != Checkpoints.HEADER_MAGIC_NUMBER) {
            throw new BadInputException(
                    String.format(
                            "%s: not Flink checkpoint metadata: it starts with 0x%08x, expected the"
                                    + " magic number 0x%08x",
                            file, magic, Checkpoints.HEADER_MAGIC_NUMBER));
        }
        int version = header.getInt();
        int newest = FlinkLine.newestMetadataVersion();
        if (version >= 1 && version <= newest) {
            return version;
        }
        String message =
                file
                        + ": unknown checkpoint metadata format version "
                        + version
                        + " ("
                        + FlinkLine.readWith()
                        + " reads versions 1 to "
                        + newest;
        if (version > newest && FlinkLine.name().equals(FlinkLine.FLINK_1)) {
            // Flink 2.x writes versions 5 and up, and the 2.x line of the tools reads them.
            throw new OtherLineException(
                    message + "; Flink 2.x wrote this: bin/flinkext reads it with its 2.x line)",
                    FlinkLine.FLINK_2);
        }
        throw new BadInputException(message + "; a newer Flink wrote this?)");
    }

    /** The snapshot's folder, against which relative handles resolve. */
    public Path directory() {
        return directory;
    }

    public Path metadataFile() {
        return metadataFile;
    }

    public long metadataBytes() {
        return metadataBytes;
    }

    public int formatVersion() {
        return formatVersion;
    }

    /** The Flink that read it, e.g. {@code Flink 2.3.0}: the line of the tools that ran. */
    public String readWith() {
        return FlinkLine.readWith();
    }

    public long checkpointId() {
        return metadata.getCheckpointId();
    }

    public SnapshotKind kind() {
        return SnapshotKind.of(metadata, directory == null ? null : directory.getName());
    }

    /** What Flink's loader returned. */
    public CheckpointMetadata metadata() {
        return metadata;
    }
}
