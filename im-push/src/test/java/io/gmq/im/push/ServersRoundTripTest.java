package io.gmq.im.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.gmq.im.push.config.PushConfig;
import io.gmq.im.push.repository.MessageRepository;
import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.MongoTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.quarkus.test.common.http.TestHTTPResourceManager.getUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/**
 * im-push reaches each real server it uses through its own configuration: MongoDB, Redis (a private instance, so
 * {@link RoomFanOutCostTest} counts only its own commands) and Kafka.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = MongoTestResource.class, scope = TestResourceScope.GLOBAL)
class ServersRoundTripTest {

    @Inject
    MongoClient mongo;

    @Inject
    RedisDataSource redis;

    @Inject
    PushConfig config;

    @Inject
    MessageRepository messages;

    @Test
    void mongoInsertThenFindBySeq() {
        MongoCollection<Document> messages = mongo.getDatabase(config.database())
                .getCollection("round_trip_" + UUID.randomUUID().toString().replace("-", ""));
        messages.createIndex(Indexes.ascending("to", "seq"));
        for (int seq = 1; seq <= 5; seq++) {
            messages.insertOne(new Document("to", "user-d").append("seq", seq).append("body", "m" + seq));
        }
        messages.insertOne(new Document("to", "user-e").append("seq", 1).append("body", "other"));

        List<String> after2 = messages.find(Filters.and(Filters.eq("to", "user-d"), Filters.gt("seq", 2)))
                .sort(Sorts.ascending("seq")).map(d -> d.getString("body")).into(new java.util.ArrayList<>());
        assertThat(after2).containsExactly("m3", "m4", "m5");
    }

    @Test
    void anAckRaisesTheUsersCursorInOneCallAndNeverLowersIt() {
        String user = "ack-" + UUID.randomUUID();
        assertThat(messages.acked(user)).isZero();

        assertThat(messages.ack(user, 20)).isEqualTo(20);
        assertThat(messages.ack(user, 7)).as("an older ack leaves the cursor").isEqualTo(20);
        assertThat(messages.ack(user, 35)).isEqualTo(35);
        assertThat(messages.acked(user)).isEqualTo(35);
    }

    @Test
    void redisListKeepsOrder() {
        String key = "gmq:test:" + UUID.randomUUID();
        redis.list(String.class).rpush(key, "a", "b", "c");
        assertThat(redis.list(String.class).lrange(key, 0, -1)).containsExactly("a", "b", "c");
        redis.key().del(key);
    }

    @Test
    void readinessNamesEveryServerUsed() {
        given().baseUri(getManagementUri()).when().get("/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'servers' }.data.Kafka", startsWith("UP "))
                .body("checks.find { it.name == 'servers' }.data.Redis", startsWith("UP "))
                .body("checks.find { it.name == 'servers' }.data.MongoDB", startsWith("UP "));
    }

    @Test
    void healthMetricsAndOpenApiAreNotOnThePublicPort() throws Exception {
        // Dot segments, plain and percent-encoded, are sent as they are (like curl --path-as-is): none reaches /q.
        for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/", "/x/../q/metrics",
                "/x/%2e%2e/q/metrics")) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI uri = URI.create(getUri().replaceAll("/$", "") + path);
                assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()).as(path).isEqualTo(404);
            }
        }
    }
}
