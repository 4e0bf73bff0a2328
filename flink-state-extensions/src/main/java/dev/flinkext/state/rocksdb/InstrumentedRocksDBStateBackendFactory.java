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
package dev.flinkext.state.rocksdb;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.StateBackendFactory;

/**
 * Creates an {@link InstrumentedRocksDBStateBackend} from configuration alone: {@code
 * state.backend.type: dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory}.
 */
@PublicEvolving
public class InstrumentedRocksDBStateBackendFactory
        implements StateBackendFactory<InstrumentedRocksDBStateBackend> {

    @Override
    public InstrumentedRocksDBStateBackend createFromConfig(
            ReadableConfig config, ClassLoader classLoader) {
        return new InstrumentedRocksDBStateBackend().configure(config, classLoader);
    }
}
