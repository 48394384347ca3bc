package io.gmq.gateway.rest;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every error answer of the gateway's HTTP port is {@code {"code","error","message"}} from {@link GatewayError}: the
 * security layer's 401 and 403, unknown paths (not an HTML page), methods and media types, unreadable bodies.
 */
@QuarkusTest
class GatewayErrorsTest {

    @Test
    void securityRefusals() {
        error(given().get("/admin/modules"), GatewayError.UNAUTHENTICATED).header("WWW-Authenticate", startsWith("Basic"));
        error(given().auth().preemptive().basic("admin", "wrong-password").get("/admin/modules"),
                GatewayError.UNAUTHENTICATED);
        error(given().auth().oauth2("not.a.token").get("/admin/modules"), GatewayError.UNAUTHENTICATED);
        String bearer = Jwt.subject("ops").groups(Set.of("user")).issuer("https://gmq.test")
                .expiresIn(Duration.ofMinutes(5)).sign();
        error(given().auth().oauth2(bearer).get("/admin/modules"), GatewayError.FORBIDDEN);
        error(publisher().get("/status"), GatewayError.FORBIDDEN);
    }

    @Test
    void protocolRefusals() {
        error(admin().get("/no-such-page"), GatewayError.NOT_FOUND);
        error(given().get("/no-such-page"), GatewayError.NOT_FOUND);
        error(admin().get("/admin/modules/debug/no-such-action"), GatewayError.NOT_FOUND);
        error(admin().delete("/admin/modules"), GatewayError.METHOD_NOT_ALLOWED);
        error(admin().contentType("application/json").body("\"DEBUG\"").put("/admin/modules/debug/log-level"),
                GatewayError.UNSUPPORTED_MEDIA_TYPE);
        error(admin().accept("application/xml").get("/admin/modules"), GatewayError.NOT_ACCEPTABLE);
        error(publisher().contentType("application/octet-stream").body(new byte[0]).post("/api/v1/publish"),
                GatewayError.INVALID_TOPIC);
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-secret");
    }

    private static RequestSpecification publisher() {
        return given().auth().preemptive().basic("publisher", "test-publisher-secret");
    }

    private static ValidatableResponse error(Response response, GatewayError expected) {
        return response.then().statusCode(expected.response("").getStatus()).contentType("application/json")
                .body("code", equalTo(expected.code())).body("error", equalTo(expected.name()))
                .body("message", not(emptyOrNullString()));
    }
}
