package io.gmq.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.servers.test.MariaDbTestResource;
import io.gmq.servers.test.MqttTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.quarkus.test.common.http.TestHTTPResourceManager.getUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/**
 * The gateway reaches each real server it uses through its own configuration: the MQTT broker and the PostgreSQL,
 * MariaDB and embedded (H2) datasources.
 */
@QuarkusTest
@WithTestResource(value = MqttTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MariaDbTestResource.class, scope = TestResourceScope.GLOBAL)
class ServersRoundTripTest {

    @Inject
    AgroalDataSource postgres;

    @Inject
    @DataSource("mariadb")
    AgroalDataSource mariadb;

    @Inject
    @DataSource("embedded")
    AgroalDataSource embedded;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @Test
    void sqlRoundTripOnEveryDatasource() throws Exception {
        assertThat(insertThenSelect(postgres)).isEqualTo("PostgreSQL");
        assertThat(insertThenSelect(mariadb)).isEqualTo("MariaDB");
        assertThat(insertThenSelect(embedded)).isEqualTo("H2");
    }

    private static String insertThenSelect(AgroalDataSource dataSource) throws Exception {
        String table = "round_trip_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, body VARCHAR(64))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                insert.setInt(1, 7);
                insert.setString(2, "seven");
                insert.executeUpdate();
            }
            try (ResultSet rs = ddl.executeQuery("SELECT body FROM " + table + " WHERE id = 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("seven");
            } finally {
                ddl.execute("DROP TABLE " + table);
            }
            String product = connection.getMetaData().getDatabaseProductName();
            return product.contains("MariaDB") || product.contains("MySQL") ? "MariaDB" : product;
        }
    }

    @Test
    void mqttPublishReachesASubscriberThroughTheConfiguredBroker() throws Exception {
        String topic = "gmq/test/" + UUID.randomUUID();
        CompletableFuture<String> received = new CompletableFuture<>();
        MqttClient subscriber = MqttClient.create(vertx);
        MqttClient publisher = MqttClient.create(vertx);
        try {
            subscriber.publishHandler(message -> received.complete(message.payload().toString()));
            subscriber.connect(config.mqtt().port(), config.mqtt().host()).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            subscriber.subscribe(topic, MqttQoS.AT_LEAST_ONCE.value()).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            publisher.connect(config.mqtt().port(), config.mqtt().host()).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            publisher.publish(topic, Buffer.buffer("hello device"), MqttQoS.AT_LEAST_ONCE, false, false);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("hello device");
        } finally {
            subscriber.disconnect();
            publisher.disconnect();
        }
    }

    @Test
    void readinessNamesEveryServerUsed() {
        given().baseUri(getManagementUri()).when().get("/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'servers' }.data.'MQTT broker'", startsWith("UP "))
                .body("checks.find { it.name == 'servers' }.data.PostgreSQL", startsWith("UP "))
                .body("checks.find { it.name == 'servers' }.data.MariaDB", startsWith("UP "));
    }

    @Test
    void healthMetricsAndOpenApiAreNotOnThePublicPort() throws Exception {
        // Dot segments, plain and percent-encoded, are sent as they are (like curl --path-as-is): none reaches /q.
        for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/",
                "/admin/modules/../../q/metrics",
                "/api/v1/publish/%2e%2e/%2e%2e/q/metrics", "/status/%2E%2E/q/openapi")) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI uri = URI.create(getUri().replaceAll("/$", "") + path);
                assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()).as(path).isEqualTo(404);
            }
        }
        // The admin API is product API: it stays on the public port, behind authentication.
        given().get("/admin/modules").then().statusCode(401);
    }
}
