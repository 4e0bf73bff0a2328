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
package dev.flinkext.state.functions.broadcast;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Collector;

import java.io.Serializable;

/**
 * Applies the current rules to one keyed event.
 *
 * @param <IN> the events' type
 * @param <ID> the rules' id type
 * @param <R> the rules' type
 * @param <OUT> the output type
 */
@PublicEvolving
@FunctionalInterface
public interface RuleFunction<IN, ID, R, OUT> extends Serializable {
    void process(IN event, Rules<ID, R> rules, Collector<OUT> out) throws Exception;
}
