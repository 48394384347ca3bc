package io.gmq.gateway.messaging;

import java.util.Map;

/**
 * What a message from an incoming {@code gmq-bus} channel carried on the bus: its id, topic, publishing module,
 * headers and time.
 */
public record IncomingBusMetadata(String id, String topic, String source, Map<String, String> headers,
        long timestamp) {
}
