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
import dev.flinkext.migrate.OptionCatalog.Definition;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.StateBackendOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What migrate-config must guarantee for a file, checked with Flink's own code. Shared by the
 * tools' MigrationProofTest and the tour's configuration rows (flink-examples). For each target:
 *
 * <ul>
 *   <li>the migrated file, loaded by Flink 1.20's {@code GlobalConfiguration}, builds the same
 *       state backend and checkpoint storage ({@link StateSetup}: class, directories, incremental,
 *       inline threshold) as the original did in 1.20;
 *   <li>every other current Flink 1.20 option reads the same value from both files (except those
 *       that read a key the 2.x migration commented out as removed);
 *   <li>no deprecated key that has a replacement is left, and for 2.x no key Flink 2.x lacks; a key
 *       deprecated without replacement is left only with a warning;
 *   <li>every key Flink does not know is kept with its value;
 *   <li>migrating the result again changes nothing;
 *   <li>for 2.x, when the file names no class from outside Flink: Flink 2.3.0's own loaders build
 *       the same from the migrated file.
 * </ul>
 */
public final class MigrationProof {

    private static ConfigMigrator migrator;

    private MigrationProof() {}

    static synchronized ConfigMigrator migrator() {
        if (migrator == null) {
            migrator = ConfigMigrator.create();
        }
        return migrator;
    }

    /**
     * Checks {@code text}, read as Flink reads a file named {@code fileName}, for {@code target};
     * loads factories through {@code userClassLoader}.
     */
    public static Migration check(
            String name,
            String text,
            String fileName,
            MigrationTarget target,
            Path workDir,
            ClassLoader userClassLoader)
            throws Exception {
        RenameTable flink1 = migrator().flink1();
        RenameTable flink2 = Flink2Options.renameTable();
        String what = name + " for " + target.label();

        Format format = ConfigFileParser.formatOf(fileName, text);
        Migration migration = migrator().migrate(ConfigFileParser.parse(text, format), target);
        String migrated =
                ConfigFileWriter.write(migration.file(), ConfigFileWriter.defaultStyle(format));

        Path dir = Files.createTempDirectory(workDir, "proof");
        Path before = Files.createDirectory(dir.resolve("before"));
        Path after = Files.createDirectory(dir.resolve("after"));
        Files.writeString(
                before.resolve(
                        format == Format.LEGACY
                                ? GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME
                                : GlobalConfiguration.FLINK_CONF_FILENAME),
                text);
        Files.writeString(after.resolve(GlobalConfiguration.FLINK_CONF_FILENAME), migrated);

        Configuration was = GlobalConfiguration.loadConfiguration(before.toString());
        StateSetup wasSetup = StateSetup.of(was, userClassLoader);
        Configuration is = GlobalConfiguration.loadConfiguration(after.toString());
        StateSetup isSetup = StateSetup.of(is, userClassLoader);
        assertThat(isSetup)
                .as("%s: state backend and storage\n%s", what, migrated)
                .isEqualTo(wasSetup);

        Set<String> removedIn2 = new HashSet<>();
        for (Finding finding : migration.findings()) {
            if (finding.kind() == Kind.COMMENTED_OUT
                    && finding.why().startsWith("removed in Flink 2.x")) {
                removedIn2.add(finding.before().substring(0, finding.before().indexOf(": ")));
            }
        }
        Set<String> translated =
                Set.of(
                        StateBackendOptions.STATE_BACKEND.key(),
                        CheckpointingOptions.CHECKPOINT_STORAGE.key());
        for (Definition d : flink1.catalog().definitions()) {
            if (d.option() == null
                    || d.deprecated()
                    || translated.contains(d.key())
                    || d.readOrder().stream().anyMatch(removedIn2::contains)) {
                continue;
            }
            assertThat(is.getOptional(d.option()))
                    .as("%s: value of %s\n%s", what, d.key(), migrated)
                    .isEqualTo(was.getOptional(d.option()));
        }

        Map<String, String> wasMap = was.toMap();
        Map<String, String> isMap = is.toMap();
        for (String key : is.keySet()) {
            assertThat(flink1.replacementsOf(key))
                    .as("%s: deprecated key %s left\n%s", what, key, migrated)
                    .isEmpty();
            if (target == MigrationTarget.FLINK_2) {
                assertThat(flink2.replacementsOf(key))
                        .as("%s: key %s deprecated in 2.x left", what, key)
                        .isEmpty();
                assertThat(flink1.isKnown(key) && !flink2.isKnown(key))
                        .as("%s: key %s that 2.x lacks left", what, key)
                        .isFalse();
            }
            RenameTable table = target == MigrationTarget.FLINK_2 ? flink2 : flink1;
            if (table.deprecatedWithoutReplacement(key).isPresent()) {
                assertThat(migration.findings())
                        .as("%s: a warning for %s", what, key)
                        .anyMatch(
                                f -> f.kind() == Kind.WARNING && f.before().startsWith(key + ":"));
            }
        }
        for (String key : was.keySet()) {
            if (!flink1.isKnown(key) && !flink2.isKnown(key)) {
                assertThat(isMap.get(key))
                        .as("%s: unknown key %s kept\n%s", what, key, migrated)
                        .isEqualTo(wasMap.get(key));
                assertThat(migration.unknownKeys()).contains(key);
            }
        }

        Migration again =
                migrator().migrate(ConfigFileParser.parse(migrated, Format.STANDARD), target);
        assertThat(again.findings())
                .as("%s: migrating again changes nothing", what)
                .noneMatch(f -> f.kind().changes());
        assertThat(ConfigFileWriter.write(again.file(), ConfigFileWriter.defaultStyle(format)))
                .as("%s: migrating again writes the same file", what)
                .isEqualTo(migrated);

        if (target == MigrationTarget.FLINK_2 && !namesOwnClasses(is)) {
            assertThat(Flink2Setup.load(after))
                    .as("%s: what Flink 2.3.0 builds\n%s", what, migrated)
                    .isEqualTo(Flink2Setup.of(wasSetup));
        }
        return migration;
    }

    /** Whether the backend or storage is a class from outside Flink (not on Flink 2.x's path). */
    private static boolean namesOwnClasses(Configuration conf) {
        String backend = conf.get(StateBackendOptions.STATE_BACKEND);
        String storage = conf.get(CheckpointingOptions.CHECKPOINT_STORAGE);
        return (backend != null
                        && backend.contains(".")
                        && !backend.startsWith("org.apache.flink."))
                || (storage != null
                        && storage.contains(".")
                        && !storage.startsWith("org.apache.flink."));
    }
}
