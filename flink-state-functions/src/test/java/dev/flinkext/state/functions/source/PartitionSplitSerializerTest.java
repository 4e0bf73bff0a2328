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
package dev.flinkext.state.functions.source;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The split and enumerator-state serializers round-trip and refuse versions they do not know. */
class PartitionSplitSerializerTest {

    @Test
    void splitsRoundTrip() throws IOException {
        PartitionSplit split = new PartitionSplit(7, 1L << 40);
        PartitionSplitSerializer serializer = PartitionSplitSerializer.INSTANCE;

        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split)))
                .isEqualTo(split);
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        UnassignedPartitions state =
                new UnassignedPartitions(
                        List.of(new PartitionSplit(3, 0), new PartitionSplit(1, 42)));
        UnassignedPartitionsSerializer serializer = UnassignedPartitionsSerializer.INSTANCE;

        UnassignedPartitions read =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(read).isEqualTo(state);
        assertThat(read.splits()).extracting(PartitionSplit::partition).containsExactly(1, 3);
        assertThat(
                        serializer.deserialize(
                                serializer.getVersion(),
                                serializer.serialize(new UnassignedPartitions(List.of()))))
                .isEqualTo(new UnassignedPartitions(List.of()));
    }

    @Test
    void anUnknownVersionFailsNamingIt() {
        assertThatThrownBy(() -> PartitionSplitSerializer.INSTANCE.deserialize(2, new byte[12]))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cannot read a ReplayableSource partition split of serializer version 2:"
                                + " this version reads version 1");
        assertThatThrownBy(
                        () -> UnassignedPartitionsSerializer.INSTANCE.deserialize(0, new byte[4]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("enumerator checkpoint of serializer version 0");
    }
}
