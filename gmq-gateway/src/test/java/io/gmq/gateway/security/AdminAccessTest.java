package io.gmq.gateway.security;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

import static io.restassured.RestAssured.given;

/**
 * Who is admin with the default configuration (no {@code gmq.gateway.users.jwt-admin-group}): the HTTP Basic user
 * {@code admin} only. A valid bearer JWT whose groups say "admin" (as the IM tiers' tokens of IM admins do) is not.
 */
@QuarkusTest
class AdminAccessTest {

    private static String token(Set<String> groups) {
        return Jwt.subject("ops").groups(groups).issuer("https://gmq.test").expiresIn(Duration.ofMinutes(5)).sign();
    }

    @Test
    void aJwtSayingAdminIsNotAnAdminByDefault() {
        String bearer = token(Set.of("admin", "user"));
        given().auth().oauth2(bearer).get("/admin/modules").then().statusCode(403);
        given().auth().oauth2(bearer).post("/admin/modules/debug/restart").then().statusCode(403);
        given().auth().oauth2(bearer).get("/status").then().statusCode(403);
        given().auth().preemptive().basic("admin", "test-admin-secret").get("/admin/modules").then().statusCode(200);
    }
}
