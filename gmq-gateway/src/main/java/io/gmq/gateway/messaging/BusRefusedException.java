package io.gmq.gateway.messaging;

import java.util.List;

/**
 * The nack reason of an outgoing {@code gmq-bus} message that some subscriber queues refused (full, {@code reject} or
 * {@code block} past its timeout); the others took it.
 */
public class BusRefusedException extends RuntimeException {

    private final List<String> rejectedBy;

    public BusRefusedException(String topic, List<String> rejectedBy) {
        super("GMQ-BUS-005 the bus refused a message on " + topic + ": queue full at " + rejectedBy, null, false,
                false);
        this.rejectedBy = List.copyOf(rejectedBy);
    }

    public List<String> rejectedBy() {
        return rejectedBy;
    }
}
