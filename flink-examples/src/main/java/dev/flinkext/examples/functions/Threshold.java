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
package dev.flinkext.examples.functions;

import org.apache.flink.annotation.PublicEvolving;

/** A rule: readings of {@code sensor} above {@code limit} raise an alert; no limit removes it. */
@PublicEvolving
public class Threshold {
    public int sensor;

    /** The limit, or -1 to remove the sensor's rule. */
    public int limit;

    /** For Flink's POJO serializer. */
    public Threshold() {}

    public Threshold(int sensor, int limit) {
        this.sensor = sensor;
        this.limit = limit;
    }

    public boolean isRemoval() {
        return limit < 0;
    }
}
