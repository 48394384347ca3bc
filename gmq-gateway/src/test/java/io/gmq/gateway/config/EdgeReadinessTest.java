package io.gmq.gateway.config;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.ModuleState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * An edge gateway whose modules use only the embedded datasource and no MQTT bridge or edge is ready although PostgreSQL,
 * MariaDB and the MQTT broker it is configured with answer nowhere (port 1): readiness probes only the servers that
 * running modules use.
 */
@QuarkusTest
@TestProfile(EdgeReadinessTest.EmbeddedOnly.class)
class EdgeReadinessTest {

    public static class EmbeddedOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gmq.modules.comments.datasource", "embedded",
                    "gmq.modules.comments-maria.enabled", "false",
                    "gmq.modules.mqtt.enabled", "false",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/gmq",
                    "quarkus.datasource.mariadb.jdbc.url", "jdbc:mariadb://127.0.0.1:1/gmq",
                    "gmq.gateway.mqtt.port", "1", "GMQ_MQTT_EDGE_ENABLED", "false", "GMQ_KAFKA_ENABLED", "false");
        }
    }

    @Inject
    MessageBus bus;

    @Test
    void readyWithoutTheServersNoRunningModuleUses() {
        assertThat(bus.module("comments").state()).isEqualTo(ModuleState.RUNNING);
        given().baseUri(getManagementUri()).get("/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'servers' }.status", equalTo("UP"))
                .body(not(containsString("PostgreSQL")), not(containsString("MariaDB")),
                        not(containsString("MQTT broker")));
    }
}
