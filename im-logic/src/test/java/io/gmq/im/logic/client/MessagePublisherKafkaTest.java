package io.gmq.im.logic.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gmq.proto.im.v1.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outgoing channel against the real Kafka (the servers come from {@code ServersRoundTripTest}'s global test
 * resources): the producer is configured as application.yaml and the produce timeout say, and records are keyed by
 * conversation.
 */
@QuarkusTest
class MessagePublisherKafkaTest {

    @Inject
    MessagePublisher publisher;

    @Inject
    KafkaClientService clients;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "mp.messaging.outgoing.im-messages.topic")
    String topic;

    @Test
    void theProducerIsIdempotentWithAcksFromAllReplicasAndBoundedByTheProduceTimeout() {
        Map<String, Object> config = new HashMap<>(clients.getProducer(MessagePublisher.CHANNEL).configuration());

        assertThat(config).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("client.id", "im-logic").containsEntry("key.serializer", StringSerializer.class.getName())
                .containsEntry("value.serializer", ByteArraySerializer.class.getName())
                .containsEntry("max.block.ms", "5000").containsEntry("request.timeout.ms", "2000")
                .containsEntry("delivery.timeout.ms", "5000");
    }

    @Test
    void theChannelHasNoHealthChecksReadinessIsGmqCommonsProbes() {
        for (String endpoint : List.of("/health/ready", "/health/live", "/health/started")) {
            List<Map<String, Object>> checks = given().baseUri(getManagementUri()).get(endpoint).jsonPath().getList("checks");
            assertThat(checks).filteredOn(c -> String.valueOf(c.get("name")).contains("Messaging"))
                    .allSatisfy(c -> assertThat(String.valueOf(c.get("data"))).doesNotContain(MessagePublisher.CHANNEL));
        }
    }

    @Test
    void eachCopyLandsKeyedByItsConversationAndAConversationKeepsItsOrder() {
        String run = UUID.randomUUID().toString();
        publisher.publish(List.of(copy(run, "1", "u:ann"), copy(run, "1", "u:bob")));
        publisher.publish(List.of(copy(run, "2", "u:ann")));

        List<ConsumerRecord<String, byte[]>> records = consume(run, 3);

        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("u:ann-" + run, "u:bob-" + run,
                "u:ann-" + run);
        List<ConsumerRecord<String, byte[]>> ann = records.stream().filter(r -> r.key().equals("u:ann-" + run))
                .toList();
        assertThat(ann).extracting(ConsumerRecord::partition).containsOnly(ann.getFirst().partition());
        assertThat(ann).extracting(r -> Message.parseFrom(r.value()).getId()).containsExactly(run + "-1", run + "-2");
    }

    private static Message copy(String run, String n, String user) {
        return Message.newBuilder().setId(run + "-" + n).setConversation(user + "-" + run).setFrom("ann")
                .setBody("hi").build();
    }

    private List<ConsumerRecord<String, byte[]>> consume(String run, int expected) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "publisher-test-" + run);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().endsWith(run)) {
                        mine.add(record);
                    }
                }
            }
        }
        return mine;
    }
}
