package io.gmq.gateway.messaging;

import java.util.Map;

/**
 * Where an outgoing {@code gmq-bus} channel publishes one message: the topic (overriding the channel's {@code topic})
 * and headers.
 */
public record OutgoingBusMetadata(String topic, Map<String, String> headers) {

    public OutgoingBusMetadata {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static OutgoingBusMetadata topic(String topic) {
        return new OutgoingBusMetadata(topic, Map.of());
    }
}
