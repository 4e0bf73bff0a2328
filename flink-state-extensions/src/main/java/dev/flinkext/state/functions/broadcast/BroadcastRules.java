package dev.flinkext.state.functions.broadcast;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.FilterFunction;
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

    private BroadcastRules(
            MapStateDescriptor<ID, R> descriptor,
            KeySelector<R, ID> idOf,
            FilterFunction<R> isRemoval) {
        this.descriptor = descriptor;
        this.idOf = idOf;
        this.isRemoval = isRemoval;
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
                rule -> false);
    }

    /** Rules for which {@code isRemoval} holds remove the rule with their id instead. */
    public BroadcastRules<ID, R> removedWhen(FilterFunction<R> isRemoval) {
        return new BroadcastRules<>(
                descriptor, idOf, Preconditions.checkNotNull(isRemoval, "isRemoval"));
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
                .process(new Applier<KEY, IN, ID, R, OUT>(this, function), outType);
    }

    /** The function behind {@link #apply}. */
    static final class Applier<KEY, IN, ID, R, OUT>
            extends KeyedBroadcastProcessFunction<KEY, IN, R, OUT> {

        private static final long serialVersionUID = 1L;

        private final BroadcastRules<ID, R> rules;
        private final RuleFunction<IN, ID, R, OUT> function;

        Applier(BroadcastRules<ID, R> rules, RuleFunction<IN, ID, R, OUT> function) {
            this.rules = rules;
            this.function = function;
        }

        @Override
        public void processElement(IN event, ReadOnlyContext ctx, Collector<OUT> out)
                throws Exception {
            function.process(
                    event,
                    new Rules<>(
                            rules.descriptor.getName(), ctx.getBroadcastState(rules.descriptor)),
                    out);
        }

        @Override
        public void processBroadcastElement(R rule, Context ctx, Collector<OUT> out)
                throws Exception {
            ID id = rules.idOf.getKey(rule);
            if (rules.isRemoval.filter(rule)) {
                ctx.getBroadcastState(rules.descriptor).remove(id);
            } else {
                ctx.getBroadcastState(rules.descriptor).put(id, rule);
            }
        }
    }
}
