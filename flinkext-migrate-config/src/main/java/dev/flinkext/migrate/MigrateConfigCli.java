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

import dev.flinkext.tools.common.CommandLines;
import dev.flinkext.tools.common.FlinkextVersion;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flinkext migrate-config}: the configuration migration on its own, without the checkpoint
 * tools and their Flink runtime. {@code bin/flinkext} runs it for {@code migrate-config} (see
 * {@code dev.flinkext.cli.Flinkext}).
 */
@Internal
@Command(
        name = "flinkext",
        mixinStandardHelpOptions = true,
        versionProvider = FlinkextVersion.class,
        description = "Migrates Flink configuration files across Flink lines.",
        subcommands = {CommandLine.HelpCommand.class, MigrateConfigCommand.class})
public final class MigrateConfigCli {

    /** The command line, with the exit codes and failure handling of every flinkext command. */
    public static CommandLine commandLine() {
        return CommandLines.create(new MigrateConfigCli());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
