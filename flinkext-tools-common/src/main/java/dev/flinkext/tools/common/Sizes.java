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
package dev.flinkext.tools.common;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.Locale;

/** Byte counts for people: B, KiB, MiB, GiB, TiB (binary units, one decimal). */
@Internal
public final class Sizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {}

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.0 GiB}; {@code -} for null. */
    public static String format(@Nullable Long bytes) {
        if (bytes == null) {
            return "-";
        }
        long value = bytes;
        if (Math.abs(value) < 1024) {
            return value + " B";
        }
        double scaled = value;
        int unit = 0;
        while (Math.abs(scaled) >= 1024 && unit < UNITS.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, UNITS[unit]);
    }

    /** As {@link #format(Long)}, with a sign: {@code +1.5 KiB}, {@code -20 B}, {@code 0 B}. */
    public static String formatChange(long bytes) {
        return (bytes > 0 ? "+" : "") + format(bytes);
    }
}
