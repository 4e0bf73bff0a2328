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
package dev.flinkext.checkpoint.tiered.testing;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.local.LocalFileSystem;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The local filesystem under a scheme of its own, taken for a distributed one (as Flink takes an
 * object store), for test filesystems that change one behaviour of it.
 */
public abstract class SchemeLocalFileSystem extends LocalFileSystem {

    private final String scheme;

    protected SchemeLocalFileSystem(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public URI getUri() {
        return URI.create(scheme + ":///");
    }

    @Override
    public boolean isDistributedFS() {
        return true;
    }

    /** The factory Flink finds through {@code META-INF/services}: subclassed per scheme. */
    public abstract static class Factory implements FileSystemFactory {
        private final String scheme;
        private final Supplier<FileSystem> create;

        protected Factory(String scheme, Supplier<FileSystem> create) {
            this.scheme = scheme;
            this.create = create;
        }

        @Override
        public String getScheme() {
            return scheme;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return create.get();
        }
    }
}
