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

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link BroadcastRules} in Flink's operator test harness: every instance holds the same rules
 * after a restore at parallelism 1 → 3 → 2, and the event side cannot write them.
 */
class BroadcastRulesTest {

    private static final int MAX_PARALLELISM = 128;
    private static final KeySelector<Long, Long> KEY = v -> v % 16;

    /** A rule is (id, threshold); a negative threshold removes the rule with that id. */
    private static final BroadcastRules<String, Tuple2<String, Integer>> RULES =
            BroadcastRules.of(
                            "rules",
                            Types.STRING,
                            Types.TUPLE(Types.STRING, Types.INT),
                            (Tuple2<String, Integer> rule) -> rule.f0)
                    .removedWhen(rule -> rule.f1 < 0);

    /** Emits, per event, the ids of the rules it saw. */
    private static final RuleFunction<Long, String, Tuple2<String, Integer>, String> SHOW_RULES =
            (event, rules, out) -> out.collect(new TreeSet<>(rules.asMap().keySet()).toString());

    private List<
                    KeyedTwoInputStreamOperatorTestHarness<
                            Long, Long, Tuple2<String, Integer>, String>>
            instances = new ArrayList<>();

    private void open(
            int parallelism,
            OperatorSubtaskState restored,
            int oldParallelism,
            RuleFunction<Long, String, Tuple2<String, Integer>, String> function)
            throws Exception {
        open(parallelism, restored, oldParallelism, function, RULES);
    }

    private void open(
            int parallelism,
            OperatorSubtaskState restored,
            int oldParallelism,
            RuleFunction<Long, String, Tuple2<String, Integer>, String> function,
            BroadcastRules<String, Tuple2<String, Integer>> rules)
            throws Exception {
        instances = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            var harness =
                    new KeyedTwoInputStreamOperatorTestHarness<>(
                            new CoBroadcastWithKeyedOperator<>(
                                    new BroadcastRules.Applier<>(rules, function, Types.LONG),
                                    List.of(rules.descriptor())),
                            KEY,
                            null,
                            Types.LONG,
                            MAX_PARALLELISM,
                            parallelism,
                            i);
            harness.setup();
            if (restored == null) {
                harness.initializeState((OperatorSubtaskState) null);
            } else {
                harness.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                restored, MAX_PARALLELISM, oldParallelism, parallelism, i));
            }
            harness.open();
            instances.add(harness);
        }
    }

    private OperatorSubtaskState snapshotAndClose(long checkpointId) throws Exception {
        List<OperatorSubtaskState> states = new ArrayList<>();
        for (var harness : instances) {
            states.add(harness.snapshot(checkpointId, checkpointId));
            harness.close();
        }
        return AbstractStreamOperatorTestHarness.repackageState(
                states.toArray(new OperatorSubtaskState[0]));
    }

    /** Broadcasts: every instance receives the rule, as Flink's broadcast partitioner does. */
    private void broadcast(String id, int threshold) throws Exception {
        for (var harness : instances) {
            harness.processElement2(new StreamRecord<>(Tuple2.of(id, threshold)));
        }
    }

    /** Sends each instance an event of a key it owns and returns what each one saw. */
    private List<String> probeEveryInstance() throws Exception {
        List<String> seen = new ArrayList<>();
        int parallelism = instances.size();
        for (int i = 0; i < parallelism; i++) {
            long event = eventOwnedBy(i, parallelism);
            var harness = instances.get(i);
            harness.processElement1(new StreamRecord<>(event));
            List<StreamRecord<? extends String>> out = harness.extractOutputStreamRecords();
            seen.add(out.get(out.size() - 1).getValue());
        }
        return seen;
    }

    private static long eventOwnedBy(int subtask, int parallelism) throws Exception {
        for (long v = 0; ; v++) {
            int owner =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            KEY.getKey(v), MAX_PARALLELISM, parallelism);
            if (owner == subtask) {
                return v;
            }
        }
    }

    @Test
    void everyInstanceHoldsTheSameRulesAcrossOneThreeTwo() throws Exception {
        open(1, null, 0, SHOW_RULES);
        broadcast("a", 1);
        broadcast("b", 2);
        broadcast("c", 3);
        broadcast("b", -1);
        assertThat(probeEveryInstance()).containsExactly("[a, c]");

        open(3, snapshotAndClose(1), 1, SHOW_RULES);
        assertThat(probeEveryInstance()).containsExactly("[a, c]", "[a, c]", "[a, c]");
        broadcast("d", 4);
        broadcast("a", 10);

        open(2, snapshotAndClose(2), 3, SHOW_RULES);
        assertThat(probeEveryInstance()).containsExactly("[a, c, d]", "[a, c, d]");
        for (var harness : instances) {
            harness.close();
        }
    }

    @Test
    void heldEventsWaitForTheRulesAcrossARescale() throws Exception {
        BroadcastRules<String, Tuple2<String, Integer>> holding =
                RULES.holdEventsUntil(rules -> rules.contains("a") && rules.contains("c"));
        RuleFunction<Long, String, Tuple2<String, Integer>, String> tag =
                (event, rules, out) ->
                        out.collect(event + new TreeSet<>(rules.asMap().keySet()).toString());
        open(1, null, 0, tag, holding);
        broadcast("a", 1);
        for (long event = 0; event < 6; event++) {
            instances.get(0).processElement1(new StreamRecord<>(event));
        }
        assertThat(instances.get(0).extractOutputStreamRecords()).isEmpty();

        // The held events are keyed state: they move with their keys to the new instances.
        open(2, snapshotAndClose(1), 1, tag, holding);
        broadcast("c", 3);
        List<String> released = new ArrayList<>();
        for (var harness : instances) {
            harness.extractOutputStreamRecords().forEach(r -> released.add(r.getValue()));
        }
        assertThat(released)
                .containsExactlyInAnyOrder(
                        "0[a, c]", "1[a, c]", "2[a, c]", "3[a, c]", "4[a, c]", "5[a, c]");
        // Once ready, events go straight through.
        assertThat(probeEveryInstance()).allSatisfy(seen -> assertThat(seen).endsWith("[a, c]"));
        for (var harness : instances) {
            harness.close();
        }
    }

    @Test
    void theEventSideCannotWriteTheRules() throws Exception {
        open(
                1,
                null,
                0,
                (event, rules, out) -> rules.asMap().put("sneaky", Tuple2.of("sneaky", 0)));
        broadcast("a", 1);
        assertThatThrownBy(() -> instances.get(0).processElement1(new StreamRecord<>(1L)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Broadcast state 'rules' is read-only on the event side")
                .hasMessageContaining("send the change there");
        instances.get(0).close();
    }
}
