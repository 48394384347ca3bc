package io.gmq.gateway.messaging;

/** What an incoming {@code gmq-mqtt} message carried on the broker: its topic, QoS and duplicate flag. */
public record IncomingMqttMetadata(String topic, int qos, boolean duplicate) {
}
