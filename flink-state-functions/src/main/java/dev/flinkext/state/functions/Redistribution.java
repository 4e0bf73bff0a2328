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
package dev.flinkext.state.functions;

import org.apache.flink.annotation.PublicEvolving;

/**
 * How the parts of an operator state that all parallel instances wrote are handed out again when a
 * job restores, possibly at a different parallelism.
 */
@PublicEvolving
public enum Redistribution {
    /**
     * The parts written by all instances are dealt out: each part goes to exactly one new instance,
     * some instances may get none. Right for state that is partitioned work (offsets per source
     * partition, buffered records): nothing is lost and nothing is processed twice.
     */
    EVEN_SPLIT,

    /**
     * Every new instance gets every part written by every old instance. Right for state that every
     * instance needs whole (a configuration, a watermark); wrong for counts, which would be counted
     * once per instance.
     */
    UNION
}
