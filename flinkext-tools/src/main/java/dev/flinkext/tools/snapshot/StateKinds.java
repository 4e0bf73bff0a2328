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

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;

import java.util.Locale;

/**
 * The kinds of state the tools name: {@code keyed-value}, {@code keyed-list}, {@code keyed-map},
 * {@code keyed-reducing}, {@code keyed-aggregating}, {@code timers} (Flink's timer queues), {@code
 * priority-queue}, {@code operator-list}, {@code operator-union}, {@code broadcast}, {@code
 * raw-keyed} / {@code raw-operator} for the raw streams an operator writes itself, and {@code
 * keyed} for keyed state of unknown kind (a RocksDB state known only by its SST files' column
 * family). State V2's key-value states (Flink 2.x, {@code KEY_VALUE_V2}) are named as V1's: their
 * meta information records the descriptor's type alike.
 */
@Internal
public final class StateKinds {

    public static final String RAW_KEYED = "raw-keyed";
    public static final String RAW_OPERATOR = "raw-operator";

    /** Flink's internal timer services name their queues with this prefix. */
    private static final String TIMER_STATE_PREFIX = "_timer_state/";

    private StateKinds() {}

    /** The kind of a keyed state from the meta information its stream starts with. */
    public static String keyed(StateMetaInfoSnapshot metaInfo) {
        if (metaInfo.getBackendStateType()
                == StateMetaInfoSnapshot.BackendStateType.PRIORITY_QUEUE) {
            return metaInfo.getName().startsWith(TIMER_STATE_PREFIX) ? "timers" : "priority-queue";
        }
        String type = metaInfo.getOption(StateMetaInfoSnapshot.CommonOptionsKeys.KEYED_STATE_TYPE);
        return type == null ? "keyed" : "keyed-" + type.toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of a RocksDB state known only by its column family (the state's name): timers by
     * their name, any other state's kind is recorded only in the meta information.
     */
    public static String ofColumnFamily(String name) {
        return name.startsWith(TIMER_STATE_PREFIX) ? "timers" : "keyed";
    }

    /**
     * Whether {@code metaInfo} is a key-value state (value, list, map, reducing, aggregating),
     * written through the synchronous API or the asynchronous one (State V2), as opposed to a
     * priority queue.
     */
    public static boolean isKeyValue(StateMetaInfoSnapshot metaInfo) {
        return metaInfo.getBackendStateType() == StateMetaInfoSnapshot.BackendStateType.KEY_VALUE
                || StateApis.isStateV2(metaInfo);
    }

    /**
     * Whether {@code metaInfo} is a key-value state of the asynchronous state API (State V2), whose
     * meta information only Flink 2.x's ForSt backend writes.
     */
    public static boolean isStateV2(StateMetaInfoSnapshot metaInfo) {
        return StateApis.isStateV2(metaInfo);
    }

    /** The kind of an operator state from its distribution mode. */
    public static String operator(OperatorStateHandle.Mode mode) {
        switch (mode) {
            case UNION:
                return "operator-union";
            case BROADCAST:
                return "broadcast";
            case SPLIT_DISTRIBUTE:
            default:
                return "operator-list";
        }
    }
}
