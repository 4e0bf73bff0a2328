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
package dev.flinkext.tools.upgrade;

import dev.flinkext.tools.snapshot.Locations;

import org.apache.flink.annotation.Internal;

import java.util.Arrays;

/**
 * Flink 2.x only. What one state's entries showed, summed over its subtasks: how many, how many
 * Flink 2.x reads wrong or cannot read (check), how many were converted (convert), and the first
 * example of each. Filled by one thread per subtask, then merged.
 */
@Internal
final class StateFindings {

    long entries;
    long wrong;
    long failing;
    long unreadable;
    long converted;
    long changed;
    String firstWrong;
    String firstFailure;
    String firstUnreadable;

    /**
     * One entry of a state whose bytes change across the upgrade: decoded as its writer reads it
     * and as Flink 2.x reads it from the recorded serializers, both written as Flink 2.x writes.
     */
    void check(KeyedStateCodec codec, byte[] key, byte[] value) {
        if (codec.writtenAsFlink2Reads()) {
            try {
                codec.decodeRestored(key, value);
            } catch (KeyedStateCodec.NotToTheEnd e) {
                wrong(e.getMessage());
            } catch (Exception | StackOverflowError e) {
                failing(e);
            }
            return;
        }
        byte[][] expected;
        try {
            expected = codec.encode(codec.decodeWritten(key, value));
        } catch (Exception | StackOverflowError e) {
            unreadable(e);
            return;
        }
        byte[][] actual;
        try {
            actual = codec.encode(codec.decodeRestored(key, value));
        } catch (KeyedStateCodec.NotToTheEnd e) {
            wrong(e.getMessage());
            return;
        } catch (Exception | StackOverflowError e) {
            failing(e);
            return;
        }
        if (!Arrays.equals(expected[0], actual[0])) {
            wrong("a key reads differently");
        } else if (!Arrays.equals(expected[1], actual[1])) {
            wrong("a value reads differently");
        }
    }

    /** An entry Flink 2.x reads differently from its writer; the first example is kept. */
    void wrong(String example) {
        wrong++;
        if (firstWrong == null) {
            firstWrong = example;
        }
    }

    /** An entry Flink 2.x cannot read. */
    void failing(Throwable e) {
        failing++;
        if (firstFailure == null) {
            firstFailure = Locations.oneLine(e);
        }
    }

    /** An entry that cannot be read as its writer wrote it. */
    void unreadable(Throwable e) {
        unreadable++;
        if (firstUnreadable == null) {
            firstUnreadable = Locations.oneLine(e);
        }
    }

    void add(StateFindings other) {
        entries += other.entries;
        wrong += other.wrong;
        failing += other.failing;
        unreadable += other.unreadable;
        converted += other.converted;
        changed += other.changed;
        firstWrong = firstWrong != null ? firstWrong : other.firstWrong;
        firstFailure = firstFailure != null ? firstFailure : other.firstFailure;
        firstUnreadable = firstUnreadable != null ? firstUnreadable : other.firstUnreadable;
    }
}
