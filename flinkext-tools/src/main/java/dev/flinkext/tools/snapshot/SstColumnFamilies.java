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

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The column family of a RocksDB SST file, read by RocksDB's own {@link SstFileReader} from the
 * file's table properties. Flink's RocksDB backend gives every state a column family named after
 * the state, so an SST file's bytes belong to exactly one state.
 *
 * <p>The reader needs a local file: a local file is read in place, any other stream (an inline
 * handle, a file on S3 or HDFS) is copied to a temporary file first.
 */
@Internal
public final class SstColumnFamilies {

    private static final String SST_SUFFIX = ".sst";

    private SstColumnFamilies() {}

    /** Whether the stream is one of RocksDB's SST files (by the local name Flink recorded). */
    private static boolean isSst(HandleAndLocalPath file) {
        return file.getLocalPath().endsWith(SST_SUFFIX);
    }

    /**
     * The bytes of a RocksDB snapshot's SST files per column family (i.e. per state); its other
     * files (MANIFEST, OPTIONS, CURRENT, the meta data) belong to no state and are not counted.
     */
    public static Map<String, Long> bytesPerColumnFamily(IncrementalRemoteKeyedStateHandle handle)
            throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        List<HandleAndLocalPath> files = new ArrayList<>(handle.getSharedState());
        files.addAll(handle.getPrivateState());
        for (HandleAndLocalPath file : files) {
            if (isSst(file)) {
                bytes.merge(
                        columnFamily(file.getHandle()), file.getHandle().getStateSize(), Long::sum);
            }
        }
        return bytes;
    }

    /** The column family name of the SST file in {@code handle}. */
    public static String columnFamily(StreamStateHandle handle) throws IOException {
        RocksDB.loadLibrary();
        Path local = localFile(handle);
        Path temporary = null;
        try {
            if (local == null) {
                temporary = Files.createTempFile("flinkext-", SST_SUFFIX);
                try (FSDataInputStream in = handle.openInputStream();
                        OutputStream out = Files.newOutputStream(temporary)) {
                    in.transferTo(out);
                }
                local = temporary;
            }
            try (Options options = new Options();
                    SstFileReader reader = new SstFileReader(options)) {
                reader.open(local.toString());
                return new String(
                        reader.getTableProperties().getColumnFamilyName(), StandardCharsets.UTF_8);
            } catch (RocksDBException e) {
                throw new IOException(
                        "RocksDB cannot read SST file " + handle + ": " + e.getMessage(), e);
            }
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static Path localFile(StreamStateHandle handle) {
        if (!(handle instanceof FileStateHandle)) {
            return null;
        }
        URI uri = ((FileStateHandle) handle).getFilePath().toUri();
        if (uri.getScheme() == null) {
            return Path.of(uri.getPath());
        }
        return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
    }
}
