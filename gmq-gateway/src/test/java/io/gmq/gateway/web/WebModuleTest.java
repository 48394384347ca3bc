package io.gmq.gateway.web;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/**
 * Static files, the Qute status page, uploads and CORS, as configured in the test profile.
 */
@QuarkusTest
class WebModuleTest {

    private static RequestSpecification publisher() {
        return given().auth().preemptive().basic("publisher", "test-publisher-secret");
    }

    @Test
    void staticFilesAreServedAndCannotEscapeTheirDirectory() throws Exception {
        Files.createDirectories(Path.of("target/web-static"));
        Files.writeString(Path.of("target/web-static/hello.txt"), "hello static");
        given().get("/static/hello.txt").then().statusCode(200).body(equalTo("hello static"));
        given().urlEncodingEnabled(false).get("/static/..%2F..%2Fpom.xml").then().statusCode(404);
        given().get("/static/").then().statusCode(404);
    }

    @Test
    void theStatusPageIsATemplateForAdminsOnly() {
        given().auth().preemptive().basic("admin", "test-admin-secret").get("/status").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("<td>collector-a</td>"))
                .body(containsString("unknown key &#39;colour&#39;"));
        publisher().get("/status").then().statusCode(403);
        given().get("/status").then().statusCode(401);
    }

    @Test
    void uploadsGetGeneratedNamesAndASizeLimit() throws Exception {
        String path = publisher().multiPart("file", "../../evil.SH", "echo hi".getBytes()).post("/api/v1/uploads").then()
                .statusCode(201).body("size", equalTo(7))
                .body("path", matchesPattern("\\d{4}/\\d{2}/\\d{2}/[0-9A-Z]{26}\\.sh")).extract().path("path");
        assertThat(Files.readString(Path.of("target/gateway-data/uploads").resolve(path))).isEqualTo("echo hi");
        publisher().multiPart("file", "big.bin", new byte[2048]).post("/api/v1/uploads").then().statusCode(413)
                .body("code", equalTo(4131));
        given().multiPart("file", "x.txt", "x".getBytes()).post("/api/v1/uploads").then().statusCode(401);
    }

    @Test
    void corsAllowsOnlyTheConfiguredOrigins() {
        given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/publish").then().header("Access-Control-Allow-Origin", "https://app.example");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/publish").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
