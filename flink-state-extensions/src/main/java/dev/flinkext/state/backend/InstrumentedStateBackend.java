package dev.flinkext.state.backend;

import dev.flinkext.state.metrics.StateMetricOptions;
import dev.flinkext.state.metrics.StateMetricSettings;

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

    protected InstrumentedStateBackend(StateBackend inner, Configuration setInCode) {
        this.inner = inner;
        this.setInCode = setInCode;
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

    /** The configuration this backend measures with: code values over {@code config}. */
    protected Configuration effective(ReadableConfig config) {
        Configuration merged = Configuration.fromMap(config.toMap());
        merged.addAll(setInCode);
        return merged;
    }

    @SuppressWarnings("unchecked")
    private SELF self() {
        return (SELF) this;
    }

    /** Wraps a keyed backend created by {@link #inner}. */
    protected abstract <K> InstrumentedKeyedStateBackend<K> instrument(
            AbstractKeyedStateBackend<K> keyed, KeyedStateBackendParameters<K> parameters)
            throws Exception;

    @Override
    public <K> AbstractKeyedStateBackend<K> createKeyedStateBackend(
            KeyedStateBackendParameters<K> parameters) throws Exception {
        return instrument(
                (AbstractKeyedStateBackend<K>) inner.createKeyedStateBackend(parameters),
                parameters);
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

    @Override
    public boolean supportsAsyncKeyedStateBackend() {
        // Asynchronous (state V2) access is not instrumented; keep it off rather than unmeasured.
        return false;
    }
}
