package io.gmq.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.gmq.gateway.module.PublishResult;
import io.gmq.servers.test.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The channels of application.yaml on the gmq-bus connector and the Kafka edge, against the real Kafka: bus topics
 * forwarded to Kafka keyed and in order, Kafka records published on the bus at the topic their key names, and a full
 * subscriber queue holding a Kafka record back (retried, not lost) until it has room.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class BusChannelsTest {

    @Inject
    MessageBus bus;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaClientService kafka;

    @Test
    void theKafkaProducerKeepsOneRequestInFlight() {
        // With more, the first batch to a partition still being created is retried forever (KAFKA-15591): this test
        // class once lost the first records of busTopicsReachKafkaKeyedInOrderWithTheirIds that way under CPU load.
        assertThat(String.valueOf(kafka.getProducer("kafka-out").configuration()
                .get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))).isEqualTo("1");
    }

    @Test
    void busTopicsReachKafkaKeyedInOrderWithTheirIds() {
        String run = UUID.randomUUID().toString();
        int count = 500;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String topic = "kafka-out/" + run + "/" + (i % 2 == 0 ? "even" : "odd");
            PublishResult result = bus.publish(
                    Envelope.of(topic, "test", Map.of("trace", "t" + i), (run + ":" + i).getBytes(StandardCharsets.UTF_8)));
            assertThat(result.delivered()).isEqualTo(1);
            ids.add(result.id());
        }
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of("gmq-test.bus.out"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith("kafka-out/" + run + "/")) {
                        seen.add(r);
                    }
                });
                return seen.size() >= count;
            });
        }
        assertThat(seen).hasSize(count);
        for (String parity : List.of("even", "odd")) {
            List<Integer> order = seen.stream().filter(r -> r.key().endsWith(parity))
                    .map(r -> Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).split(":")[1])).toList();
            assertThat(order).hasSize(count / 2).isSorted();
        }
        ConsumerRecord<String, byte[]> first = seen.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(run + ":0")).findFirst().orElseThrow();
        assertThat(header(first, "gmq-id")).isEqualTo(ids.get(0));
        assertThat(header(first, "trace")).isEqualTo("t0");
        given().baseUri(getManagementUri()).get("/metrics").then().statusCode(200)
                .body(containsString("mp_messaging_message_count_total{channel=\"bus-to-kafka\""));
    }

    @Test
    void kafkaRecordsReachTheBusAtTheTopicTheirKeyNames() {
        String run = UUID.randomUUID().toString();
        int count = 500;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("gmq-test.bus.in", "kafka-in/" + run,
                        Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> received(run).size() >= count);
        List<Envelope> got = received(run);
        assertThat(got).hasSize(count);
        assertThat(got).extracting(Envelope::payloadText)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList());
        assertThat(got).allSatisfy(e -> assertThat(e.source()).isEqualTo("kafka"));
    }

    @Test
    void aRecordTheBusRefusesIsRetriedUntilTaken() {
        // "slow-reject" has a queue of one that refuses when full and takes 20 ms a message: records wait in the
        // channel's retry until the module has room, instead of being dropped.
        String run = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("gmq-test.bus.in", "slow-reject/" + run,
                        Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> CollectorModule.handled("slow-reject").stream()
                .filter(e -> e.topic().equals("slow-reject/" + run)).count() >= 20);
        assertThat(CollectorModule.handled("slow-reject")).filteredOn(e -> e.topic().equals("slow-reject/" + run))
                .extracting(Envelope::payloadText).doesNotHaveDuplicates().hasSize(20);
        assertThat(bus.module("slow-reject").queue().rejected()).isPositive();
    }

    @Test
    void aRecordWithoutTopicGoesToTheConfiguredDeadLetterTopicAndTheGroupIsTheConfiguredOne() throws Exception {
        String run = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("gmq-test.bus.in", null, ("no-topic-" + run).getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of("gmq-test.bus.in.dlq"));
            List<String> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> dead.add(new String(r.value(), StandardCharsets.UTF_8)));
                return dead.contains("no-topic-" + run);
            });
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            assertThat(admin.listConsumerGroups().all().get()).extracting(g -> g.groupId()).contains("gmq-test-gateway");
        }
    }

    private static List<Envelope> received(String run) {
        return CollectorModule.handled("kafka-sink").stream().filter(e -> e.topic().equals("kafka-in/" + run)).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bus-channels-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }
}
