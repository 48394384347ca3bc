package io.gmq.im.logic.rest;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every error answer of the HTTP API is {@code {"code","error","message"}} from ImCode with its status: Bean
 * Validation at the schema's limits (never the database's "value too long" as a 500), Jackson's parse errors, the
 * security layer's 401 and 403, unknown paths, methods and media types.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class RestErrorsTest {

    static String adminToken;
    static String userToken;

    @BeforeEach
    void tokens() {
        if (adminToken == null) {
            adminToken = ImHttp.login("admin", "test-admin-password");
            String user = "errors-" + UUID.randomUUID().toString().substring(0, 8);
            given().auth().oauth2(adminToken).contentType("application/json")
                    .body("{\"user\":\"" + user + "\",\"password\":\"password-1\"}").post("/api/v1/users").then()
                    .statusCode(201);
            userToken = ImHttp.login(user, "password-1");
        }
    }

    @Test
    void nullBodiesAre400() {
        error(json().body("null").post("/api/v1/register"), 400, 1004).body("message", containsString("body"));
        error(admin().body("null").post("/api/v1/users"), 400, 1004);
        error(json().body("null").post("/api/v1/login"), 400, 1004);
        error(user().body("null").post("/api/v1/messages"), 400, 1004);
        error(user().body("null").post("/api/v1/groups"), 400, 1004);
    }

    @Test
    void roomsAtTheSchemaLimits() {
        error(admin().body("{}").post("/api/v1/rooms"), 400, 1004).body("message", equalTo("id: must not be null"));
        error(admin().body("{\"id\":\"" + "r".repeat(65) + "\"}").post("/api/v1/rooms"), 400, 1004)
                .body("message", startsWith("id: must be 1-64"));
        error(admin().body("{\"id\":\"" + id() + "\",\"title\":\"" + "t".repeat(300) + "\"}").post("/api/v1/rooms"), 400,
                1004).body("message", startsWith("title: size must be between 0 and 200"));
        error(admin().body("{\"id\":\"" + id() + "\",\"group\":\"no spaces\"}").post("/api/v1/rooms"), 400, 1004);
        error(user().post("/api/v1/rooms/" + "r".repeat(65) + "/join"), 400, 1004).body("message",
                startsWith("id: must be 1-64"));
        // At the limits: accepted.
        admin().body("{\"id\":\"" + "r".repeat(56) + id() + "\",\"title\":\"" + "t".repeat(200) + "\"}")
                .post("/api/v1/rooms").then().statusCode(201);
    }

    @Test
    void groupsAtTheSchemaLimits() {
        error(user().body("{\"id\":\"" + id() + "\",\"title\":\"" + "t".repeat(300) + "\"}").post("/api/v1/groups"), 400,
                1004).body("message", startsWith("title: size"));
        error(user().body("{\"id\":\"" + id() + "\",\"members\":[null]}").post("/api/v1/groups"), 400, 1004)
                .body("message", startsWith("members[0]: must not be null"));
        error(user().body("null").post("/api/v1/groups/g/members"), 400, 1004);
        error(user().body("{\"cid\":\"c\",\"kind\":\"multicast\",\"to\":[null],\"body\":\"x\"}").post("/api/v1/messages"),
                400, 1004).body("message", startsWith("to[0]"));
    }

    @Test
    void unreadableBodiesAre400() {
        error(admin().body("{").post("/api/v1/rooms"), 400, 1004).body("message", startsWith("the body is not valid JSON"));
        error(admin().body("{\"id\":{\"nested\":1}}").post("/api/v1/rooms"), 400, 1004);
        error(user().body("{\"to\":\"not-a-list\"}").post("/api/v1/messages"), 400, 1004);
        error(user().body("[1,2]").post("/api/v1/groups"), 400, 1004);
    }

    @Test
    void securityRefusals() {
        error(given().get("/api/v1/rooms"), 401, 1101).header("WWW-Authenticate", startsWith("Bearer"));
        error(given().auth().oauth2("not.a.token").get("/api/v1/rooms"), 401, 1101);
        error(json().body("{\"user\":\"admin\",\"password\":\"wrong-password\"}").post("/api/v1/login"), 401, 1101);
        error(user().body("{\"id\":\"" + id() + "\"}").post("/api/v1/rooms"), 403, 1005);
    }

    @Test
    void protocolRefusals() {
        error(user().get("/api/v1/no-such-thing"), 404, 1102);
        error(given().get("/no-such-page"), 404, 1102);
        error(user().delete("/api/v1/rooms"), 405, 1103);
        error(given().auth().oauth2(adminToken).contentType("text/plain").body("x").post("/api/v1/rooms"), 415, 1104);
        error(user().accept("application/xml").get("/api/v1/rooms"), 406, 1105);
    }

    private static ValidatableResponse error(io.restassured.response.Response response, int status, int code) {
        return ImHttp.error(response, status, code);
    }

    private static RequestSpecification json() {
        return given().contentType("application/json");
    }

    private static RequestSpecification admin() {
        return json().auth().oauth2(adminToken);
    }

    private static RequestSpecification user() {
        return json().auth().oauth2(userToken);
    }

    private static String id() {
        return "e-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
