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

import dev.flinkext.migrate.ConfigFile.Format;
import dev.flinkext.migrate.ConfigMigrator.Migration;
import dev.flinkext.migrate.Finding.Kind;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the migration does to single keys, and why it says so. */
class ConfigMigratorTest {

    private static Migration migrate(String legacy, MigrationTarget target) throws Exception {
        return MigrationProof.migrator()
                .migrate(ConfigFileParser.parse(legacy, Format.LEGACY), target);
    }

    private static String yaml(Migration migration) {
        return ConfigFileWriter.write(migration.file(), ConfigFileWriter.Style.FLAT);
    }

    @Test
    void legacyFileForFlink2() throws Exception {
        Migration migration =
                migrate(
                        "# my cluster\n"
                                + "state.backend: jobmanager\n"
                                + "state.checkpoints.dir: file:///c # where\n"
                                + "state.backend.async: true\n"
                                + "my.key: 1\n",
                        MigrationTarget.FLINK_2);
        assertThat(yaml(migration))
                .isEqualTo(
                        "# my cluster\n"
                                + "state.backend.type: hashmap\n"
                                + "execution.checkpointing.storage: jobmanager\n"
                                + "execution.checkpointing.dir: file:///c # where\n"
                                + "# flinkext migrate-config: removed in Flink 2.x: no option of"
                                + " Flink 2.3.0 reads this key (it was"
                                + " CheckpointingOptions.ASYNC_SNAPSHOTS in Flink 1.20: Deprecated"
                                + " option. All state snapshots are asynchronous.)\n"
                                + "# state.backend.async: true\n"
                                + "my.key: 1\n");
        assertThat(migration.findings())
                .extracting(Finding::kind, Finding::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.TRANSLATED, 2),
                        org.assertj.core.groups.Tuple.tuple(Kind.RENAMED, 3),
                        org.assertj.core.groups.Tuple.tuple(Kind.COMMENTED_OUT, 4));
        assertThat(migration.findings().get(0).before()).isEqualTo("state.backend: jobmanager");
        assertThat(migration.findings().get(0).why())
                .contains("StateBackendOptions.STATE_BACKEND", "MemoryStateBackend");
        assertThat(migration.unknownKeys()).containsExactly("my.key");
        assertThat(migration.changesAnything()).isTrue();
    }

    @Test
    void forFlink120AKeyDeprecatedWithoutReplacementIsKeptWithAWarning() throws Exception {
        Migration migration = migrate("state.backend.async: true\n", MigrationTarget.FLINK_1_20);
        assertThat(yaml(migration)).isEqualTo("state.backend.async: true\n");
        assertThat(migration.findings())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.kind()).isEqualTo(Kind.WARNING);
                            assertThat(f.why())
                                    .contains("without replacement", "Flink 1.20 still reads it");
                        });
        assertThat(migration.changesAnything()).isFalse();
    }

    @Test
    void legacyMemoryBackendOverridesAConfiguredStorageWhichIsCommentedOut() throws Exception {
        Migration migration =
                migrate(
                        "execution.checkpointing.storage: filesystem\n"
                                + "execution.checkpointing.dir: file:///c\n"
                                + "state.backend: jobmanager\n",
                        MigrationTarget.FLINK_1_20);
        assertThat(yaml(migration))
                .isEqualTo(
                        "# flinkext migrate-config: ignored by Flink 1.20 because of"
                                + " state.backend: jobmanager at line 3: a legacy backend is its"
                                + " own checkpoint storage\n"
                                + "# execution.checkpointing.storage: filesystem\n"
                                + "execution.checkpointing.dir: file:///c\n"
                                + "state.backend.type: hashmap\n"
                                + "execution.checkpointing.storage: jobmanager\n");
    }

    @Test
    void filesystemWithoutADirectoryKeepsJobManagerStorageAndSaysSo() throws Exception {
        Migration migration = migrate("state.backend: filesystem\n", MigrationTarget.FLINK_1_20);
        assertThat(yaml(migration)).isEqualTo("state.backend.type: hashmap\n");
        assertThat(migration.findings())
                .anyMatch(f -> f.kind() == Kind.WARNING && f.why().contains("JobManager storage"));
    }

    @Test
    void deprecatedKeyThatFlinkNeverReadsIsCommentedOut() throws Exception {
        Migration migration =
                migrate(
                        "state.checkpoints.dir: file:///old\n"
                                + "execution.checkpointing.dir: file:///new\n"
                                + "state.backend.local-recovery: true\n"
                                + "execution.state-recovery.from-local: false\n",
                        MigrationTarget.FLINK_1_20);
        assertThat(migration.findings())
                .filteredOn(f -> f.kind() == Kind.COMMENTED_OUT)
                .extracting(Finding::why)
                .containsExactly(
                        "deprecated key of CheckpointingOptions.CHECKPOINTS_DIRECTORY; Flink"
                                + " 1.20.5 reads execution.checkpointing.dir first, so this line"
                                + " has no effect",
                        "deprecated key of CheckpointingOptions.LOCAL_BACKUP_ENABLED; Flink"
                                + " 1.20.5 reads execution.state-recovery.from-local first, so"
                                + " this line has no effect");
    }

    @Test
    void oneOldKeyBecomesEveryCurrentKeyThatReadIt() throws Exception {
        Migration migration =
                migrate("state.backend.local-recovery: true\n", MigrationTarget.FLINK_1_20);
        assertThat(yaml(migration))
                .isEqualTo(
                        "execution.checkpointing.local-backup.enabled: true\n"
                                + "execution.state-recovery.from-local: true\n");
    }

    @Test
    void renameToADeprecatedOptionWarns() throws Exception {
        Migration migration = migrate("query.server.ports: 6125\n", MigrationTarget.FLINK_2);
        assertThat(yaml(migration)).isEqualTo("queryable-state.server.ports: 6125\n");
        assertThat(migration.findings())
                .anyMatch(f -> f.kind() == Kind.WARNING && f.why().contains("itself deprecated"));
    }

    @Test
    void quotesInALegacyValueAreKeptWithAWarning() throws Exception {
        Migration migration = migrate("env.java.opts.all: \"-Dx=1\"\n", MigrationTarget.FLINK_1_20);
        assertThat(yaml(migration)).isEqualTo("env.java.opts.all: '\"-Dx=1\"'\n");
        assertThat(migration.findings())
                .singleElement()
                .satisfies(
                        f -> assertThat(f.why()).contains("reads the quotes as part of the value"));
    }

    @Test
    void valueOfTheWrongTypeFailsWithItsLine() {
        assertThatThrownBy(
                        () ->
                                migrate(
                                        "a: 1\nstate.backend.incremental: yes please\n",
                                        MigrationTarget.FLINK_1_20))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining(
                        "value 'yes please' of state.backend.incremental is not a Boolean"
                                + " (CheckpointingOptions.INCREMENTAL_CHECKPOINTS)")
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(2));
        assertThatThrownBy(
                        () ->
                                migrate(
                                        "execution.checkpointing.externalized-checkpoint-retention:"
                                                + " KEEP\n",
                                        MigrationTarget.FLINK_2))
                .hasMessageContaining("is not one of DELETE_ON_CANCELLATION");
        assertThatThrownBy(
                        () ->
                                migrate(
                                        "execution.checkpointing.interval: often\n",
                                        MigrationTarget.FLINK_1_20))
                .hasMessageContaining("is not a Duration");
    }

    @Test
    void anIntegerOfTheWrongTypeSaysAnInteger() {
        assertThatThrownBy(
                        () ->
                                migrate(
                                        "taskmanager.numberOfTaskSlots: many\n",
                                        MigrationTarget.FLINK_1_20))
                .hasMessageContaining(
                        "value 'many' of taskmanager.numberOfTaskSlots is not an Integer"
                                + " (TaskManagerOptions.NUM_TASK_SLOTS)");
    }

    /** A deployment template (envsubst, Helm, Ansible): the engine fills the values in later. */
    @Test
    void placeholdersInALegacyTemplateAreCarriedOverVerbatimAndNotChecked() throws Exception {
        Migration migration =
                migrate(
                        "taskmanager.numberOfTaskSlots: ${cpu_thread}\n"
                                + "state.checkpoints.dir: {{ .Values.checkpoints }}/{{ .Release.Name }}\n"
                                + "state.backend: ${STATE_BACKEND:-rocksdb}\n"
                                + "parallelism.default: 4\n",
                        MigrationTarget.FLINK_2);
        assertThat(yaml(migration))
                .isEqualTo(
                        "taskmanager.numberOfTaskSlots: ${cpu_thread}\n"
                                + "execution.checkpointing.dir: {{ .Values.checkpoints }}/{{ .Release.Name }}\n"
                                + "state.backend.type: ${STATE_BACKEND:-rocksdb}\n"
                                + "parallelism.default: 4\n");
        assertThat(migration.findings())
                .extracting(Finding::kind, Finding::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.NOTE, 1),
                        org.assertj.core.groups.Tuple.tuple(Kind.NOTE, 2),
                        org.assertj.core.groups.Tuple.tuple(Kind.RENAMED, 2),
                        org.assertj.core.groups.Tuple.tuple(Kind.NOTE, 3),
                        org.assertj.core.groups.Tuple.tuple(Kind.RENAMED, 3));
        assertThat(migration.findings().get(0).why())
                .startsWith("a template placeholder: carried over verbatim")
                .contains("not checked", "an Integer (TaskManagerOptions.NUM_TASK_SLOTS)");
        assertThat(migration.findings().get(3).why()).contains("jobmanager, filesystem");
    }

    @Test
    void placeholdersInAStandardTemplateAreCarriedOverVerbatimAndNotChecked() throws Exception {
        String template =
                "taskmanager:\n"
                        + "  numberOfTaskSlots: {{ .Values.slots }} # per pod\n"
                        + "state:\n"
                        + "  checkpoints:\n"
                        + "    dir: \"${CHECKPOINT_DIR}\"\n"
                        + "  backend:\n"
                        + "    incremental: {{ .Values.incremental | default true }}\n"
                        + "parallelism.default: 4\n";
        Migration migration =
                MigrationProof.migrator()
                        .migrate(
                                ConfigFileParser.parse(template, Format.STANDARD),
                                MigrationTarget.FLINK_2);
        assertThat(ConfigFileWriter.write(migration.file(), ConfigFileWriter.Style.NESTED))
                .isEqualTo(
                        "taskmanager:\n"
                                + "  numberOfTaskSlots: {{ .Values.slots }} # per pod\n"
                                + "execution:\n"
                                + "  checkpointing:\n"
                                + "    dir: \"${CHECKPOINT_DIR}\"\n"
                                + "    incremental: {{ .Values.incremental | default true }}\n"
                                + "parallelism:\n"
                                + "  default: 4\n");
        assertThat(migration.findings())
                .filteredOn(f -> f.kind() == Kind.NOTE)
                .extracting(Finding::before)
                .containsExactly(
                        "taskmanager.numberOfTaskSlots: {{ .Values.slots }}",
                        "state.checkpoints.dir: \"${CHECKPOINT_DIR}\"",
                        "state.backend.incremental: {{ .Values.incremental | default true }}");
        assertThat(migration.findings())
                .filteredOn(f -> f.kind() == Kind.NOTE)
                .allSatisfy(f -> assertThat(f.why()).contains("not checked"));
    }

    @Test
    void aTemplateValueIsNoExcuseForAWrongValueElsewhere() {
        assertThatThrownBy(
                        () ->
                                migrate(
                                        "taskmanager.numberOfTaskSlots: ${cpu_thread}\n"
                                                + "state.backend.incremental: often\n",
                                        MigrationTarget.FLINK_2))
                .hasMessageContaining(
                        "value 'often' of state.backend.incremental is not a Boolean");
    }

    @Test
    void currentFileNeedsNothing() throws Exception {
        Migration migration =
                migrate(
                        "state.backend.type: rocksdb\nexecution.checkpointing.incremental: true\n",
                        MigrationTarget.FLINK_2);
        assertThat(migration.findings()).isEmpty();
        assertThat(migration.changesAnything()).isFalse();
    }
}
