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
package dev.flinkext.state.instrumented;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.ConfigurableStateBackend;
import org.apache.flink.runtime.state.OperatorStateBackend;
import org.apache.flink.runtime.state.StateBackend;

/**
 * A state backend that keeps its state in another one (Flink's heap or RocksDB backend) and reports
 * per-state metrics: reads and writes, sampled access latency, sampled key and value sizes, and,
 * where the backend can tell, estimated entries and bytes.
 *
 * <p>It is not a {@code DelegatingStateBackend}: the changelog backend ({@code
 * state.changelog.enabled}) refuses to wrap those, and wraps this one. Every {@link StateBackend}
 * method with a default is forwarded, so the wrapped backend's managed memory, restore modes and
 * savepoint formats stay what they are.
 *
 * <p>Configuration is copy-on-configure, like Flink's own backends: {@link #configure} returns a
 * new instance; {@code flinkext.state.*} values set in code win over the configuration.
 *
 * @param <SELF> the concrete backend type
 */
@PublicEvolving
public abstract class InstrumentedStateBackend<SELF extends InstrumentedStateBackend<SELF>>
        implements StateBackend, ConfigurableStateBackend {

    private static final long serialVersionUID = 1L;

    /** The backend that holds the state. */
    protected final StateBackend inner;

    /** The {@code flinkext.state.*} values set in code; they win over the configuration. */
    protected final Configuration setInCode;

    /** The configuration this backend was configured with; code values are applied on top. */
    protected final Configuration configured;

    /** Fails, naming the key, on an invalid metric setting. */
    protected InstrumentedStateBackend(
            StateBackend inner, Configuration setInCode, Configuration configured) {
        this.inner = inner;
        this.setInCode = setInCode;
        this.configured = configured;
        metricSettings();
    }

    /** The wrapped backend. */
    public StateBackend getInnerBackend() {
        return inner;
    }

    /** Sets {@link StateMetricOptions#SAMPLE_INTERVAL} in code. */
    public SELF setSampleInterval(int sampleInterval) {
        setInCode.set(StateMetricOptions.SAMPLE_INTERVAL, sampleInterval);
        StateMetricSettings.fromConfig(setInCode);
        return self();
    }

    /** Sets {@link StateMetricOptions#ENABLED} in code. */
    public SELF setMetricsEnabled(boolean enabled) {
        setInCode.set(StateMetricOptions.ENABLED, enabled);
        return self();
    }

    /** {@link StateMetricOptions#SAMPLE_INTERVAL} as this backend applies it. */
    public int getSampleInterval() {
        return metricSettings().sampleInterval();
    }

    /** {@link StateMetricOptions#ENABLED} as this backend applies it. */
    public boolean isMetricsEnabled() {
        return metricSettings().enabled();
    }

    /** The configuration this backend measures with: code values over {@code config}. */
    protected Configuration effective(ReadableConfig config) {
        Configuration merged = Configuration.fromMap(config.toMap());
        merged.addAll(setInCode);
        return merged;
    }

    private StateMetricSettings metricSettings() {
        return StateMetricSettings.fromConfig(effective(configured));
    }

    @SuppressWarnings("unchecked")
    private SELF self() {
        return (SELF) this;
    }

    /**
     * What the wrapped backend can tell about its states' entries and sizes, or null if nothing
     * beyond what the metric system gets from elsewhere (RocksDB reports its own estimates).
     */
    @Internal
    protected EntryTracker entryTracker() {
        return null;
    }

    @Override
    public <K> AbstractKeyedStateBackend<K> createKeyedStateBackend(
            KeyedStateBackendParameters<K> parameters) throws Exception {
        // The wrapped backend first: a tracker may take over what its creation left behind.
        AbstractKeyedStateBackend<K> created =
                (AbstractKeyedStateBackend<K>) inner.createKeyedStateBackend(parameters);
        return new InstrumentedKeyedStateBackend<>(
                created, metricSettings(), parameters.getMetricGroup(), entryTracker());
    }

    @Override
    public OperatorStateBackend createOperatorStateBackend(
            OperatorStateBackendParameters parameters) throws Exception {
        return inner.createOperatorStateBackend(parameters);
    }

    @Override
    public boolean useManagedMemory() {
        return inner.useManagedMemory();
    }

    @Override
    public boolean supportsNoClaimRestoreMode() {
        return inner.supportsNoClaimRestoreMode();
    }

    @Override
    public boolean supportsSavepointFormat(SavepointFormatType formatType) {
        return inner.supportsSavepointFormat(formatType);
    }

    /**
     * False, as for Flink's own heap and RocksDB backends, which have no native asynchronous keyed
     * backend either. On Flink 2.x an operator with State V2 ({@code enableAsyncState()}) then gets
     * Flink's {@code AsyncKeyedStateBackendAdaptor} over the keyed backend of {@link
     * #createKeyedStateBackend}, the instrumented one, so every V2 access is counted. Flink 1.20
     * has no such adaptor: there, as for Flink's heap and RocksDB backends, State V2 is not served.
     */
    @Override
    public boolean supportsAsyncKeyedStateBackend() {
        return false;
    }
}
