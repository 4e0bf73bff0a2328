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

import org.openrewrite.java.tree.Comment;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.Statement;
import org.openrewrite.java.tree.TextComment;
import org.openrewrite.java.tree.TypeUtils;
import org.openrewrite.marker.Markers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What StateConfigForFlink2 knows about the Flink 1.20 state setters: which calls they are, and the
 * configuration options each one's arguments become (or why they cannot).
 */
final class StateSetters {

    private StateSetters() {}

    static final String CHECKPOINT_CONFIG =
            "org.apache.flink.streaming.api.environment.CheckpointConfig";
    static final String MARK = "flinkext StateConfigForFlink2";

    private static final String CONTRIB = StateConfigForFlink2.ROCKSDB_OLD_PACKAGE + ".";
    private static final String MOVED = StateConfigForFlink2.ROCKSDB_NEW_PACKAGE + ".";
    static final Set<String> EMBEDDED_ROCKSDB =
            Set.of(CONTRIB + "EmbeddedRocksDBStateBackend", MOVED + "EmbeddedRocksDBStateBackend");
    static final String HASHMAP = LegacyStateBackendsToFlink114.HASHMAP;
    static final String FILESYSTEM_STORAGE =
            "org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage";
    static final String JOBMANAGER_STORAGE = LegacyStateBackendsToFlink114.JOBMANAGER_STORAGE;
    static final String CLEANUP = CHECKPOINT_CONFIG + ".ExternalizedCheckpointCleanup";
    static final String RETENTION_TYPE =
            "org.apache.flink.configuration.ExternalizedCheckpointRetention";
    static final String MEMORY_SIZE = "org.apache.flink.configuration.MemorySize";

    /** Classes whose imports may become unused once their calls are gone. */
    static final List<String> REPLACED_TYPES =
            List.of(
                    CONTRIB + "EmbeddedRocksDBStateBackend",
                    HASHMAP,
                    FILESYSTEM_STORAGE,
                    JOBMANAGER_STORAGE,
                    CLEANUP,
                    CONTRIB + "PredefinedOptions",
                    // named by a cast around the backend or storage
                    "org.apache.flink.runtime.state.StateBackend",
                    "org.apache.flink.runtime.state.AbstractStateBackend",
                    "org.apache.flink.runtime.state.CheckpointStorage");

    /** A Flink {@code ConfigOption} constant, named in the code the recipe writes. */
    record Option(String owner, String field) {
        String code() {
            return owner.substring(owner.lastIndexOf('.') + 1) + "." + field;
        }
    }

    private static final String STATE_BACKEND_OPTIONS =
            "org.apache.flink.configuration.StateBackendOptions";
    private static final String CHECKPOINTING_OPTIONS =
            "org.apache.flink.configuration.CheckpointingOptions";
    // The 1.20 package; the recipe's package move takes them to org.apache.flink.state.rocksdb.
    private static final String ROCKSDB_OPTIONS = CONTRIB + "RocksDBOptions";
    private static final String ROCKSDB_CONFIGURABLE_OPTIONS =
            CONTRIB + "RocksDBConfigurableOptions";

    static final Option STATE_BACKEND = new Option(STATE_BACKEND_OPTIONS, "STATE_BACKEND");
    static final Option CHECKPOINT_STORAGE =
            new Option(CHECKPOINTING_OPTIONS, "CHECKPOINT_STORAGE");
    static final Option CHECKPOINTS_DIRECTORY =
            new Option(CHECKPOINTING_OPTIONS, "CHECKPOINTS_DIRECTORY");
    static final Option INCREMENTAL = new Option(CHECKPOINTING_OPTIONS, "INCREMENTAL_CHECKPOINTS");
    static final Option RETENTION =
            new Option(CHECKPOINTING_OPTIONS, "EXTERNALIZED_CHECKPOINT_RETENTION");
    static final Option LOCAL_DIRECTORIES = new Option(ROCKSDB_OPTIONS, "LOCAL_DIRECTORIES");
    static final Option PREDEFINED_OPTIONS = new Option(ROCKSDB_OPTIONS, "PREDEFINED_OPTIONS");
    static final Option OPTIONS_FACTORY = new Option(ROCKSDB_OPTIONS, "OPTIONS_FACTORY");
    static final Option TRANSFER_THREADS =
            new Option(ROCKSDB_OPTIONS, "CHECKPOINT_TRANSFER_THREAD_NUM");
    static final Option TIMER_SERVICE = new Option(ROCKSDB_OPTIONS, "TIMER_SERVICE_FACTORY");
    static final Option WRITE_BATCH_SIZE =
            new Option(ROCKSDB_CONFIGURABLE_OPTIONS, "WRITE_BATCH_SIZE");

    /** Every option the recipe may write; a test checks each against Flink 2.x. */
    static final List<Option> OPTIONS =
            List.of(
                    STATE_BACKEND,
                    CHECKPOINT_STORAGE,
                    CHECKPOINTS_DIRECTORY,
                    INCREMENTAL,
                    RETENTION,
                    LOCAL_DIRECTORIES,
                    PREDEFINED_OPTIONS,
                    OPTIONS_FACTORY,
                    TRANSFER_THREADS,
                    TIMER_SERVICE,
                    WRITE_BATCH_SIZE);

    /**
     * One {@code conf.set(option, value)}: {@code value} is template code whose {@code #{any(…)}}
     * placeholders take {@code args}; {@code imports} and {@code stubs} are what it names.
     */
    record Setting(
            Option option,
            String value,
            List<Expression> args,
            List<String> imports,
            List<String> stubs) {

        static Setting of(Option option, String value, Expression... args) {
            return new Setting(option, value, List.of(args), List.of(), List.of());
        }

        Setting importing(String type) {
            List<String> all = new ArrayList<>(imports);
            all.add(type);
            return new Setting(option, value, args, all, stubs);
        }
    }

    /** The settings one call stands for, or why it cannot be moved into configuration. */
    record Meaning(List<Setting> settings, String unsafe) {
        static Meaning of(Setting... settings) {
            return new Meaning(List.of(settings), null);
        }

        static Meaning unsafe(String why) {
            return new Meaning(List.of(), why);
        }
    }

    private static final Set<String> CHECKPOINT_CONFIG_SETTERS =
            Set.of(
                    "setCheckpointStorage",
                    "enableExternalizedCheckpoints",
                    "setExternalizedCheckpointCleanup");

    static final Set<String> ROCKSDB_SETTERS =
            Set.of(
                    "setDbStoragePath",
                    "setDbStoragePaths",
                    "setPredefinedOptions",
                    "setRocksDBOptions",
                    "setNumberOfTransferThreads",
                    "setWriteBatchSize",
                    "setPriorityQueueStateType",
                    "setRocksDBMemoryFactory");

    /** A call of a setter that Flink 2.0 removed (on the environment or its CheckpointConfig). */
    static boolean isRemovedSetter(J.MethodInvocation call) {
        if (call.getSelect() == null) {
            return false;
        }
        JavaType selectType = call.getSelect().getType();
        if (call.getSimpleName().equals("setStateBackend")) {
            return TypeUtils.isAssignableTo(LegacyStateBackendsToFlink114.ENV, selectType);
        }
        return CHECKPOINT_CONFIG_SETTERS.contains(call.getSimpleName())
                && TypeUtils.isAssignableTo(CHECKPOINT_CONFIG, selectType);
    }

    /**
     * The environment a removed setter is called on, {@code env} of {@code env.setStateBackend(…)}
     * or {@code env.getCheckpointConfig().setCheckpointStorage(…)}; null when it is not that shape.
     */
    static Expression environmentOf(J.MethodInvocation call) {
        Expression select = call.getSelect();
        if (call.getSimpleName().equals("setStateBackend")) {
            return isPlainReference(select) ? select : null;
        }
        if (select instanceof J.MethodInvocation
                && ((J.MethodInvocation) select).getSimpleName().equals("getCheckpointConfig")
                && ((J.MethodInvocation) select)
                        .getArguments().stream().allMatch(a -> a instanceof J.Empty)
                && isPlainReference(((J.MethodInvocation) select).getSelect())
                && TypeUtils.isAssignableTo(
                        LegacyStateBackendsToFlink114.ENV,
                        ((J.MethodInvocation) select).getSelect().getType())) {
            return ((J.MethodInvocation) select).getSelect();
        }
        return null;
    }

    /** The expression inside casts and parentheses. */
    static Expression unwrap(Expression e) {
        for (Expression inner = inner(e); inner != null; inner = inner(e)) {
            e = inner;
        }
        return e;
    }

    /** The expression one cast or pair of parentheses holds, or null. */
    static Expression inner(Expression e) {
        if (e instanceof J.TypeCast) {
            return ((J.TypeCast) e).getExpression();
        }
        if (e instanceof J.Parentheses && ((J.Parentheses<?>) e).getTree() instanceof Expression) {
            return (Expression) ((J.Parentheses<?>) e).getTree();
        }
        return null;
    }

    static boolean isPlainReference(Expression e) {
        return e instanceof J.Identifier
                || (e instanceof J.FieldAccess
                        && isPlainReference(((J.FieldAccess) e).getTarget()));
    }

    /** The meaning of a removed setter called on a plain environment, its argument not a local. */
    static Meaning meaning(J.MethodInvocation call) {
        // (StateBackend) new HashMapStateBackend(): a cast or parentheses change nothing.
        Expression arg = arguments(call).size() == 1 ? unwrap(arguments(call).get(0)) : null;
        if (arg == null) {
            return Meaning.unsafe("it has no single argument");
        }
        switch (call.getSimpleName()) {
            case "setStateBackend":
                return arg instanceof J.NewClass
                        ? backend((J.NewClass) arg)
                        : Meaning.unsafe("the backend is built elsewhere");
            case "setCheckpointStorage":
                return storage(arg);
            default:
                return retention(arg);
        }
    }

    /** {@code new EmbeddedRocksDBStateBackend(…)} / {@code new HashMapStateBackend()}. */
    static Meaning backend(J.NewClass backend) {
        String type = typeOf(backend);
        if (backend.getBody() != null) {
            return Meaning.unsafe(
                    "it is an anonymous subclass of " + backend.getClazz().printTrimmed());
        }
        List<Expression> args = arguments(backend);
        if (EMBEDDED_ROCKSDB.contains(type)) {
            Setting rocksdb = Setting.of(STATE_BACKEND, "\"rocksdb\"");
            if (args.isEmpty()) {
                return Meaning.of(rocksdb);
            }
            if (args.size() == 1 && isBoolean(args.get(0))) {
                return Meaning.of(rocksdb, Setting.of(INCREMENTAL, "#{any(boolean)}", args.get(0)));
            }
            return Meaning.unsafe("its constructor argument has no one-to-one configuration value");
        }
        if (HASHMAP.equals(type) && args.isEmpty()) {
            return Meaning.of(Setting.of(STATE_BACKEND, "\"hashmap\""));
        }
        if (LegacyStateBackendsToFlink114.LEGACY.contains(type)) {
            return Meaning.unsafe(
                    "it is a "
                            + simple(type)
                            + ", a legacy backend that Flink 2.0 removed (where"
                            + " LegacyStateBackendsToFlink114 left it alone, its comment says why"
                            + " and what to write instead)");
        }
        return Meaning.unsafe(
                "it is a " + (type == null ? "backend of unknown type" : simple(type)) + " object");
    }

    private static Meaning storage(Expression arg) {
        Setting filesystem = Setting.of(CHECKPOINT_STORAGE, "\"filesystem\"");
        if (arg instanceof J.NewClass) {
            J.NewClass storage = (J.NewClass) arg;
            String type = typeOf(storage);
            List<Expression> args = arguments(storage);
            if (storage.getBody() == null
                    && FILESYSTEM_STORAGE.equals(type)
                    && args.size() == 1
                    && directory(args.get(0)) != null) {
                return Meaning.of(filesystem, directory(args.get(0)));
            }
            if (storage.getBody() == null && JOBMANAGER_STORAGE.equals(type) && args.isEmpty()) {
                return Meaning.of(Setting.of(CHECKPOINT_STORAGE, "\"jobmanager\""));
            }
            return Meaning.unsafe(
                    "the storage "
                            + (type == null ? "of unknown type" : simple(type))
                            + (args.isEmpty() ? "" : " with these arguments")
                            + " has no one-to-one configuration");
        }
        Setting directory = directory(arg);
        return directory == null
                ? Meaning.unsafe("the storage is built elsewhere")
                : Meaning.of(filesystem, directory);
    }

    /** A checkpoint directory given as a String, URI or Flink Path. */
    private static Setting directory(Expression arg) {
        JavaType type = arg.getType();
        if (type == JavaType.Primitive.String
                || TypeUtils.isOfClassType(type, "java.lang.String")) {
            return Setting.of(CHECKPOINTS_DIRECTORY, "#{any(java.lang.String)}", arg);
        }
        if (TypeUtils.isOfClassType(type, "java.net.URI")) {
            return Setting.of(CHECKPOINTS_DIRECTORY, "#{any(java.net.URI)}.toString()", arg);
        }
        if (TypeUtils.isOfClassType(type, "org.apache.flink.core.fs.Path")) {
            return Setting.of(
                    CHECKPOINTS_DIRECTORY, "#{any(org.apache.flink.core.fs.Path)}.toString()", arg);
        }
        return null;
    }

    private static Meaning retention(Expression arg) {
        String name = null;
        if (arg instanceof J.FieldAccess) {
            name = ((J.FieldAccess) arg).getSimpleName();
        } else if (arg instanceof J.Identifier) {
            name = ((J.Identifier) arg).getSimpleName();
        }
        if (name != null
                && TypeUtils.isOfClassType(arg.getType(), CLEANUP)
                && Set.of(
                                "DELETE_ON_CANCELLATION",
                                "RETAIN_ON_CANCELLATION",
                                "NO_EXTERNALIZED_CHECKPOINTS")
                        .contains(name)) {
            // ExternalizedCheckpointRetention has the same constants as the removed enum.
            return Meaning.of(
                    Setting.of(RETENTION, simple(RETENTION_TYPE) + "." + name)
                            .importing(RETENTION_TYPE));
        }
        return Meaning.unsafe("the retention is not one of the enum's constants");
    }

    /** {@code backend.setX(…)} on a RocksDB backend kept in a local variable. */
    static Meaning rocksDbSetter(J.MethodInvocation call) {
        List<Expression> args = arguments(call);
        Expression arg = args.size() == 1 ? args.get(0) : null;
        switch (call.getSimpleName()) {
            case "setDbStoragePath":
                if (arg != null && isString(arg)) {
                    return Meaning.of(
                            Setting.of(LOCAL_DIRECTORIES, "#{any(java.lang.String)}", arg));
                }
                break;
            case "setDbStoragePaths":
                if (!args.isEmpty()
                        && args.stream()
                                .allMatch(
                                        a ->
                                                a instanceof J.Literal
                                                        && ((J.Literal) a).getValue()
                                                                instanceof String)) {
                    // Flink splits the key's value at commas.
                    String joined =
                            args.stream()
                                    .map(a -> (String) ((J.Literal) a).getValue())
                                    .collect(Collectors.joining(","));
                    return Meaning.of(
                            Setting.of(
                                    LOCAL_DIRECTORIES,
                                    "\""
                                            + joined.replace("\\", "\\\\").replace("\"", "\\\"")
                                            + "\""));
                }
                break;
            case "setPredefinedOptions":
                if (arg != null) {
                    return Meaning.of(
                            Setting.of(
                                    PREDEFINED_OPTIONS,
                                    "#{any(" + CONTRIB + "PredefinedOptions)}.name()",
                                    arg));
                }
                break;
            case "setRocksDBOptions":
                if (arg instanceof J.NewClass) {
                    Setting factory = optionsFactory((J.NewClass) arg);
                    if (factory != null) {
                        return Meaning.of(factory);
                    }
                }
                return Meaning.unsafe(
                        "its RocksDBOptionsFactory is not a plain new Factory(): Flink 2.x"
                                + " creates the factory named in RocksDBOptions.OPTIONS_FACTORY"
                                + " with its no-argument constructor");
            case "setNumberOfTransferThreads":
                if (arg != null) {
                    return Meaning.of(Setting.of(TRANSFER_THREADS, "#{any(int)}", arg));
                }
                break;
            case "setWriteBatchSize":
                if (arg != null) {
                    return Meaning.of(
                            Setting.of(WRITE_BATCH_SIZE, "new MemorySize(#{any(long)})", arg)
                                    .importing(MEMORY_SIZE));
                }
                break;
            case "setPriorityQueueStateType":
                if (arg != null) {
                    return Meaning.of(Setting.of(TIMER_SERVICE, "#{any()}", arg));
                }
                break;
            default:
                break;
        }
        return Meaning.unsafe(call.getSimpleName() + " has no one-to-one configuration key");
    }

    /** {@code new MyFactory()} of a top-level class: the option names the class. */
    private static Setting optionsFactory(J.NewClass factory) {
        JavaType.FullyQualified type = TypeUtils.asFullyQualified(factory.getType());
        if (factory.getBody() != null
                || !arguments(factory).isEmpty()
                || type == null
                || type.getOwningClass() != null
                || type.getPackageName().isEmpty()
                || factory.getClazz() == null) {
            return null;
        }
        String written = factory.getClazz().printTrimmed();
        String stub =
                "package "
                        + type.getPackageName()
                        + "; public class "
                        + type.getClassName()
                        + " {}";
        return new Setting(
                OPTIONS_FACTORY,
                written + ".class.getName()",
                List.of(),
                written.contains(".") ? List.of() : List.of(type.getFullyQualifiedName()),
                List.of(stub));
    }

    /** The comment on a call left alone. */
    static String comment(J.MethodInvocation call, String why) {
        String what;
        String byHand;
        if (call.getSimpleName().equals("setStateBackend")) {
            what = "env.setStateBackend";
            byHand =
                    STATE_BACKEND.code()
                            + " (rocksdb, hashmap, or your StateBackendFactory's class name) and"
                            + " the backend's options";
        } else if (call.getSimpleName().equals("setCheckpointStorage")) {
            what = "CheckpointConfig#setCheckpointStorage";
            byHand =
                    CHECKPOINT_STORAGE.code()
                            + " (filesystem, jobmanager, or your CheckpointStorageFactory's class"
                            + " name) and "
                            + CHECKPOINTS_DIRECTORY.code();
        } else if (ROCKSDB_SETTERS.contains(call.getSimpleName())) {
            what =
                    "env.setStateBackend, so no backend object to call "
                            + call.getSimpleName()
                            + " on";
            byHand = "the matching option of RocksDBOptions / RocksDBConfigurableOptions";
        } else {
            what = "CheckpointConfig#" + call.getSimpleName();
            byHand =
                    RETENTION.code()
                            + " (or call env.getCheckpointConfig()"
                            + ".setExternalizedCheckpointRetention)";
        }
        return " "
                + MARK
                + ": Flink 2.x has no "
                + what
                + "; not rewritten because "
                + why
                + ". By hand: set "
                + byHand
                + " in a Configuration passed to"
                + " StreamExecutionEnvironment.getExecutionEnvironment(conf), or in config.yaml.";
    }

    /** A removed setter inside an expression (a chain, an expression lambda): comment it. */
    static J.MethodInvocation commentInExpression(J.MethodInvocation call) {
        if (!isRemovedSetter(call)) {
            return call;
        }
        return withComment(
                call,
                comment(call, "it is part of an expression, not a statement of its own") + " ",
                MARK,
                true);
    }

    /**
     * Adds {@code text} as a comment before {@code tree} (inline, or on a line of its own right
     * above it), unless a comment carrying {@code mark} is already there: each recipe comments a
     * place once, however often it runs.
     */
    static <T extends J> T withComment(T tree, String text, String mark, boolean inline) {
        Space prefix = tree.getPrefix();
        for (Comment existing : prefix.getComments()) {
            if (existing instanceof TextComment
                    && ((TextComment) existing).getText().contains(mark)) {
                return tree;
            }
        }
        if (inline) {
            List<Comment> comments = new ArrayList<>(prefix.getComments());
            comments.add(new TextComment(true, text, "", Markers.EMPTY));
            return tree.withPrefix(prefix.withComments(comments));
        }
        String indent = prefix.getIndent();
        List<Comment> comments = new ArrayList<>(prefix.getComments());
        comments.add(new TextComment(false, text, "\n" + indent, Markers.EMPTY));
        if (comments.size() > 1) {
            Comment last = comments.get(comments.size() - 2);
            comments.set(comments.size() - 2, last.withSuffix("\n" + indent));
        }
        return tree.withPrefix(prefix.withComments(comments));
    }

    static Statement withComment(Statement statement, String text) {
        return withComment(statement, text, MARK, false);
    }

    static List<Expression> arguments(J.MethodInvocation call) {
        List<Expression> args = new ArrayList<>();
        for (Expression arg : call.getArguments()) {
            if (!(arg instanceof J.Empty)) {
                args.add(arg);
            }
        }
        return args;
    }

    static List<Expression> arguments(J.NewClass newClass) {
        List<Expression> args = new ArrayList<>();
        for (Expression arg : newClass.getArguments()) {
            if (!(arg instanceof J.Empty)) {
                args.add(arg);
            }
        }
        return args;
    }

    static String typeOf(J.NewClass newClass) {
        JavaType.FullyQualified type = TypeUtils.asFullyQualified(newClass.getType());
        return type == null ? null : type.getFullyQualifiedName();
    }

    /** A state backend the recipe can express in configuration. */
    static boolean isKnownBackend(J.NewClass newClass) {
        String type = typeOf(newClass);
        return newClass.getBody() == null
                && (EMBEDDED_ROCKSDB.contains(type) || HASHMAP.equals(type));
    }

    private static boolean isBoolean(Expression e) {
        return e.getType() == JavaType.Primitive.Boolean
                || TypeUtils.isOfClassType(e.getType(), "java.lang.Boolean");
    }

    private static boolean isString(Expression e) {
        return e.getType() == JavaType.Primitive.String
                || TypeUtils.isOfClassType(e.getType(), "java.lang.String");
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
