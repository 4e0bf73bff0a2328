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
package dev.flinkext.checkpoint.tiered.archive;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;

import static dev.flinkext.checkpoint.tiered.archive.ArchiveOptions.ARCHIVE_DIR;
import static dev.flinkext.checkpoint.tiered.archive.ArchiveOptions.ARCHIVE_EVERY_N_CHECKPOINTS;
import static dev.flinkext.checkpoint.tiered.archive.ArchiveOptions.ARCHIVE_INTERVAL;
import static dev.flinkext.checkpoint.tiered.archive.ArchiveOptions.ARCHIVE_MAX_AGE;
import static dev.flinkext.checkpoint.tiered.archive.ArchiveOptions.ARCHIVE_MAX_LAG;
import static dev.flinkext.checkpoint.tiered.archive.ArchiveOptions.ARCHIVE_MAX_LAG_CHECKPOINTS;
import static dev.flinkext.checkpoint.tiered.archive.ArchiveOptions.ARCHIVE_RETAINED;

/** What the archive tier copies, where, and how long it keeps it. */
@Internal
public final class ArchiveSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String directory;
    private final int everyNCheckpoints;
    @Nullable private final Duration interval;
    private final int retained;
    @Nullable private final Duration maxAge;
    @Nullable private final Duration maxLag;
    @Nullable private final Integer maxLagCheckpoints;

    ArchiveSettings(
            String directory,
            int everyNCheckpoints,
            @Nullable Duration interval,
            int retained,
            @Nullable Duration maxAge) {
        this(directory, everyNCheckpoints, interval, retained, maxAge, null, null);
    }

    ArchiveSettings(
            String directory,
            int everyNCheckpoints,
            @Nullable Duration interval,
            int retained,
            @Nullable Duration maxAge,
            @Nullable Duration maxLag,
            @Nullable Integer maxLagCheckpoints) {
        this.directory = checkDirectory(directory);
        this.everyNCheckpoints = everyNCheckpoints;
        this.interval = interval;
        this.retained = retained;
        this.maxAge = maxAge;
        this.maxLag = maxLag;
        this.maxLagCheckpoints = maxLagCheckpoints;
        validate(everyNCheckpoints, interval, retained, maxAge);
        validateLag(maxLag, maxLagCheckpoints);
    }

    /** The archive configured in {@code config}; null when there is no archive directory. */
    @Nullable
    public static ArchiveSettings fromConfig(ReadableConfig config) {
        String dir = config.get(ARCHIVE_DIR);
        // Every key is read, so that a value Flink cannot parse fails even without a directory.
        Duration interval = config.get(ARCHIVE_INTERVAL);
        int everyN =
                interval != null && config.getOptional(ARCHIVE_EVERY_N_CHECKPOINTS).isEmpty()
                        ? Integer.MAX_VALUE
                        : config.get(ARCHIVE_EVERY_N_CHECKPOINTS);
        int retained = config.get(ARCHIVE_RETAINED);
        Duration maxAge = config.get(ARCHIVE_MAX_AGE);
        Duration maxLag = config.get(ARCHIVE_MAX_LAG);
        Integer maxLagCheckpoints = config.get(ARCHIVE_MAX_LAG_CHECKPOINTS);
        if (dir == null) {
            validate(everyN, interval, retained, maxAge);
            validateLag(maxLag, maxLagCheckpoints);
            return null;
        }
        return new ArchiveSettings(
                dir, everyN, interval, retained, maxAge, maxLag, maxLagCheckpoints);
    }

    private static void validateLag(
            @Nullable Duration maxLag, @Nullable Integer maxLagCheckpoints) {
        if (maxLag != null && (maxLag.isNegative() || maxLag.isZero())) {
            throw invalid(ARCHIVE_MAX_LAG, maxLag, "a positive duration such as '2 h'");
        }
        if (maxLagCheckpoints != null && maxLagCheckpoints < 1) {
            throw invalid(
                    ARCHIVE_MAX_LAG_CHECKPOINTS, maxLagCheckpoints, "an integer of at least 1");
        }
    }

    private static void validate(
            int everyN, @Nullable Duration interval, int retained, @Nullable Duration maxAge) {
        if (everyN < 1) {
            throw invalid(ARCHIVE_EVERY_N_CHECKPOINTS, everyN, "an integer of at least 1");
        }
        if (retained < 1) {
            throw invalid(ARCHIVE_RETAINED, retained, "an integer of at least 1");
        }
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw invalid(ARCHIVE_INTERVAL, interval, "a positive duration such as '1 h'");
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw invalid(ARCHIVE_MAX_AGE, maxAge, "a positive duration such as '7 d'");
        }
    }

    private static String checkDirectory(String directory) {
        if (directory == null || directory.isBlank()) {
            throw invalid(ARCHIVE_DIR, directory, "a directory such as s3://bucket/archive");
        }
        try {
            new Path(directory).toUri();
        } catch (IllegalArgumentException e) {
            throw new IllegalConfigurationException(
                    String.format(
                            "Invalid value '%s' for %s: %s. Allowed: a directory such as"
                                    + " s3://bucket/archive or file:///var/flink/archive.",
                            directory, ARCHIVE_DIR.key(), e.getMessage()),
                    e);
        }
        return directory;
    }

    static IllegalConfigurationException invalid(
            ConfigOption<?> option, Object value, String allowed) {
        return new IllegalConfigurationException(
                String.format(
                        "Invalid value '%s' for %s. Allowed: %s.", value, option.key(), allowed));
    }

    public Path directory() {
        return new Path(directory);
    }

    /**
     * Whether a checkpoint is due, {@code completed} checkpoints and {@code elapsed} after the
     * last.
     */
    boolean isDue(long completedSinceLast, @Nullable Duration elapsedSinceLast) {
        if (elapsedSinceLast == null || completedSinceLast >= everyNCheckpoints) {
            return true;
        }
        return interval != null && elapsedSinceLast.compareTo(interval) >= 0;
    }

    /**
     * Why the archive is too far behind to accept another checkpoint, or null while it is not.
     *
     * @param lagMillis time since the oldest due checkpoint without an archive completed
     * @param lagCheckpoints completed checkpoints since then, that one included
     */
    @Nullable
    String lagExceeded(long lagMillis, long lagCheckpoints) {
        if (maxLag != null && lagMillis > maxLag.toMillis()) {
            return String.format(
                    "%s ms since the oldest checkpoint due for the archive completed, above %s (%s)",
                    lagMillis, ARCHIVE_MAX_LAG.key(), maxLag);
        }
        if (maxLagCheckpoints != null && lagCheckpoints > maxLagCheckpoints) {
            return String.format(
                    "%s completed checkpoints since the oldest one due for the archive, above %s"
                            + " (%s)",
                    lagCheckpoints, ARCHIVE_MAX_LAG_CHECKPOINTS.key(), maxLagCheckpoints);
        }
        return null;
    }

    int retained() {
        return retained;
    }

    @Nullable
    Duration maxAge() {
        return maxAge;
    }

    @Override
    public String toString() {
        return String.format(
                "archive %s (every %s checkpoints%s, keep %d%s%s%s)",
                directory,
                everyNCheckpoints == Integer.MAX_VALUE ? "∞" : everyNCheckpoints,
                interval == null ? "" : " or " + interval,
                retained,
                maxAge == null ? "" : ", at most " + maxAge,
                maxLag == null ? "" : ", max lag " + maxLag,
                maxLagCheckpoints == null ? "" : ", max lag " + maxLagCheckpoints + " checkpoints");
    }
}
