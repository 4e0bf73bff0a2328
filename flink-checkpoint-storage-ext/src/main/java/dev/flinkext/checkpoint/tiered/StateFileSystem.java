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
package dev.flinkext.checkpoint.tiered;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.util.WrappingProxy;

import java.io.IOException;
import java.net.URI;

/**
 * The filesystem the tiered storage's state files are written through: the checkpoint directory's
 * own filesystem, except that a file created without overwrite is created with overwrite.
 *
 * <p>Flink's checkpoint streams ({@code FsCheckpointStreamFactory}) create every state file under a
 * fresh random UUID with {@link WriteMode#NO_OVERWRITE}, so a file of that name cannot exist. On an
 * object store, though, no-overwrite is an existence probe before the upload: S3 through {@code
 * flink-s3-fs-presto} asks {@code HEAD key}, {@code HEAD key/} and lists {@code key/}, three of the
 * six requests a state file costs. Local and HDFS filesystems create a new file the same way in
 * either mode. Only the task side's state streams use this filesystem: the checkpoint's {@code
 * _metadata} is written by the JobManager through Flink's own storage access, whose existence check
 * keeps a second writer out of a checkpoint directory, and savepoint locations resolve their own
 * filesystem.
 *
 * <p>A {@link WrappingProxy}, so that Flink's {@code EntropyInjector} still finds an {@code
 * EntropyInjectingFileSystem} underneath. The line adapter {@link StateFileSystemAdapter} makes the
 * concrete class, which also keeps the copying interface of its line when the filesystem has it.
 */
@Internal
abstract class StateFileSystem extends FileSystem implements WrappingProxy<FileSystem> {

    protected final FileSystem fs;

    StateFileSystem(FileSystem fs) {
        this.fs = fs;
    }

    @Override
    public FSDataOutputStream create(Path filePath, WriteMode overwrite) throws IOException {
        return fs.create(filePath, WriteMode.OVERWRITE);
    }

    @Override
    public FileSystem getWrappedDelegate() {
        return fs;
    }

    @Override
    public Path getWorkingDirectory() {
        return fs.getWorkingDirectory();
    }

    @Override
    public Path getHomeDirectory() {
        return fs.getHomeDirectory();
    }

    @Override
    public URI getUri() {
        return fs.getUri();
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return fs.getFileStatus(f);
    }

    @Override
    public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len)
            throws IOException {
        return fs.getFileBlockLocations(file, start, len);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        return fs.open(f, bufferSize);
    }

    @Override
    public FSDataInputStream open(Path f) throws IOException {
        return fs.open(f);
    }

    @Override
    public RecoverableWriter createRecoverableWriter() throws IOException {
        return fs.createRecoverableWriter();
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        return fs.listStatus(f);
    }

    @Override
    public boolean exists(Path f) throws IOException {
        return fs.exists(f);
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        return fs.delete(f, recursive);
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        return fs.mkdirs(f);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        return fs.rename(src, dst);
    }

    @Override
    public boolean isDistributedFS() {
        return fs.isDistributedFS();
    }

    @Override
    public String toString() {
        return "StateFileSystem(" + fs + ")";
    }
}
