package io.gmq.im.logic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.quarkus.test.common.http.TestHTTPResourceManager.getUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/**
 * im-logic reaches each real server it uses through its own configuration: Kafka, Redis (a private instance, which
 * {@link ReadinessRecoveryTest} stops and restarts) and PostgreSQL.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class ServersRoundTripTest {

    @Inject
    RedisDataSource redis;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void redisSetThenGet() {
        String key = "gmq:test:" + UUID.randomUUID();
        redis.value(String.class).setex(key, 60, "hello");
        assertThat(redis.value(String.class).get(key)).isEqualTo("hello");
    }

    @Test
    void kafkaProduceThenConsumeInOrder() throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put("key.serializer", StringSerializer.class.getName());
        producerConfig.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "room-1", "m" + i)).get();
            }
        }
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    received.add(record.value());
                }
            }
        }
        assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    void postgresAnswersAQueryOnTheApplicationDatabase() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("gmq");
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }

    @Test
    void readinessNamesEveryServerUsed() {
        given().baseUri(getManagementUri()).when().get("/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'servers' }.data.Kafka", startsWith("UP "))
                .body("checks.find { it.name == 'servers' }.data.Redis", startsWith("UP 127.0.0.1:"))
                .body("checks.find { it.name == 'servers' }.data.PostgreSQL", startsWith("UP "));
    }

    @Test
    void healthMetricsAndOpenApiAreNotOnThePublicPort() throws Exception {
        // Dot segments, plain and percent-encoded, are sent as they are (like curl --path-as-is): none reaches /q.
        for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/", "/chat/../q/metrics",
                "/chat/%2e%2e/q/metrics",
                "/api/v1/%2E%2E/%2E%2E/q/openapi")) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI uri = URI.create(getUri().replaceAll("/$", "") + path);
                assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()).as(path).isEqualTo(404);
            }
        }
    }
}
