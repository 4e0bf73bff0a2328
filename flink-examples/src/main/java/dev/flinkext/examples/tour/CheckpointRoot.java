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
package dev.flinkext.examples.tour;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;

import picocli.CommandLine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the tour's runs put their checkpoint directories: a local folder, or a folder on any
 * filesystem Flink serves (HDFS through {@code flink-hadoop-fs}, which the tour carries with the
 * Hadoop client), created before the first run so that a wrong URI fails at once.
 */
final class CheckpointRoot {

    /** A URI scheme of two letters or more, so that a Windows drive letter stays a local path. */
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

    private final String uri;
    private final String display;

    private CheckpointRoot(String uri, String display) {
        this.uri = uri;
        this.display = display;
    }

    /** {@code --checkpoint-dir}'s value (null: a new temporary folder), created if missing. */
    static CheckpointRoot of(String argument, CommandLine commandLine) throws IOException {
        if (argument == null) {
            return local(Files.createTempDirectory("flinkext-tour-"));
        }
        if (!SCHEME.matcher(argument).matches()) {
            return local(createLocal(Path.of(argument), argument, commandLine));
        }
        URI uri;
        try {
            uri = URI.create(argument);
        } catch (IllegalArgumentException e) {
            throw bad(commandLine, argument, "not a URI (" + e.getMessage() + ")");
        }
        if ("file".equals(uri.getScheme())) {
            return local(createLocal(Path.of(uri), argument, commandLine));
        }
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
        try {
            FileSystem fs = path.getFileSystem();
            fs.mkdirs(path);
        } catch (UnsupportedFileSystemSchemeException e) {
            throw bad(
                    commandLine,
                    argument,
                    "no Flink filesystem for scheme '"
                            + uri.getScheme()
                            + "' on the tour's classpath (it has file:// and hdfs://)");
        } catch (IOException | RuntimeException e) {
            throw bad(commandLine, argument, "cannot create it: " + firstLine(e));
        }
        return new CheckpointRoot(argument, argument);
    }

    private static CheckpointRoot local(Path folder) {
        Path absolute = folder.toAbsolutePath();
        return new CheckpointRoot(absolute.toUri().toString(), absolute.toString());
    }

    private static Path createLocal(Path folder, String argument, CommandLine commandLine) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw bad(commandLine, argument, "cannot create the folder (" + e + ")");
        }
    }

    private static CommandLine.ParameterException bad(
            CommandLine commandLine, String argument, String problem) {
        return new CommandLine.ParameterException(
                commandLine,
                "--checkpoint-dir "
                        + argument
                        + ": "
                        + problem
                        + ". Give a local folder or a URI such as"
                        + " hdfs://namenode:8020/flink/tour.");
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The root as a URI, for checkpoint directories. */
    String uri() {
        return uri;
    }

    /** The root as the user reads it: an absolute local path, or the URI given. */
    @Override
    public String toString() {
        return display;
    }
}
