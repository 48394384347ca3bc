package io.gmq.im.comet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The operational endpoints (health, Prometheus metrics, OpenAPI, Swagger UI) answer on the management interface
 * only: the public port, and any path that walks back to /q through a public prefix, answers 404.
 */
@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void readyAndLiveOnTheManagementPort() {
        management().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsOpenApiAndSwaggerUiOnTheManagementPort() {
        management().get("/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        management().get("/openapi").then().statusCode(200).body(containsString("openapi: 3."));
        management().get("/swagger-ui/").then().statusCode(200);
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
    void nothingOfItOnThePublicPort() throws Exception {
        for (String path : new String[] { "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/" }) {
            given().get(path).then().statusCode(404);
        }
        // Dot segments, plain and percent-encoded, sent as they are: none walks back to /q.
        for (String path : new String[] { "/ws/../q/metrics", "/ws/%2e%2e/q/metrics", "/ws/%2E%2E/q/health/ready" }) {
            assertThat(rawStatus(TestHTTPResourceManager.getUri(), path)).as(path).isEqualTo(404);
        }
    }

    /** The management interface's root: its URI ends in /q, so paths here start below it. */
    static RequestSpecification management() {
        return given().baseUri(TestHTTPResourceManager.getManagementUri());
    }

    /** The status of a GET whose path is sent as given (dot segments kept, like curl --path-as-is). */
    static int rawStatus(String baseUri, String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(baseUri.replaceAll("/$", "") + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
