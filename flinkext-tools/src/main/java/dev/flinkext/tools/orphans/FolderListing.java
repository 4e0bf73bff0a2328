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
package dev.flinkext.tools.orphans;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.snapshot.Locations;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * A folder's entries, one at a time, with each entry's comparable key ({@link OrphanScan#key})
 * derived from the folder's.
 *
 * <p>Flink's {@code FileSystem#listStatus} returns a folder's whole listing as one array; on the
 * local filesystem each entry is also a {@code File}, a {@code Path} with its {@code URI} and their
 * strings, about 700 bytes an entry, so a job's flat {@code shared/} folder of three million files
 * would take two gigabytes. Local folders are therefore read through {@code java.nio}'s directory
 * stream, an entry at a time; other filesystems through {@code listStatus}, whose array for one
 * folder is then the largest thing held (Flink's API has no streaming listing).
 */
@Internal
final class FolderListing {

    /**
     * Names that are the same in a path, its URI and its key: a key made by appending such a name
     * to the folder's key is the key Flink's path of the file would give.
     */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_~][A-Za-z0-9._~-]*");

    private FolderListing() {}

    /** A folder: its path, its path as text, its key, and the local folder when it is local. */
    record Folder(Path path, String text, String key, java.nio.file.Path local) {

        static Folder of(Path path) throws BadInputException {
            FileSystem fs = Locations.fileSystem(path);
            java.nio.file.Path local =
                    fs instanceof LocalFileSystem
                            ? new File(path.toUri().getPath()).toPath()
                            : null;
            return new Folder(path, path.toString(), OrphanScan.key(path), local);
        }
    }

    /** One entry of a folder. */
    static final class Entry {
        private final Folder parent;
        private final String name;
        private final boolean dir;
        private final long length;
        private final long modified;
        private final FileStatus status;
        private final java.nio.file.Path local;

        private Entry(
                Folder parent,
                String name,
                boolean dir,
                long length,
                long modified,
                FileStatus status,
                java.nio.file.Path local) {
            this.parent = parent;
            this.name = name;
            this.dir = dir;
            this.length = length;
            this.modified = modified;
            this.status = status;
            this.local = local;
        }

        String name() {
            return name;
        }

        boolean isDir() {
            return dir;
        }

        long length() {
            return length;
        }

        long modified() {
            return modified;
        }

        /** The entry's path as Flink's path of it prints. */
        String text() {
            if (status != null) {
                return status.getPath().toString();
            }
            return plain() ? parent.text() + "/" + name : new Path(parent.path(), name).toString();
        }

        /** The entry's key, as {@link OrphanScan#key} gives it. */
        String key() {
            if (status != null) {
                return OrphanScan.key(status.getPath());
            }
            return plain()
                    ? parent.key() + "/" + name
                    : OrphanScan.key(new Path(parent.path(), name));
        }

        /** The entry as a folder to list. */
        Folder asFolder() {
            Path path = status != null ? status.getPath() : new Path(parent.path(), name);
            return new Folder(path, text(), key(), local);
        }

        private boolean plain() {
            return PLAIN_NAME.matcher(name).matches();
        }
    }

    /** What is done with each entry. */
    interface Visitor {
        void visit(Entry entry) throws BadInputException;
    }

    /** Calls {@code visitor} with each entry of {@code folder}, in the filesystem's order. */
    static void forEach(Folder folder, Visitor visitor) throws BadInputException {
        if (folder.local() != null) {
            forEachLocal(folder, visitor);
            return;
        }
        FileStatus[] children;
        try {
            children = Locations.fileSystem(folder.path()).listStatus(folder.path());
        } catch (IOException e) {
            throw cannotList(folder, e);
        }
        if (children == null) {
            return;
        }
        for (int i = 0; i < children.length; i++) {
            FileStatus child = children[i];
            // Let the statuses already visited go: the array is the largest thing held.
            children[i] = null;
            visitor.visit(
                    new Entry(
                            folder,
                            child.getPath().getName(),
                            child.isDir(),
                            child.getLen(),
                            child.getModificationTime(),
                            child,
                            null));
        }
    }

    private static void forEachLocal(Folder folder, Visitor visitor) throws BadInputException {
        try (DirectoryStream<java.nio.file.Path> stream =
                Files.newDirectoryStream(folder.local())) {
            for (java.nio.file.Path child : stream) {
                BasicFileAttributes attributes;
                try {
                    // Following links, as Flink's local filesystem does.
                    attributes = Files.readAttributes(child, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // gone since the folder was read, as listStatus skips it
                }
                visitor.visit(
                        new Entry(
                                folder,
                                child.getFileName().toString(),
                                attributes.isDirectory(),
                                attributes.isDirectory() ? 0 : attributes.size(),
                                attributes.lastModifiedTime().toMillis(),
                                null,
                                child));
            }
        } catch (DirectoryIteratorException e) {
            throw cannotList(folder, e.getCause());
        } catch (IOException e) {
            throw cannotList(folder, e);
        }
    }

    private static BadInputException cannotList(Folder folder, IOException e) {
        return new BadInputException(folder.path() + ": cannot list: " + Locations.oneLine(e), e);
    }
}
