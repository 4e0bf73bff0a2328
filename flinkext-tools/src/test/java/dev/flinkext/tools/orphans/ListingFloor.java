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
package dev.flinkext.tools.orphans;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;

import java.io.IOException;

/**
 * The floor {@code orphans} is measured against: a walk of a folder through Flink's {@code
 * FileSystem} ({@code listStatus} per folder, depth first), reading each file's length and
 * modification time (what {@code orphans} needs of each file), in a JVM of its own. Prints the
 * number of files and the milliseconds the walk took. Arguments: the folder, then {@code key=value}
 * Flink options (e.g. an S3 endpoint).
 */
public final class ListingFloor {

    private ListingFloor() {}

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            conf.setString(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
        long start = System.nanoTime();
        long[] counts = new long[2];
        walk(new Path(args[0]), counts);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("files=" + counts[0] + " millis=" + millis + " check=" + counts[1]);
    }

    private static void walk(Path folder, long[] counts) throws IOException {
        FileStatus[] children = folder.getFileSystem().listStatus(folder);
        for (FileStatus child : children) {
            if (child.isDir()) {
                walk(child.getPath(), counts);
            } else {
                counts[0]++;
                counts[1] += child.getLen() + child.getModificationTime();
            }
        }
    }
}
