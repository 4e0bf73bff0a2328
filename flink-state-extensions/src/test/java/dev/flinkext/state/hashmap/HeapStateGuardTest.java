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
package dev.flinkext.state.hashmap;

import dev.flinkext.state.instrumented.StateMetricOptions;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The heap guard warns at the soft limit and fails the task at the hard limit, before an OOM. */
class HeapStateGuardTest {

    /** Keeps one value of {@code bytes} bytes per key: every record a new key. */
    static class Hoarding extends KeyedProcessFunction<Long, Long, Long> {
        private final int bytes;
        transient ValueState<byte[]> blob;

        Hoarding(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void open(OpenContext openContext) {
            blob = getRuntimeContext().getState(new ValueStateDescriptor<>("blob", byte[].class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            blob.update(new byte[bytes]);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, Long, Long> open(
            int bytes, InstrumentedHashMapStateBackend backend) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Hoarding(bytes)), v -> v, Types.LONG);
        harness.setStateBackend(backend);
        harness.open();
        return harness;
    }

    @Test
    void warnsAtTheSoftLimitAndFailsAtTheHardLimitNamingTheState() throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateMetricOptions.SAMPLE_INTERVAL, 1);
        conf.set(HeapStateGuardOptions.SOFT_LIMIT, MemorySize.parse("20kb"));
        conf.set(HeapStateGuardOptions.HARD_LIMIT, MemorySize.parse("40kb"));
        conf.set(HeapStateGuardOptions.OBJECT_OVERHEAD, 1.0);
        conf.set(HeapStateGuardOptions.CHECK_INTERVAL, Duration.ZERO);
        // Other tests in this JVM may have left undisposed states in the JVM-wide guard.
        long before = HeapStateGuard.instance().estimatedHeapBytes(1.0);
        var harness =
                open(
                        1024,
                        new InstrumentedHashMapStateBackend()
                                .configure(conf, getClass().getClassLoader()));
        try {
            long key = 0;
            while (HeapStateGuard.instance().level() == HeapStateGuard.OK) {
                harness.processElement(key, key);
                key++;
            }
            // 20 KiB of 1 KiB values (plus 8-byte keys and a few bytes of framing).
            assertThat(key).isBetween(18L, 21L);
            long soft = key;
            long[] failedAt = {0};
            assertThatThrownBy(
                            () -> {
                                for (long k = soft; k < 1_000; k++) {
                                    failedAt[0] = k;
                                    harness.processElement(k, k);
                                }
                            })
                    .isInstanceOf(HeapStateSizeExceededException.class)
                    .hasMessageContaining("above the hard limit of 40.000kb")
                    .hasMessageContaining("'flinkext.state.heap.size-guard.hard-limit'")
                    .hasMessageContaining("Largest states: 'blob'")
                    .hasMessageContaining(
                            "dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory");
            assertThat(failedAt[0]).isBetween(37L, 41L);
        } finally {
            harness.close();
        }
        assertThat(HeapStateGuard.instance().estimatedHeapBytes(1.0))
                .as("a closed backend's states leave the guard")
                .isEqualTo(before);
    }

    private static Configuration limits40kb(Duration checkInterval) {
        Configuration conf = new Configuration();
        conf.set(StateMetricOptions.SAMPLE_INTERVAL, 1);
        conf.set(HeapStateGuardOptions.SOFT_LIMIT, MemorySize.parse("20kb"));
        conf.set(HeapStateGuardOptions.HARD_LIMIT, MemorySize.parse("40kb"));
        conf.set(HeapStateGuardOptions.OBJECT_OVERHEAD, 1.0);
        conf.set(HeapStateGuardOptions.CHECK_INTERVAL, checkInterval);
        return conf;
    }

    @Test
    void stateWrittenPastTheHardLimitBetweenClockedChecksFailsAtTheNextCheck() throws Exception {
        var harness =
                open(
                        1024,
                        new InstrumentedHashMapStateBackend()
                                .configure(
                                        limits40kb(Duration.ofHours(1)),
                                        getClass().getClassLoader()));
        try {
            // The first sampled access checks (a new backend registered its states), the next
            // check is due in an hour: 100 KiB get written unchecked.
            for (long k = 0; k < 100; k++) {
                harness.processElement(k, k);
            }
            assertThat(HeapStateGuard.instance().level()).isEqualTo(HeapStateGuard.OK);
            // As if the hour had passed.
            HeapStateGuard.instance().checkAtNextSample();
            assertThatThrownBy(() -> harness.processElement(100L, 100L))
                    .isInstanceOf(HeapStateSizeExceededException.class)
                    .hasMessageContaining("above the hard limit of 40.000kb")
                    .hasMessageContaining("Largest states: 'blob'");
            // Past the hard limit every sampled access checks again, whatever the clock says.
            assertThatThrownBy(() -> harness.processElement(101L, 101L))
                    .isInstanceOf(HeapStateSizeExceededException.class)
                    .hasMessageContaining("above the hard limit of 40.000kb");
        } finally {
            harness.close();
        }
        assertThat(HeapStateGuard.instance().level())
                .as("a disposed backend's states no longer count")
                .isEqualTo(HeapStateGuard.OK);
    }

    @Test
    void onTheRealClockStateGrowingPastTheHardLimitFailsWithTheNamedError() throws Exception {
        var harness =
                open(
                        1024,
                        new InstrumentedHashMapStateBackend()
                                .configure(
                                        limits40kb(Duration.ofMillis(20)),
                                        getClass().getClassLoader()));
        try {
            long[] failedAt = {0};
            assertThatThrownBy(
                            () -> {
                                // At most 100 MiB, whatever the machine's speed.
                                for (long k = 0; k < 100_000; k++) {
                                    failedAt[0] = k;
                                    harness.processElement(k, k);
                                }
                            })
                    .isInstanceOf(HeapStateSizeExceededException.class)
                    .hasMessageContaining("above the hard limit of 40.000kb");
            assertThat(failedAt[0]).as("never before the limit").isGreaterThanOrEqualTo(37L);
        } finally {
            harness.close();
        }
    }

    @Test
    void withDefaultLimitsTheTaskFailsBeforeTheHeapRunsOut() throws Exception {
        InstrumentedHashMapStateBackend backend =
                new InstrumentedHashMapStateBackend().setSampleInterval(1);
        var harness = open(1024 * 1024, backend);
        long max = Runtime.getRuntime().maxMemory();
        try {
            assertThatThrownBy(
                            () -> {
                                for (long k = 0; k < max / (1024 * 1024); k++) {
                                    harness.processElement(k, k);
                                }
                            })
                    .isInstanceOf(HeapStateSizeExceededException.class);
        } finally {
            harness.close();
        }
    }

    @Test
    void limitsSetInCodeWinOverConfigurationAndAreCheckedAtOnce() {
        Configuration conf = new Configuration();
        conf.set(HeapStateGuardOptions.SOFT_LIMIT, MemorySize.parse("1mb"));
        conf.set(HeapStateGuardOptions.HARD_LIMIT, MemorySize.parse("2mb"));
        HeapStateGuardSettings settings =
                new InstrumentedHashMapStateBackend()
                        .setHeapLimits(MemorySize.parse("10mb"), MemorySize.parse("20mb"))
                        .configure(conf, getClass().getClassLoader())
                        .guardSettings();
        assertThat(settings.softLimitBytes()).isEqualTo(MemorySize.parse("10mb").getBytes());
        assertThat(settings.hardLimitBytes()).isEqualTo(MemorySize.parse("20mb").getBytes());

        assertThatThrownBy(
                        () ->
                                new InstrumentedHashMapStateBackend()
                                        .setHeapLimits(
                                                MemorySize.parse("2gb"), MemorySize.parse("1gb")))
                .hasMessageContaining("'flinkext.state.heap.size-guard.hard-limit' (1024.000mb");
    }

    @Test
    void limitsThatCannotWorkAreRejectedWithTheirKeys() {
        Configuration conf = new Configuration();
        conf.set(HeapStateGuardOptions.SOFT_LIMIT, MemorySize.parse("2gb"));
        conf.set(HeapStateGuardOptions.HARD_LIMIT, MemorySize.parse("1gb"));
        assertThatThrownBy(
                        () ->
                                new InstrumentedHashMapStateBackend()
                                        .configure(conf, getClass().getClassLoader()))
                .hasMessageContaining("'flinkext.state.heap.size-guard.hard-limit' (1024.000mb")
                .hasMessageContaining(
                        "must be above 'flinkext.state.heap.size-guard.soft-limit' (2.000gb");

        Configuration overhead = new Configuration();
        overhead.set(HeapStateGuardOptions.OBJECT_OVERHEAD, 0.5);
        assertThatThrownBy(
                        () ->
                                new InstrumentedHashMapStateBackend()
                                        .configure(overhead, getClass().getClassLoader()))
                .hasMessageContaining(
                        "Invalid value 0.5 for 'flinkext.state.heap.size-guard.object-overhead'")
                .hasMessageContaining("at least 1");
    }

    @Test
    void theSuggestedRocksDBFactoryExists() {
        assertThat(HeapStateGuardOptions.ROCKSDB_FACTORY)
                .isEqualTo(InstrumentedRocksDBStateBackendFactory.class.getName());
    }
}
