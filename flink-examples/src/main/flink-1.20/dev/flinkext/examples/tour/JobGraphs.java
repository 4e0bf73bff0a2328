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
package dev.flinkext.examples.tour;

import org.apache.flink.annotation.Internal;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink 1.20 adapter: translates a job into the JobGraph the tour submits, the way {@code
 * env.execute()} does. On Flink 1.20: {@code PipelineExecutorUtils.getJobGraph}, which 2.0 replaced
 * (see the 2.x line's class of this name).
 */
@Internal
final class JobGraphs {

    private JobGraphs() {}

    static JobGraph of(StreamExecutionEnvironment env, Configuration conf) throws Exception {
        return PipelineExecutorUtils.getJobGraph(
                env.getStreamGraph(), conf, Thread.currentThread().getContextClassLoader());
    }
}
