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
package dev.flinkext.rewrite;

import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.TypeUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What LegacyStateBackendsToFlink114 knows about the constructors of Flink 1.20's legacy backends:
 * what each argument means, where it goes in the 1.14+ API, and so why a constructor is rewritten
 * or left alone and what to write by hand.
 */
final class LegacyConstructors {

    private LegacyConstructors() {}

    /** What one constructor argument stands for. */
    enum Role {
        CHECKPOINT_DIR,
        INCREMENTAL,
        ASYNC_SNAPSHOTS,
        SAVEPOINT_DIR,
        FILE_STATE_THRESHOLD,
        WRITE_BUFFER_SIZE,
        MAX_STATE_SIZE,
        METADATA_DIR,
        STREAM_BACKEND
    }

    /** Flink 1.20's public constructors (javap of flink-runtime / flink-statebackend-rocksdb). */
    private static final Map<String, List<Role>> CONSTRUCTORS =
            Map.ofEntries(
                    Map.entry("RocksDBStateBackend(String)", List.of(Role.CHECKPOINT_DIR)),
                    Map.entry(
                            "RocksDBStateBackend(String,boolean)",
                            List.of(Role.CHECKPOINT_DIR, Role.INCREMENTAL)),
                    Map.entry("RocksDBStateBackend(URI)", List.of(Role.CHECKPOINT_DIR)),
                    Map.entry(
                            "RocksDBStateBackend(URI,boolean)",
                            List.of(Role.CHECKPOINT_DIR, Role.INCREMENTAL)),
                    Map.entry("RocksDBStateBackend(StateBackend)", List.of(Role.STREAM_BACKEND)),
                    Map.entry(
                            "RocksDBStateBackend(StateBackend,TernaryBoolean)",
                            List.of(Role.STREAM_BACKEND, Role.INCREMENTAL)),
                    Map.entry(
                            "RocksDBStateBackend(AbstractStateBackend)",
                            List.of(Role.STREAM_BACKEND)),
                    Map.entry(
                            "RocksDBStateBackend(AbstractStateBackend,boolean)",
                            List.of(Role.STREAM_BACKEND, Role.INCREMENTAL)),
                    Map.entry("FsStateBackend(String)", List.of(Role.CHECKPOINT_DIR)),
                    Map.entry(
                            "FsStateBackend(String,boolean)",
                            List.of(Role.CHECKPOINT_DIR, Role.ASYNC_SNAPSHOTS)),
                    Map.entry("FsStateBackend(Path)", List.of(Role.CHECKPOINT_DIR)),
                    Map.entry(
                            "FsStateBackend(Path,boolean)",
                            List.of(Role.CHECKPOINT_DIR, Role.ASYNC_SNAPSHOTS)),
                    Map.entry("FsStateBackend(URI)", List.of(Role.CHECKPOINT_DIR)),
                    Map.entry(
                            "FsStateBackend(URI,URI)",
                            List.of(Role.CHECKPOINT_DIR, Role.SAVEPOINT_DIR)),
                    Map.entry(
                            "FsStateBackend(URI,boolean)",
                            List.of(Role.CHECKPOINT_DIR, Role.ASYNC_SNAPSHOTS)),
                    Map.entry(
                            "FsStateBackend(URI,int)",
                            List.of(Role.CHECKPOINT_DIR, Role.FILE_STATE_THRESHOLD)),
                    Map.entry(
                            "FsStateBackend(URI,int,boolean)",
                            List.of(
                                    Role.CHECKPOINT_DIR,
                                    Role.FILE_STATE_THRESHOLD,
                                    Role.ASYNC_SNAPSHOTS)),
                    Map.entry(
                            "FsStateBackend(URI,URI,int,int,TernaryBoolean)",
                            List.of(
                                    Role.CHECKPOINT_DIR,
                                    Role.SAVEPOINT_DIR,
                                    Role.FILE_STATE_THRESHOLD,
                                    Role.WRITE_BUFFER_SIZE,
                                    Role.ASYNC_SNAPSHOTS)),
                    Map.entry("MemoryStateBackend()", List.of()),
                    Map.entry("MemoryStateBackend(boolean)", List.of(Role.ASYNC_SNAPSHOTS)),
                    Map.entry("MemoryStateBackend(int)", List.of(Role.MAX_STATE_SIZE)),
                    Map.entry(
                            "MemoryStateBackend(int,boolean)",
                            List.of(Role.MAX_STATE_SIZE, Role.ASYNC_SNAPSHOTS)),
                    Map.entry(
                            "MemoryStateBackend(String,String)",
                            List.of(Role.METADATA_DIR, Role.SAVEPOINT_DIR)),
                    Map.entry(
                            "MemoryStateBackend(String,String,int,TernaryBoolean)",
                            List.of(
                                    Role.METADATA_DIR,
                                    Role.SAVEPOINT_DIR,
                                    Role.MAX_STATE_SIZE,
                                    Role.ASYNC_SNAPSHOTS)));

    /** The arguments the recipe's rewrite has a place for. */
    private static final Set<Role> REWRITTEN =
            Set.of(Role.CHECKPOINT_DIR, Role.INCREMENTAL, Role.MAX_STATE_SIZE);

    /** The role of each of {@code backend}'s arguments, or null for a constructor not known. */
    static List<Role> roles(J.NewClass backend, List<Expression> args) {
        JavaType.Method constructor = backend.getConstructorType();
        JavaType.FullyQualified type = TypeUtils.asFullyQualified(backend.getType());
        if (constructor == null || type == null) {
            return null;
        }
        if (backend.getBody() != null) {
            type = type.getSupertype();
        }
        List<String> parameters = new ArrayList<>();
        for (JavaType parameter : constructor.getParameterTypes()) {
            JavaType.FullyQualified fq = TypeUtils.asFullyQualified(parameter);
            parameters.add(
                    parameter instanceof JavaType.Primitive
                            ? ((JavaType.Primitive) parameter).getKeyword()
                            : fq == null ? "?" : fq.getClassName());
        }
        List<Role> roles =
                CONSTRUCTORS.get(type.getClassName() + "(" + String.join(",", parameters) + ")");
        return roles != null && roles.size() == args.size() ? roles : null;
    }

    /** Whether the rewrite keeps what every argument does. */
    static boolean rewritable(List<Role> roles) {
        return roles != null && REWRITTEN.containsAll(roles);
    }

    /** Why the arguments the rewrite has no place for keep the constructor as it is. */
    static String why(List<Role> roles, List<Expression> args) {
        if (roles == null) {
            return "its constructor arguments have no one-to-one replacement";
        }
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            String meaning = meaning(roles.get(i));
            if (meaning != null) {
                reasons.add("its argument " + text(args.get(i)) + " is " + meaning);
            }
        }
        return String.join("; ", reasons);
    }

    private static String meaning(Role role) {
        switch (role) {
            case ASYNC_SNAPSHOTS:
                return "the asynchronous-snapshots flag, which the 1.14+ backends have no place"
                        + " for (Flink 1.20 ignores it: every snapshot is asynchronous)";
            case SAVEPOINT_DIR:
                return "the default savepoint directory, which neither 1.14+ backend nor"
                        + " storage takes";
            case FILE_STATE_THRESHOLD:
                return "the file state size threshold, which 1.14+ takes on a"
                        + " FileSystemCheckpointStorage, a call this recipe does not write";
            case WRITE_BUFFER_SIZE:
                return "the write buffer size, which 1.14+ takes on a"
                        + " FileSystemCheckpointStorage, a call this recipe does not write";
            case METADATA_DIR:
                return "the directory for the checkpoint metadata, which 1.14+ takes on a"
                        + " JobManagerCheckpointStorage, a call this recipe does not write";
            case STREAM_BACKEND:
                return "a backend that stands for the checkpoint storage, which 1.14+ sets on"
                        + " its own; which storage that is cannot be told from here";
            default:
                return null;
        }
    }

    /** The 1.14+ code for {@code new Legacy(args)}, as the steps of a comment. */
    static String byHand(String legacyClass, List<Role> roles, List<Expression> args) {
        if (roles == null) {
            return byHand(legacyClass);
        }
        String backend =
                LegacyStateBackendsToFlink114.ROCKSDB.equals(legacyClass)
                        ? "new EmbeddedRocksDBStateBackend("
                                + (roles.contains(Role.INCREMENTAL)
                                        ? arg(Role.INCREMENTAL, roles, args)
                                        : "")
                                + ")"
                        : "new HashMapStateBackend()";
        String storage;
        if (roles.contains(Role.STREAM_BACKEND)) {
            storage =
                    "the storage that "
                            + arg(Role.STREAM_BACKEND, roles, args)
                            + " stands for (its directory for an FsStateBackend, new"
                            + " JobManagerCheckpointStorage() for a MemoryStateBackend)";
        } else if (LegacyStateBackendsToFlink114.MEMORY.equals(legacyClass)) {
            List<String> storageArgs = new ArrayList<>();
            if (roles.contains(Role.METADATA_DIR)) {
                storageArgs.add(
                        roles.contains(Role.MAX_STATE_SIZE)
                                ? "new Path(" + arg(Role.METADATA_DIR, roles, args) + ")"
                                : arg(Role.METADATA_DIR, roles, args));
            }
            if (roles.contains(Role.MAX_STATE_SIZE)) {
                storageArgs.add(arg(Role.MAX_STATE_SIZE, roles, args));
            }
            storage = "new JobManagerCheckpointStorage(" + String.join(", ", storageArgs) + ")";
        } else if (roles.contains(Role.WRITE_BUFFER_SIZE)) {
            storage =
                    "new FileSystemCheckpointStorage(new Path("
                            + arg(Role.CHECKPOINT_DIR, roles, args)
                            + "), "
                            + arg(Role.FILE_STATE_THRESHOLD, roles, args)
                            + ", "
                            + arg(Role.WRITE_BUFFER_SIZE, roles, args)
                            + ")";
        } else if (roles.contains(Role.FILE_STATE_THRESHOLD)) {
            storage =
                    "new FileSystemCheckpointStorage("
                            + arg(Role.CHECKPOINT_DIR, roles, args)
                            + ", "
                            + arg(Role.FILE_STATE_THRESHOLD, roles, args)
                            + ")";
        } else {
            storage = arg(Role.CHECKPOINT_DIR, roles, args);
        }
        List<String> steps = new ArrayList<>();
        steps.add("env.setStateBackend(" + backend + ")");
        steps.add("env.getCheckpointConfig().setCheckpointStorage(" + storage + ")");
        if (roles.contains(Role.SAVEPOINT_DIR)) {
            steps.add(
                    "env.setDefaultSavepointDirectory("
                            + arg(Role.SAVEPOINT_DIR, roles, args)
                            + ")");
        }
        if (roles.contains(Role.ASYNC_SNAPSHOTS)) {
            steps.add("drop " + arg(Role.ASYNC_SNAPSHOTS, roles, args));
        }
        return String.join("; ", steps);
    }

    /** The 1.14+ code for a legacy backend whose arguments are not known here. */
    static String byHand(String legacyClass) {
        String replacement =
                LegacyStateBackendsToFlink114.ROCKSDB.equals(legacyClass)
                        ? "new EmbeddedRocksDBStateBackend(incremental)"
                        : "new HashMapStateBackend()";
        String storage =
                LegacyStateBackendsToFlink114.MEMORY.equals(legacyClass)
                        ? "new JobManagerCheckpointStorage()"
                        : "the checkpoint directory";
        return replacement + " and env.getCheckpointConfig().setCheckpointStorage(" + storage + ")";
    }

    private static String arg(Role role, List<Role> roles, List<Expression> args) {
        return text(args.get(roles.indexOf(role)));
    }

    /** An argument as written, on one line. */
    static String text(Expression e) {
        return e.printTrimmed().replaceAll("\\s+", " ");
    }
}
