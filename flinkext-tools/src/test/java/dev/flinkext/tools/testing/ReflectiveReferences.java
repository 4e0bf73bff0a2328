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
package dev.flinkext.tools.testing;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.filemerging.EmptySegmentFileStateHandle;
import org.apache.flink.runtime.state.filemerging.SegmentFileStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;

import java.io.DataInputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a checkpoint references, found independently of the tools' own handle walk: Flink's
 * loader reads the metadata, and every {@link FileStateHandle} and {@link SegmentFileStateHandle}
 * reachable through any field of the object graph counts (but {@link EmptySegmentFileStateHandle},
 * whose path is a placeholder). A test oracle: it knows no handle type but those that name files.
 */
public final class ReflectiveReferences {

    private ReflectiveReferences() {}

    /** A Flink path of the local filesystem, with or without its {@code file:} scheme. */
    private static Path local(org.apache.flink.core.fs.Path path) {
        java.net.URI uri = path.toUri();
        return uri.getScheme() == null ? Path.of(uri.getPath()) : Path.of(uri);
    }

    public static Set<Path> of(Path metadataFile) throws Exception {
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadataFile))) {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            in,
                            ReflectiveReferences.class.getClassLoader(),
                            metadataFile.getParent().toUri().toString());
        }
        Set<Path> files = new TreeSet<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // A LinkedList: fields and collections hold nulls.
        Deque<Object> pending = new LinkedList<>();
        pending.add(metadata);
        while (!pending.isEmpty()) {
            Object object = pending.poll();
            if (object == null || !seen.add(object)) {
                continue;
            }
            if (object instanceof FileStateHandle) {
                files.add(local(((FileStateHandle) object).getFilePath()));
            } else if (object instanceof SegmentFileStateHandle
                    && !(object instanceof EmptySegmentFileStateHandle)) {
                // EmptySegmentFileStateHandle stands for no bytes; its path is a placeholder.
                files.add(local(((SegmentFileStateHandle) object).getFilePath()));
            }
            Class<?> type = object.getClass();
            if (object instanceof Collection) {
                pending.addAll((Collection<?>) object);
            } else if (object instanceof Map) {
                pending.addAll(((Map<?, ?>) object).keySet());
                pending.addAll(((Map<?, ?>) object).values());
            } else if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(object); i++) {
                        pending.add(Array.get(object, i));
                    }
                }
            } else if (!type.getName().startsWith("java.")) {
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        if (Modifier.isStatic(field.getModifiers())
                                || field.getType().isPrimitive()) {
                            continue;
                        }
                        field.setAccessible(true);
                        pending.add(field.get(object));
                    }
                }
            }
        }
        return files;
    }
}
