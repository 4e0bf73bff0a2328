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

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/**
 * Records that a {@link BatchingSink} writes together.
 *
 * @param id unique for this batch and the same every time the batch is written again after a
 *     failure: the key that makes a write idempotent
 * @param records the records, in the order they reached the sink
 */
@PublicEvolving
public record Batch<T>(String id, List<T> records) {}
