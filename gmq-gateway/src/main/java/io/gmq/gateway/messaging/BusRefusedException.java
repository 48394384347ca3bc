package io.gmq.gateway.messaging;

import java.util.List;

/**
 * The nack reason of an outgoing {@code gmq-bus} message that some subscriber queues refused (full, {@code reject} or
 * {@code block} past its timeout); the others took it.
 */
public class BusRefusedException extends RuntimeException {

    private final List<String> rejectedBy;

    public BusRefusedException(String topic, List<String> rejectedBy) {
        this(topic, rejectedBy, "queue full at " + rejectedBy);
    }

    private BusRefusedException(String topic, List<String> rejectedBy, String why) {
        super("GMQ-BUS-005 the bus refused a message on " + topic + ": " + why, null, false, false);
        this.rejectedBy = List.copyOf(rejectedBy);
    }

    /** Not offered at all: the gateway stops, and the subscribers may already have left the bus. */
    static BusRefusedException stopping(String topic) {
        return new BusRefusedException(topic, List.of(), "the gateway stops");
    }

    public List<String> rejectedBy() {
        return rejectedBy;
    }
}
