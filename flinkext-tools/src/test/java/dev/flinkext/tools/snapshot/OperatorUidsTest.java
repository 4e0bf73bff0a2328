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

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The uid hashes are the ones Flink's stream graph hasher gives the job's vertices. */
class OperatorUidsTest {

    @Test
    void hashesUidsAsFlinkDoes() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.disableOperatorChaining();
        env.fromData(Types.LONG, 1L, 2L)
                .uid("numbers")
                .map(i -> i)
                .returns(Types.LONG)
                .uid("count")
                .sinkTo(new DiscardingSink<>())
                .uid("report");
        OperatorUids uids = new OperatorUids(List.of("numbers", "count", "report"));
        int named = 0;
        for (JobVertex vertex : env.getStreamGraph().getJobGraph().getVertices()) {
            String uid = uids.uidOf(vertex.getOperatorIDs().get(0).getGeneratedOperatorID());
            assertThat(uid).as(vertex.getName()).isNotNull();
            named++;
        }
        assertThat(named).isEqualTo(3);
        assertThat(uids.uidOf(OperatorUids.hash("other"))).isNull();
    }
}
