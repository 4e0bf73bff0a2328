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
package dev.flinkext.state.functions.buffering;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Flink 2.x adapter: a sink whose writer needs only what every writer context has. 2.x has only
 * {@code Sink#createWriter(WriterInitContext)} (1.20's {@code Sink.InitContext} is gone).
 */
@Internal
interface SinkAdapter<T> extends Sink<T> {

    // Named in full: inside a Sink, a plain "InitContext" is 1.20's nested Sink.InitContext.
    SinkWriter<T> writerFor(org.apache.flink.api.connector.sink2.InitContext context);

    @Override
    default SinkWriter<T> createWriter(WriterInitContext context) {
        return writerFor(context);
    }
}
