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

import org.apache.flink.annotation.Internal;
import org.apache.flink.shaded.guava31.com.google.common.hash.Hashing;

import java.nio.charset.StandardCharsets;

/**
 * Flink 1.20 adapter: the murmur3 hash Flink's {@code StreamGraphHasherV2} gives a uid, through the
 * Guava that Flink 1.20 shades ({@code guava31}; the package differs per line).
 */
@Internal
final class UidHashing {

    private UidHashing() {}

    /** Murmur3, 128 bits, seed 0, over the uid's UTF-8 bytes: the operator id's 16 bytes. */
    static byte[] murmur3(String uid) {
        return Hashing.murmur3_128(0)
                .newHasher()
                .putString(uid, StandardCharsets.UTF_8)
                .hash()
                .asBytes();
    }
}
