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
package dev.flinkext.tools.snapshot;

import dev.flinkext.tools.common.BadInputException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.regex.Pattern;

/** Paths given on the command line, and the one-line errors for paths that cannot be used. */
@Internal
public final class Locations {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

    private Locations() {}

    /** A path with a scheme as given; anything else is a local path made absolute. */
    public static Path resolve(String argument) {
        if (SCHEME.matcher(argument).matches()) {
            return new Path(argument);
        }
        // File#toURI ends an existing folder's path with '/', which Flink's Path keeps.
        String local = Path.fromLocalFile(new File(argument).getAbsoluteFile()).toString();
        while (local.endsWith("/") && !local.endsWith(":/")) {
            local = local.substring(0, local.length() - 1);
        }
        return new Path(local);
    }

    /** The filesystem of {@code path}, or a one-line error naming the scheme and the fix. */
    public static FileSystem fileSystem(Path path) throws BadInputException {
        try {
            return path.getFileSystem();
        } catch (UnsupportedFileSystemSchemeException e) {
            throw new BadInputException(
                    path
                            + ": no Flink filesystem for scheme '"
                            + path.toUri().getScheme()
                            + "' (s3 and other filesystems are Flink plugins: put the plugin's"
                            + " jar in $FLINK_PLUGINS_DIR/<name>/ and give its options with -D;"
                            + " hdfs needs the Hadoop client on $HADOOP_CLASSPATH)",
                    e);
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot reach its filesystem: " + oneLine(e), e);
        }
    }

    /** The status of {@code path}, null when it does not exist. */
    public static FileStatus statusOrNull(Path path) throws BadInputException {
        FileSystem fs = fileSystem(path);
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read: " + oneLine(e), e);
        }
    }

    /** The first line of a throwable's message, with its type when there is no message. */
    public static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
