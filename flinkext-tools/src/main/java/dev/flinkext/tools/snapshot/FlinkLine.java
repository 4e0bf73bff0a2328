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

import dev.flinkext.tools.common.FlinkextVersion;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.checkpoint.metadata.MetadataSerializers;
import org.apache.flink.runtime.util.EnvironmentInformation;

import picocli.CommandLine.IVersionProvider;

/**
 * The Flink line these tools were built for, told by the Flink on the classpath: its version, and
 * the newest checkpoint metadata format its {@link MetadataSerializers} reads (4 on Flink 1.20, 6
 * on Flink 2.3). Shared code asks here instead of holding a number per line.
 */
@Internal
public final class FlinkLine {

    /** How the launcher names the 1.20 line. */
    public static final String FLINK_1 = "1.20";

    /** How the launcher names the 2.x line. */
    public static final String FLINK_2 = "2.x";

    private static final int NEWEST_METADATA_VERSION = probeNewestMetadataVersion();

    private FlinkLine() {}

    /** The version of the Flink on the classpath, e.g. {@code 2.3.0}. */
    public static String flinkVersion() {
        return EnvironmentInformation.getVersion();
    }

    /** This line, as the launcher names it: {@link #FLINK_1} or {@link #FLINK_2}. */
    public static String name() {
        return flinkVersion().startsWith("1.") ? FLINK_1 : FLINK_2;
    }

    /** E.g. {@code Flink 2.3.0}: what reports say a snapshot was read with. */
    public static String readWith() {
        return "Flink " + flinkVersion();
    }

    /** The newest checkpoint metadata format version this line's Flink reads. */
    public static int newestMetadataVersion() {
        return NEWEST_METADATA_VERSION;
    }

    private static int probeNewestMetadataVersion() {
        int version = 1;
        while (true) {
            try {
                MetadataSerializers.getSerializer(version + 1);
                version++;
            } catch (IllegalArgumentException e) {
                return version;
            }
        }
    }

    /** {@code --version}: the pack's version and the Flink this line reads with. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "flinkext " + FlinkextVersion.get(),
                "checkpoint tools of the Flink " + name() + " line (" + readWith() + ")"
            };
        }
    }
}
