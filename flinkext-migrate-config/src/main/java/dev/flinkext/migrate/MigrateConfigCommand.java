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
import dev.flinkext.migrate.ConfigFileWriter.Style;
import dev.flinkext.migrate.ConfigMigrator.Migration;
import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.ExitCode;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.GlobalConfiguration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code flinkext migrate-config FILE --target 1.20|2.x [--out FILE] [--check]}: rewrites a {@code
 * flink-conf.yaml} or {@code config.yaml} for a Flink line, as {@link ConfigMigrator} describes,
 * and reports every change with its reason.
 */
@Internal
@Command(
        name = "migrate-config",
        mixinStandardHelpOptions = true,
        description = {
            "Migrates a flink-conf.yaml or config.yaml to Flink 1.20 or 2.x: renames every"
                    + " deprecated key as Flink's own option definitions name it, translates the"
                    + " legacy state backends (state.backend: jobmanager / filesystem, the legacy"
                    + " factories) into backend plus checkpoint storage, comments out keys Flink"
                    + " 2.x no longer has, keeps unknown keys and comments, and writes standard"
                    + " YAML.",
            "The migrated file goes to --out, or to standard output with the report on standard"
                    + " error. Exit codes: 0 done (with --check: nothing to migrate), 1 (--check)"
                    + " something needs migrating, 2 bad input (nothing is written)."
        })
public final class MigrateConfigCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "flink-conf.yaml or config.yaml")
    Path file;

    @Option(
            names = "--target",
            required = true,
            paramLabel = "1.20|2.x",
            converter = TargetConverter.class,
            description = "the Flink line to migrate to")
    MigrationTarget target;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "where to write the migrated file (name it config.yaml)")
    Path out;

    @Option(
            names = "--check",
            description = "only report; exit 1 when something needs migrating (for CI)")
    boolean check;

    @Option(
            names = "--input-format",
            paramLabel = "legacy|standard",
            converter = FormatConverter.class,
            description =
                    "how to read FILE; by default as Flink does: flink-conf.yaml legacy,"
                            + " config.yaml standard, other names by their content")
    Format inputFormat;

    @Option(
            names = "--style",
            paramLabel = "flat|nested",
            converter = StyleConverter.class,
            description =
                    "key layout of the output; by default flat for a legacy file (line for line),"
                            + " nested for standard YAML")
    Style style;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        String name = file.getFileName().toString();
        if (out != null && !check && isLegacyName(out)) {
            throw new BadInputException(
                    "--out "
                            + out
                            + ": Flink reads a file named "
                            + GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME
                            + " with its legacy flat parser, not as standard YAML; name it "
                            + GlobalConfiguration.FLINK_CONF_FILENAME);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e, e);
        }
        Format format = inputFormat != null ? inputFormat : ConfigFileParser.formatOf(name, text);
        Migration migration;
        ConfigMigrator migrator = ConfigMigrator.create();
        try {
            ConfigFile parsed = ConfigFileParser.parse(text, format);
            migration = migrator.migrate(parsed, target);
        } catch (ConfigFileException e) {
            throw new BadInputException(e.describe(file.toString()) + " (nothing was written)", e);
        }
        String migrated =
                ConfigFileWriter.write(
                        migration.file(),
                        style != null ? style : ConfigFileWriter.defaultStyle(format));

        PrintWriter report = check || out != null ? stdout : err;
        MigrationReport.print(report, file.toString(), format, target, migration);
        MigrationReport.printUnreadable(report, migrator.flink1().catalog());
        SetupCheck setup = SetupCheck.compare(text, format, migrated);
        report.println(setup.line());
        if (format == Format.LEGACY && !check) {
            report.println(
                    "Note: Flink 1.20 reads flink-conf.yaml whenever it exists, even beside a"
                            + " config.yaml; remove it once the migrated config.yaml is in place"
                            + (target == MigrationTarget.FLINK_2
                                    ? " (Flink 2.x reads config.yaml only)."
                                    : "."));
        }
        report.flush();
        if (check) {
            return migration.changesAnything() ? ExitCode.PROBLEM_FOUND : ExitCode.OK;
        }
        if (setup.differs()) {
            err.println(
                    "flinkext migrate-config: the migrated file would build another state backend"
                            + " or checkpoint storage; nothing was written. Please report this.");
            err.flush();
            return ExitCode.PROBLEM_FOUND;
        }
        if (out == null) {
            stdout.print(migrated);
            stdout.flush();
            return ExitCode.OK;
        }
        try {
            writeAtomically(out, migrated);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + out + ": " + e, e);
        }
        report.println("Wrote " + out + ".");
        report.flush();
        return ExitCode.OK;
    }

    private static boolean isLegacyName(Path path) {
        return path.getFileName() != null
                && path.getFileName()
                        .toString()
                        .equals(GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME);
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), ".migrate-config", ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(
                    temp,
                    absolute,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The state backend and storage Flink 1.20 builds from the original and from the migrated file,
     * each loaded by {@code GlobalConfiguration} from a directory of its own.
     */
    record SetupCheck(String line, boolean differs) {

        static SetupCheck compare(String original, Format format, String migrated) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("flinkext-migrate-config");
                Path before = Files.createDirectory(dir.resolve("before"));
                Path after = Files.createDirectory(dir.resolve("after"));
                Files.writeString(
                        before.resolve(
                                format == Format.LEGACY
                                        ? GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME
                                        : GlobalConfiguration.FLINK_CONF_FILENAME),
                        original);
                Files.writeString(after.resolve(GlobalConfiguration.FLINK_CONF_FILENAME), migrated);
                ClassLoader loader = MigrateConfigCommand.class.getClassLoader();
                StateSetup was = StateSetup.load(before, loader);
                StateSetup is = StateSetup.load(after, loader);
                if (was.equals(is)) {
                    return new SetupCheck(
                            "Flink 1.20 builds the same state backend and checkpoint storage from"
                                    + " both files: "
                                    + is.describe(),
                            false);
                }
                return new SetupCheck(
                        "DIFFERENT state backend or checkpoint storage in Flink 1.20: before "
                                + was.describe()
                                + "; after "
                                + is.describe(),
                        true);
            } catch (Exception | LinkageError e) {
                return new SetupCheck(
                        "State backend and checkpoint storage not compared: Flink 1.20 cannot"
                                + " build them here ("
                                + e.getClass().getSimpleName()
                                + ": "
                                + e.getMessage()
                                + ")",
                        false);
            } finally {
                deleteQuietly(dir);
            }
        }

        private static void deleteQuietly(Path dir) {
            if (dir == null) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temporary directory; the OS cleans it up.
            }
        }
    }

    static final class TargetConverter
            implements picocli.CommandLine.ITypeConverter<MigrationTarget> {
        @Override
        public MigrationTarget convert(String value) {
            return MigrationTarget.of(value);
        }
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.valueOf(value.trim().toUpperCase());
        }
    }

    static final class StyleConverter implements picocli.CommandLine.ITypeConverter<Style> {
        @Override
        public Style convert(String value) {
            return Style.valueOf(value.trim().toUpperCase());
        }
    }
}
