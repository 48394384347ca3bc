package io.gmq.im.comet;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The operational endpoints every GMQ service exposes: health, Prometheus metrics, OpenAPI.
 */
@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void readyAndLive() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void errorsAreCatalogueJson() {
        given().get("/no-such-page").then().statusCode(404).contentType("application/json").body("code", equalTo(1102))
                .body("error", equalTo("NOT_FOUND"));
        // The WebSocket upgrade with a forged token: refused by the security layer, with the same body.
        given().header("Authorization", "Bearer not.a.token").get("/ws").then().statusCode(401)
                .contentType("application/json").body("code", equalTo(1101));
    }

    @Test
    void openApiDocument() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi: 3."));
    }
}
