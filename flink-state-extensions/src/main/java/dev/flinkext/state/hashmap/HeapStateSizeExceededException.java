package dev.flinkext.state.hashmap;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.FlinkRuntimeException;

/** Thrown by a state write when the heap state of a TaskManager passes the guard's hard limit. */
@PublicEvolving
public class HeapStateSizeExceededException extends FlinkRuntimeException {

    private static final long serialVersionUID = 1L;

    public HeapStateSizeExceededException(String message) {
        super(message);
    }
}
