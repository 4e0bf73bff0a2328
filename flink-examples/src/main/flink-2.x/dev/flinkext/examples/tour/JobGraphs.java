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
 * Flink 2.x adapter: translates a job into the JobGraph the tour submits, the way {@code
 * env.execute()} does. On Flink 2.x {@code PipelineExecutorUtils} configures the StreamGraph
 * ({@code getStreamGraph}) and the StreamGraph makes its JobGraph; 1.20's {@code getJobGraph} is
 * gone.
 */
@Internal
final class JobGraphs {

    private JobGraphs() {}

    static JobGraph of(StreamExecutionEnvironment env, Configuration conf) throws Exception {
        return PipelineExecutorUtils.getStreamGraph(env.getStreamGraph(), conf)
                .getJobGraph(Thread.currentThread().getContextClassLoader());
    }
}
