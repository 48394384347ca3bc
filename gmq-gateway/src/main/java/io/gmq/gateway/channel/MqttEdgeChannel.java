package io.gmq.gateway.channel;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.gmq.gateway.messaging.IncomingBusMetadata;
import io.gmq.gateway.messaging.IncomingMqttMetadata;
import io.gmq.gateway.messaging.OutgoingBusMetadata;
import io.gmq.gateway.messaging.OutgoingMqttMetadata;
import io.smallrye.mutiny.Multi;

/**
 * The MQTT edge as channel methods. In: a device message on a broker topic of {@code mqtt-in} goes on the bus at
 * {@code bus-prefix + topic}. Out: a bus message of {@code bus-to-mqtt} goes to the broker at
 * {@code mqtt-prefix + (topic without strip-prefix)}. The acknowledgement chain is kept, so a QoS1 PUBACK leaves only
 * once the bus took the message, and a bus message leaves its queue only at the broker's PUBACK.
 */
@ApplicationScoped
public class MqttEdgeChannel {

    private final String busPrefix;
    private final String stripPrefix;
    private final String mqttPrefix;

    // Optional: an empty prefix (GMQ_MQTT_EDGE_BUS_PREFIX="") is a value here, not a missing one.
    public MqttEdgeChannel(@ConfigProperty(name = "gmq.mqtt-edge.bus-prefix") Optional<String> busPrefix,
            @ConfigProperty(name = "gmq.mqtt-edge.strip-prefix") Optional<String> stripPrefix,
            @ConfigProperty(name = "gmq.mqtt-edge.mqtt-prefix") Optional<String> mqttPrefix) {
        this.busPrefix = busPrefix.orElse("");
        this.stripPrefix = stripPrefix.orElse("");
        this.mqttPrefix = mqttPrefix.orElse("");
        // Every message would be refused one by one (GMQ-MQT-012): refuse the start instead.
        if (this.mqttPrefix.contains("+") || this.mqttPrefix.contains("#")) {
            throw new IllegalArgumentException("GMQ-MQT-013 gmq.mqtt-edge.mqtt-prefix (GMQ_MQTT_EDGE_MQTT_PREFIX) '"
                    + this.mqttPrefix + "' contains a wildcard: a topic name cannot");
        }
    }

    @Incoming("mqtt-in")
    @Outgoing("bus-from-mqtt")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> fromDevices(Multi<Message<byte[]>> in) {
        return EachMessage.map(in, this::fromDevice);
    }

    @Incoming("bus-to-mqtt")
    @Outgoing("mqtt-out")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> toDevices(Multi<Message<byte[]>> in) {
        return EachMessage.map(in, this::toDevice);
    }

    Message<byte[]> fromDevice(Message<byte[]> in) {
        IncomingMqttMetadata mqtt = in.getMetadata(IncomingMqttMetadata.class).orElseThrow();
        return in.addMetadata(new OutgoingBusMetadata(busPrefix + mqtt.topic(),
                Map.of("mqtt-topic", mqtt.topic(), "mqtt-qos", Integer.toString(mqtt.qos()))));
    }

    Message<byte[]> toDevice(Message<byte[]> in) {
        String topic = in.getMetadata(IncomingBusMetadata.class).orElseThrow().topic();
        if (topic.startsWith(stripPrefix)) {
            topic = topic.substring(stripPrefix.length());
        }
        return in.addMetadata(new OutgoingMqttMetadata(mqttPrefix + topic));
    }
}
