package io.gmq.im.logic.rest;

import java.util.Arrays;

import io.gmq.im.common.ImCode;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * What the REST tests share: a login, and the one error shape every refusal must have.
 */
final class ImHttp {

    private ImHttp() {
    }

    static String login(String user, String password) {
        return given().contentType("application/json")
                .body("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}").post("/api/v1/login").then()
                .statusCode(200).extract().path("token");
    }

    /** The answer has this status and the body {@code {"code","error","message"}} with this catalogue code. */
    static ValidatableResponse error(Response response, int status, int code) {
        ImCode expected = ImCode.of(code);
        return response.then().statusCode(status).contentType("application/json").body("code", equalTo(code))
                .body("error", equalTo(expected.name())).body("message", not(emptyOrNullString()));
    }

    /** Any catalogue error: a known code, its name, a message. */
    static boolean isCatalogueError(io.restassured.path.json.JsonPath body) {
        Object code = body.get("code");
        return code instanceof Integer c && Arrays.stream(ImCode.values()).anyMatch(k -> k.code() == c)
                && ImCode.of(c).name().equals(body.get("error")) && body.get("message") instanceof String;
    }
}
