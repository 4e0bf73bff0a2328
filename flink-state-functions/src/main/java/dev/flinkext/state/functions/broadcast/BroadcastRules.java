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
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;

import java.io.Serializable;

/**
 * The broadcast-state pattern as one typed call: a stream of rules is broadcast to every parallel
 * instance of a keyed stream of events, each rule stored under its id, and a {@link RuleFunction}
 * applies the current rules to each event.
 *
 * <pre>{@code
 * BroadcastRules<String, Rule> rules =
 *         BroadcastRules.of("rules", Types.STRING, TypeInformation.of(Rule.class), Rule::id)
 *                 .removedWhen(Rule::isDeletion);
 * DataStream<Alert> alerts =
 *         rules.apply(events.keyBy(Event::user), ruleStream, (event, current, out) -> ...,
 *                 TypeInformation.of(Alert.class));
 * }</pre>
 *
 * <p>Only the rule stream writes the state, and only by upserting or removing a rule by its id: a
 * pure function of the rule stream, so every instance holds the same rules, and since Flink
 * restores broadcast state by giving every new instance a copy, they still do after a restore at
 * any parallelism. The event side gets a read-only {@link Rules} view. Broadcast state lives on the
 * heap whatever the state backend.
 *
 * @param <ID> the rules' id type
 * @param <R> the rules' type
 */
@PublicEvolving
public final class BroadcastRules<ID, R> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final MapStateDescriptor<ID, R> descriptor;
    private final KeySelector<R, ID> idOf;
    private final FilterFunction<R> isRemoval;
    private final RulesReady<ID, R> ready;

    private BroadcastRules(
            MapStateDescriptor<ID, R> descriptor,
            KeySelector<R, ID> idOf,
            FilterFunction<R> isRemoval,
            RulesReady<ID, R> ready) {
        this.descriptor = descriptor;
        this.idOf = idOf;
        this.isRemoval = isRemoval;
        this.ready = ready;
    }

    /**
     * @param name the broadcast state's name (it is part of checkpoints: keep it stable)
     * @param idType the rules' id type
     * @param ruleType the rules' type
     * @param idOf the id of a rule; a rule replaces the one with the same id
     */
    public static <ID, R> BroadcastRules<ID, R> of(
            String name,
            TypeInformation<ID> idType,
            TypeInformation<R> ruleType,
            KeySelector<R, ID> idOf) {
        Preconditions.checkNotNull(name, "name");
        return new BroadcastRules<>(
                new MapStateDescriptor<>(name, idType, ruleType),
                Preconditions.checkNotNull(idOf, "idOf"),
                rule -> false,
                null);
    }

    /** Rules for which {@code isRemoval} holds remove the rule with their id instead. */
    public BroadcastRules<ID, R> removedWhen(FilterFunction<R> isRemoval) {
        return new BroadcastRules<>(
                descriptor, idOf, Preconditions.checkNotNull(isRemoval, "isRemoval"), ready);
    }

    /**
     * Holds events back, in keyed state, until {@code ready} holds for the rules, then applies the
     * rules to them in arrival order. Without it, events that overtake the first rules (the rule
     * stream and the event stream are independent inputs) are judged against no rules at all.
     */
    public BroadcastRules<ID, R> holdEventsUntil(RulesReady<ID, R> ready) {
        return new BroadcastRules<>(
                descriptor, idOf, isRemoval, Preconditions.checkNotNull(ready, "ready"));
    }

    /** The descriptor of the broadcast state, e.g. to read it with the State Processor API. */
    public MapStateDescriptor<ID, R> descriptor() {
        return descriptor;
    }

    /** Connects {@code events} with the broadcast {@code rules} and applies {@code function}. */
    public <KEY, IN, OUT> SingleOutputStreamOperator<OUT> apply(
            KeyedStream<IN, KEY> events,
            DataStream<R> rules,
            RuleFunction<IN, ID, R, OUT> function,
            TypeInformation<OUT> outType) {
        return events.connect(rules.broadcast(descriptor))
                .process(
                        new Applier<KEY, IN, ID, R, OUT>(this, function, events.getType()),
                        outType);
    }

    /** The function behind {@link #apply}. */
    static final class Applier<KEY, IN, ID, R, OUT>
            extends KeyedBroadcastProcessFunction<KEY, IN, R, OUT> {

        private static final long serialVersionUID = 1L;

        private final BroadcastRules<ID, R> rules;
        private final RuleFunction<IN, ID, R, OUT> function;
        private final ListStateDescriptor<IN> held;

        Applier(
                BroadcastRules<ID, R> rules,
                RuleFunction<IN, ID, R, OUT> function,
                TypeInformation<IN> eventType) {
            this.rules = rules;
            this.function = function;
            this.held =
                    new ListStateDescriptor<>(
                            rules.descriptor.getName() + "-held-events", eventType);
        }

        @Override
        public void processElement(IN event, ReadOnlyContext ctx, Collector<OUT> out)
                throws Exception {
            Rules<ID, R> current =
                    new Rules<>(
                            rules.descriptor.getName(), ctx.getBroadcastState(rules.descriptor));
            if (rules.ready != null && !rules.ready.test(current)) {
                getRuntimeContext().getListState(held).add(event);
                return;
            }
            function.process(event, current, out);
        }

        @Override
        public void processBroadcastElement(R rule, Context ctx, Collector<OUT> out)
                throws Exception {
            BroadcastState<ID, R> state = ctx.getBroadcastState(rules.descriptor);
            Rules<ID, R> current = new Rules<>(rules.descriptor.getName(), state);
            boolean wasReady = rules.ready == null || rules.ready.test(current);
            ID id = rules.idOf.getKey(rule);
            if (rules.isRemoval.filter(rule)) {
                state.remove(id);
            } else {
                state.put(id, rule);
            }
            if (!wasReady && rules.ready.test(current)) {
                ctx.applyToKeyedState(
                        held,
                        (key, events) -> {
                            for (IN event : events.get()) {
                                function.process(event, current, out);
                            }
                            events.clear();
                        });
            }
        }
    }
}
