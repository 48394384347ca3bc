package io.gmq.im.push.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gmq.im.push.repository.MessageRepository;
import io.gmq.proto.im.v1.Kind;
import io.gmq.proto.im.v1.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The incoming channel against the real Kafka, Redis and MongoDB (the servers come from {@code ServersRoundTripTest}'s
 * global test resources): the consumer is configured as application.yaml and PushConfig say, and a record produced
 * to the topic is numbered and stored.
 */
@QuarkusTest
class MessageConsumerKafkaTest {

    @Inject
    KafkaClientService clients;

    @Inject
    MessageRepository messages;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "mp.messaging.incoming.im-messages.topic")
    String topic;

    @Test
    void theConsumerPollsBatchesAndCommitsOnlyWhatWasAcknowledged() {
        Map<String, Object> config = new HashMap<>(clients.getConsumer(MessageConsumer.CHANNEL).configuration());

        assertThat(config).containsEntry("group.id", "im-push").containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest").containsEntry("max.poll.records", "500")
                .containsEntry("session.timeout.ms", "10000").containsEntry("heartbeat.interval.ms", "2500")
                .containsEntry("value.deserializer", ByteArrayDeserializer.class.getName());
    }

    @Test
    void onlyLivenessFollowsTheChannelReadinessIsGmqCommonsProbes() {
        assertThat(channelsIn("/health/ready")).doesNotContain(MessageConsumer.CHANNEL);
        assertThat(channelsIn("/health/started")).doesNotContain(MessageConsumer.CHANNEL);
        assertThat(channelsIn("/health/live")).contains(MessageConsumer.CHANNEL);
    }

    /** The channels the messaging health checks report on that endpoint. */
    static List<String> channelsIn(String endpoint) {
        List<Map<String, Object>> checks = given().baseUri(getManagementUri()).get(endpoint).jsonPath().getList("checks");
        return checks.stream().filter(c -> String.valueOf(c.get("name")).contains("Messaging"))
                .flatMap(c -> c.get("data") instanceof Map<?, ?> data ? data.keySet().stream().map(String::valueOf)
                        : java.util.stream.Stream.empty())
                .toList();
    }

    @Test
    void aProducedMessageIsNumberedAndStored() throws Exception {
        String user = "consumer-test-" + UUID.randomUUID();
        Message message = Message.newBuilder().setId(UUID.randomUUID().toString()).setCid("c1")
                .setConversation("u:" + user).setKind(Kind.PEER).setFrom("ann").addTo(user).setBody("hello")
                .setTs(System.currentTimeMillis()).build();
        Map<String, Object> config = new HashMap<>(kafka);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, message.getConversation(), message.toByteArray())).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !messages.after("u:" + user, 0, 10).isEmpty());
        assertThat(messages.after("u:" + user, 0, 10)).singleElement()
                .satisfies(stored -> assertThat(stored.getSeq()).isEqualTo(1))
                .satisfies(stored -> assertThat(stored.getId()).isEqualTo(message.getId()));
    }
}
