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
package dev.flinkext.migrate;

import dev.flinkext.migrate.ConfigFile.Entry;
import dev.flinkext.migrate.ConfigFile.Format;
import dev.flinkext.migrate.Finding.Kind;
import dev.flinkext.migrate.LegacyStateValues.Storage;
import dev.flinkext.migrate.LegacyStateValues.Translation;
import dev.flinkext.migrate.OptionCatalog.Definition;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Migrates a {@link ConfigFile} to a Flink line. For every target:
 *
 * <ol>
 *   <li>Each value is checked against the type of its Flink 1.20 option (the file must be valid
 *       before it is rewritten).
 *   <li>Each deprecated key is renamed per Flink 1.20's {@link RenameTable}: the key of every
 *       current option that would read it is written with its value, unless Flink reads another key
 *       of that option first, in which case the deprecated line had no effect and is commented out.
 *   <li>A legacy {@code state.backend.type} value becomes what it means ({@link
 *       LegacyStateValues}), with the checkpoint storage that Flink 1.20 built for it.
 *   <li>For 1.20: a key deprecated without replacement is kept (Flink 1.20 still reads it) and
 *       reported.
 * </ol>
 *
 * For 2.x it then applies Flink 2.x's rename table the same way, and comments out, with the reason,
 * every key that Flink 1.20 knows and no option of Flink 2.x reads. Keys unknown to Flink are kept
 * verbatim. Nothing is dropped: a key that goes is commented out where it was.
 */
@Internal
public final class ConfigMigrator {

    private static final String NOTE_PREFIX = "# flinkext migrate-config: ";

    private static final String BACKEND = StateBackendOptions.STATE_BACKEND.key();
    private static final String STORAGE = CheckpointingOptions.CHECKPOINT_STORAGE.key();
    private static final String DIRECTORY = CheckpointingOptions.CHECKPOINTS_DIRECTORY.key();

    private final RenameTable flink1;
    private final Supplier<RenameTable> flink2;

    public ConfigMigrator(RenameTable flink1, Supplier<RenameTable> flink2) {
        this.flink1 = flink1;
        this.flink2 = flink2;
    }

    /** A migrator for the Flink on the tool's classpath (1.20) and the shipped 2.x catalog. */
    public static ConfigMigrator create() {
        return new ConfigMigrator(
                RenameTable.of(OptionCatalog.ofClasspath()), Flink2Options::renameTable);
    }

    /** The Flink 1.20 table this migrator uses. */
    public RenameTable flink1() {
        return flink1;
    }

    /**
     * The migrated file and what was done.
     *
     * @param file the migrated file
     * @param findings what was done and seen, in the order of the original lines
     * @param unknownKeys keys no option of the scanned Flink jars reads, kept verbatim
     */
    public record Migration(ConfigFile file, List<Finding> findings, List<String> unknownKeys) {

        /** Whether the migrated file differs from the original in any key or value. */
        public boolean changesAnything() {
            return findings.stream().anyMatch(f -> f.kind().changes());
        }
    }

    /** Migrates {@code file} to {@code target}. */
    public Migration migrate(ConfigFile file, MigrationTarget target) throws ConfigFileException {
        List<Finding> unchecked = validate(file);
        Work work = new Work(file);
        work.findings.addAll(unchecked);
        String label1 = "Flink " + version(flink1);
        renames(work, flink1, label1);
        translateBackend(work, target);
        if (target == MigrationTarget.FLINK_1_20) {
            deprecatedWithoutReplacement(work, flink1, label1, "Flink 1.20 still reads it");
        } else {
            RenameTable table2 = flink2.get();
            String label2 = "Flink " + version(table2);
            renames(work, table2, label2);
            removedIn2(work, table2, label2);
            deprecatedWithoutReplacement(work, table2, label2, label2 + " still reads it");
            movedRocksDbClasses(work);
        }
        quotedLegacyValues(work);
        List<String> unknown = new ArrayList<>();
        for (Slot slot : work.slots) {
            String key = slot.entry.key();
            if (slot.active
                    && !flink1.isKnown(key)
                    && (target == MigrationTarget.FLINK_1_20 || !flink2.get().isKnown(key))) {
                unknown.add(key);
            }
        }
        List<Finding> findings = new ArrayList<>(work.findings);
        findings.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Migration(work.result(), List.copyOf(findings), List.copyOf(unknown));
    }

    // ---- checks ---------------------------------------------------------------------------

    /**
     * Every value must convert to the type of the Flink 1.20 option that reads its key, as Flink's
     * own {@code Configuration#get} converts it; a value with a template placeholder cannot be
     * converted before the template engine fills it in. Returns a note for each such value.
     */
    private List<Finding> validate(ConfigFile file) throws ConfigFileException {
        boolean standard = file.format() == Format.STANDARD;
        List<Finding> unchecked = new ArrayList<>();
        for (Entry entry : file.entries()) {
            List<Definition> readers = new ArrayList<>(flink1.definitionsOf(entry.key()));
            if (readers.isEmpty()) {
                readers.addAll(flink1.replacementsOf(entry.key()));
            }
            readers.removeIf(d -> d.option() == null);
            if (entry.value() instanceof TemplateValue) {
                if (!readers.isEmpty()) {
                    unchecked.add(uncheckedTemplate(entry, readers.get(0), standard));
                }
                continue;
            }
            RuntimeException failure = null;
            Definition failed = null;
            boolean valid = readers.isEmpty();
            for (Definition reader : readers) {
                Configuration conf = new Configuration(standard);
                conf.setString(entry.key(), entry.text());
                try {
                    conf.get(reader.option());
                    valid = true;
                    break;
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                        failed = reader;
                    }
                }
            }
            if (!valid) {
                throw new ConfigFileException(
                        entry.line(),
                        "value '"
                                + entry.text()
                                + "' of "
                                + entry.key()
                                + " is not "
                                + typeOf(failed)
                                + " ("
                                + failed.shortOrigin()
                                + "): "
                                + rootMessage(failure));
            }
        }
        return unchecked;
    }

    private static Finding uncheckedTemplate(Entry entry, Definition reader, boolean standard) {
        String hint =
                reader.key().equals(BACKEND)
                        ? "; if it becomes a pre-1.14 value (jobmanager, filesystem, a legacy"
                                + " factory class), write what that value means instead"
                                + " (docs/migration.md)"
                        : "";
        return new Finding(
                Kind.NOTE,
                entry.line(),
                entry.key() + ": " + ConfigFileWriter.yamlValue(entry.value(), !standard),
                List.of(),
                "a template placeholder: carried over verbatim, under the key's new name if it"
                        + " is renamed, and not checked; Flink reads it as "
                        + typeOf(reader)
                        + " ("
                        + reader.shortOrigin()
                        + ")"
                        + hint);
    }

    private static String typeOf(Definition definition) {
        try {
            var method = definition.option().getClass().getDeclaredMethod("getClazz");
            method.setAccessible(true);
            Class<?> type = (Class<?>) method.invoke(definition.option());
            var list = definition.option().getClass().getDeclaredMethod("isList");
            list.setAccessible(true);
            String name = type.getSimpleName();
            if ((Boolean) list.invoke(definition.option())) {
                return type.isEnum()
                        ? "a list of values, each one of " + enumValues(type)
                        : "a list of " + name + "s";
            }
            return type.isEnum() ? "one of " + enumValues(type) : article(name) + " " + name;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "valid";
        }
    }

    /** "an" before a vowel (an Integer), else "a" (a Boolean). */
    private static String article(String word) {
        return !word.isEmpty() && "AEIOUaeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String enumValues(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            names.add(constant.toString());
        }
        return String.join(", ", names);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return root == e ? message : e.getMessage() + " " + message;
    }

    // ---- the steps ------------------------------------------------------------------------

    private static void renames(Work work, RenameTable table, String label) {
        for (Slot slot : new ArrayList<>(work.slots)) {
            String key = slot.entry.key();
            if (!slot.active || table.isCurrent(key)) {
                continue;
            }
            List<Definition> replacements = table.replacementsOf(key);
            if (replacements.isEmpty()) {
                continue;
            }
            // Every option that reads this key and now takes its value from it.
            Map<String, Definition> readers = new LinkedHashMap<>();
            replacements.forEach(d -> readers.putIfAbsent(d.key(), d));
            table.currentReadersOf(key).forEach(d -> readers.putIfAbsent(d.key(), d));
            List<Definition> fed = new ArrayList<>();
            for (Definition reader : readers.values()) {
                if (key.equals(work.winner(reader))) {
                    fed.add(reader);
                }
            }
            String before = work.show(slot.entry);
            String origins =
                    replacements.stream()
                            .map(Definition::shortOrigin)
                            .collect(Collectors.joining(" and "));
            if (fed.isEmpty()) {
                Definition first = replacements.get(0);
                String reason =
                        "deprecated key of "
                                + first.shortOrigin()
                                + "; "
                                + label
                                + " reads "
                                + work.winner(first)
                                + " first, so this line has no effect";
                work.disable(slot, reason, Kind.COMMENTED_OUT, before);
                continue;
            }
            Entry original = slot.entry;
            slot.entry = original.withKey(fed.get(0).key());
            List<String> after = new ArrayList<>(List.of(work.show(slot.entry)));
            Slot cursor = slot;
            for (Definition reader : fed.subList(1, fed.size())) {
                cursor =
                        work.insertAfter(
                                cursor,
                                Entry.added(reader.key(), original.value(), original.line()));
                after.add(work.show(cursor.entry));
            }
            work.findings.add(
                    new Finding(
                            Kind.RENAMED,
                            original.line(),
                            before,
                            after,
                            "deprecated key of " + origins + " in " + label));
            for (Definition reader : fed) {
                if (reader.deprecated()) {
                    work.findings.add(
                            new Finding(
                                    Kind.WARNING,
                                    original.line(),
                                    before,
                                    List.of(),
                                    "its replacement "
                                            + reader.key()
                                            + " is itself deprecated in "
                                            + label
                                            + " ("
                                            + reader.shortOrigin()
                                            + ")"
                                            + description(reader)));
                }
            }
        }
    }

    private static void translateBackend(Work work, MigrationTarget target) {
        Slot backend = work.active(BACKEND);
        if (backend == null) {
            return;
        }
        Optional<Translation> found = LegacyStateValues.ofBackend(backend.entry.text(), target);
        if (found.isEmpty()) {
            return;
        }
        Translation translation = found.get();
        String before = work.show(backend.entry);
        int line = backend.entry.line();
        String renamed = "";
        // One finding for state.backend: jobmanager, not a rename and then a translation.
        for (Finding finding : new ArrayList<>(work.findings)) {
            if (finding.kind() == Kind.RENAMED
                    && finding.line() == line
                    && finding.after().equals(List.of(before))) {
                work.findings.remove(finding);
                before = finding.before();
                renamed = finding.why() + "; ";
            }
        }
        backend.entry = backend.entry.withValue(translation.backend());
        List<String> after = new ArrayList<>(List.of(work.show(backend.entry)));
        Slot storage = work.active(STORAGE);
        String forced =
                translation.storage() == Storage.JOBMANAGER
                        ? "jobmanager"
                        : translation.storage() == Storage.FILESYSTEM ? "filesystem" : null;
        String why = renamed + translation.why();
        if (forced != null) {
            if (storage != null && !storage.entry.text().trim().equalsIgnoreCase(forced)) {
                work.disable(
                        storage,
                        "ignored by Flink 1.20 because of "
                                + before
                                + " at line "
                                + line
                                + ": a legacy backend is its own checkpoint storage",
                        Kind.COMMENTED_OUT,
                        work.show(storage.entry));
                storage = null;
            }
            if (storage == null) {
                after.add(
                        work.show(
                                work.insertAfter(backend, Entry.added(STORAGE, forced, line))
                                        .entry));
            }
        } else if (translation.storage() == Storage.FILESYSTEM_IF_DIRECTORY && storage == null) {
            if (work.active(DIRECTORY) != null) {
                after.add(
                        work.show(
                                work.insertAfter(backend, Entry.added(STORAGE, "filesystem", line))
                                        .entry));
                why +=
                        "; with "
                                + DIRECTORY
                                + " set and no storage, Flink picks the filesystem storage, now"
                                + " written out";
            } else {
                work.findings.add(
                        new Finding(
                                Kind.WARNING,
                                line,
                                before,
                                List.of(),
                                "no "
                                        + DIRECTORY
                                        + " is set, so Flink 1.20 used JobManager storage for this"
                                        + " backend; left so (set "
                                        + DIRECTORY
                                        + " and "
                                        + STORAGE
                                        + ": filesystem for checkpoints on a filesystem)"));
            }
        }
        work.findings.add(new Finding(Kind.TRANSLATED, line, before, after, why));
    }

    private static void deprecatedWithoutReplacement(
            Work work, RenameTable table, String label, String stillRead) {
        for (Slot slot : work.slots) {
            if (!slot.active) {
                continue;
            }
            table.deprecatedWithoutReplacement(slot.entry.key())
                    .ifPresent(
                            d ->
                                    work.findings.add(
                                            new Finding(
                                                    Kind.WARNING,
                                                    slot.entry.line(),
                                                    work.show(slot.entry),
                                                    List.of(),
                                                    "deprecated in "
                                                            + label
                                                            + " without replacement ("
                                                            + d.shortOrigin()
                                                            + "); kept, "
                                                            + stillRead
                                                            + description(d))));
        }
    }

    private void removedIn2(Work work, RenameTable table2, String label2) {
        for (Slot slot : new ArrayList<>(work.slots)) {
            String key = slot.entry.key();
            if (!slot.active || table2.isKnown(key) || !flink1.isKnown(key)) {
                continue;
            }
            List<Definition> was = flink1.definitionsOf(key);
            String origin =
                    was.isEmpty()
                            ? "a fallback key in Flink 1.20"
                            : was.get(0).shortOrigin() + " in Flink 1.20" + description(was.get(0));
            work.disable(
                    slot,
                    "removed in Flink 2.x: no option of "
                            + label2
                            + " reads this key (it was "
                            + origin
                            + ")",
                    Kind.COMMENTED_OUT,
                    work.show(slot.entry));
        }
    }

    private static void movedRocksDbClasses(Work work) {
        for (Slot slot : work.slots) {
            if (slot.active
                    && slot.entry.value() instanceof String
                    && slot.entry.text().startsWith(LegacyStateValues.ROCKSDB_PACKAGE_1X)) {
                work.findings.add(
                        new Finding(
                                Kind.WARNING,
                                slot.entry.line(),
                                work.show(slot.entry),
                                List.of(),
                                "Flink 2.x moved the RocksDB classes from "
                                        + LegacyStateValues.ROCKSDB_PACKAGE_1X
                                        + " to org.apache.flink.state.rocksdb; check that this"
                                        + " class exists there"));
            }
        }
    }

    /** Flink's legacy parser keeps quotes as part of the value, which surprises. */
    private static void quotedLegacyValues(Work work) {
        if (!work.legacy) {
            return;
        }
        for (Slot slot : work.slots) {
            String text = slot.entry.text();
            if (slot.active
                    && text.length() >= 2
                    && (text.charAt(0) == '"' || text.charAt(0) == '\'')
                    && text.charAt(text.length() - 1) == text.charAt(0)) {
                work.findings.add(
                        new Finding(
                                Kind.WARNING,
                                slot.entry.line(),
                                slot.entry.key() + ": " + text,
                                List.of(),
                                "Flink's legacy parser reads the quotes as part of the value, so"
                                        + " the migrated file keeps them (quoted again); drop them"
                                        + " by hand if they were never meant to reach Flink"));
            }
        }
    }

    private static String description(Definition definition) {
        String text = definition.description();
        if (text.isEmpty()) {
            return "";
        }
        // Enough sentences to say something ("Deprecated option." alone does not), no more.
        StringBuilder shortened = new StringBuilder();
        for (String sentence : text.split("(?<=\\.) ")) {
            if (shortened.length() >= 60) {
                break;
            }
            shortened.append(shortened.length() == 0 ? "" : " ").append(sentence);
        }
        text = shortened.length() > 240 ? shortened.substring(0, 240) + "…" : shortened.toString();
        return ": " + text;
    }

    private static String version(RenameTable table) {
        String source = table.catalog().source();
        return source.startsWith("Flink ") ? source.substring(6).split(" ")[0] : source;
    }

    // ---- the file being rewritten ---------------------------------------------------------

    private static final class Slot {
        Entry entry;
        boolean active = true;
        List<String> replacement = List.of();

        Slot(Entry entry) {
            this.entry = entry;
        }
    }

    private static final class Work {
        final ConfigFile original;
        final boolean legacy;
        final List<Slot> slots = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();

        Work(ConfigFile original) {
            this.original = original;
            this.legacy = original.format() == Format.LEGACY;
            original.entries().forEach(e -> slots.add(new Slot(e)));
        }

        @Nullable
        Slot active(String key) {
            for (Slot slot : slots) {
                if (slot.active && slot.entry.key().equals(key)) {
                    return slot;
                }
            }
            return null;
        }

        /** The first key of {@code definition} the file sets, in the order Flink reads them. */
        @Nullable
        String winner(Definition definition) {
            for (String key : definition.readOrder()) {
                if (active(key) != null) {
                    return key;
                }
            }
            return null;
        }

        Slot insertAfter(Slot slot, Entry entry) {
            Slot added = new Slot(entry);
            slots.add(slots.indexOf(slot) + 1, added);
            return added;
        }

        void disable(Slot slot, String reason, Kind kind, String before) {
            slot.active = false;
            String line = "# " + show(slot.entry);
            if (slot.entry.inlineComment() != null) {
                line += " " + slot.entry.inlineComment();
            }
            slot.replacement = List.of(NOTE_PREFIX + reason, line);
            findings.add(new Finding(kind, slot.entry.line(), before, List.of(line), reason));
        }

        String show(Entry entry) {
            return entry.key() + ": " + ConfigFileWriter.yamlValue(entry.value(), legacy);
        }

        ConfigFile result() {
            List<Entry> entries = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            for (Slot slot : slots) {
                if (slot.active) {
                    entries.add(slot.entry.withCommentsBefore(pending));
                    pending = new ArrayList<>();
                } else {
                    pending.addAll(slot.entry.comments());
                    pending.addAll(slot.replacement);
                }
            }
            pending.addAll(original.trailer());
            return new ConfigFile(original.format(), original.header(), entries, pending);
        }
    }
}
