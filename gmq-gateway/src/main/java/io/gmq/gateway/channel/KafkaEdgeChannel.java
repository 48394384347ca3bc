package io.gmq.gateway.channel;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.gmq.gateway.messaging.IncomingBusMetadata;
import io.gmq.gateway.messaging.OutgoingBusMetadata;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The Kafka edge as channel methods. Out: bus messages on {@code GMQ_KAFKA_FORWARD} topics become Kafka records keyed
 * by their bus topic (so one bus topic keeps its order in one partition), with the envelope's id and headers as Kafka
 * headers. In: records of {@code GMQ_KAFKA_IN_TOPIC} are published on the bus at the topic their key names (header
 * {@code gmq-topic} wins). Both keep the acknowledgement chain: a bus message leaves its queue once Kafka acknowledged
 * the record, a Kafka offset is committed once the bus took the message.
 */
@ApplicationScoped
public class KafkaEdgeChannel {

    static final String TOPIC_HEADER = "gmq-topic";
    static final String ID_HEADER = "gmq-id";

    @Incoming("bus-to-kafka")
    @Outgoing("kafka-out")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> toKafka(Multi<Message<byte[]>> in) {
        return EachMessage.map(in, this::record);
    }

    @Incoming("kafka-in")
    @Outgoing("bus-from-kafka")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> fromKafka(Multi<Message<byte[]>> in) {
        return EachMessage.map(in, this::busMessage);
    }

    Message<byte[]> record(Message<byte[]> in) {
        IncomingBusMetadata bus = in.getMetadata(IncomingBusMetadata.class).orElseThrow();
        RecordHeaders headers = new RecordHeaders();
        headers.add(ID_HEADER, bytes(bus.id()));
        headers.add(TOPIC_HEADER, bytes(bus.topic()));
        bus.headers().forEach((name, value) -> headers.add(name, bytes(value)));
        return in.addMetadata(OutgoingKafkaRecordMetadata.<String> builder().withKey(bus.topic()).withHeaders(headers)
                .build());
    }

    Message<byte[]> busMessage(Message<byte[]> in) {
        IncomingKafkaRecordMetadata<?, ?> record = in.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        Map<String, String> headers = new HashMap<>();
        String topic = record.getKey() == null ? null : record.getKey().toString();
        for (Header header : record.getHeaders()) {
            String value = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            if (header.key().equals(TOPIC_HEADER)) {
                topic = value;
            } else if (!header.key().equals(ID_HEADER)) {
                headers.put(header.key(), value);
            }
        }
        // No topic: the sink nacks it (GMQ-BUS-001), and the failure strategy of kafka-in decides.
        return in.addMetadata(new OutgoingBusMetadata(topic == null ? "" : topic, headers));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
