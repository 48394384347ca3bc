package io.gmq.gateway.messaging;

/** The broker topic an outgoing {@code gmq-mqtt} message goes to, overriding the channel's {@code topic}. */
public record OutgoingMqttMetadata(String topic) {
}
