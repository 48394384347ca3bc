package io.gmq.im.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logic's HTTP API as the tests use it: login, users, rooms, groups, sends and the admin push API.
 */
final class ImApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ImStack stack;
    final String adminToken;

    ImApi(ImStack stack) throws Exception {
        this.stack = stack;
        this.adminToken = login("admin", ImStack.ADMIN_PASSWORD);
    }

    String login(String user, String password) throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/login", null,
                WsClient.JSON.createObjectNode().put("user", user).put("password", password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WsClient.JSON.readTree(response.body()).path("token").asText();
    }

    /** Creates a user (as admin) and returns its token. */
    String user(String id) throws Exception {
        expect(201, call("POST", "/api/v1/users", adminToken, WsClient.JSON.createObjectNode().put("user", id)
                .put("password", "password-" + id)));
        return login(id, "password-" + id);
    }

    void room(String id, String group) throws Exception {
        ObjectNode body = WsClient.JSON.createObjectNode().put("id", id).put("title", id);
        if (group != null) {
            body.put("group", group);
        }
        expect(201, call("POST", "/api/v1/rooms", adminToken, body));
    }

    void group(String token, String id, List<String> members) throws Exception {
        ObjectNode body = WsClient.JSON.createObjectNode().put("id", id);
        members.forEach(body.putArray("members")::add);
        expect(201, call("POST", "/api/v1/groups", token, body));
    }

    void join(String token, String room) throws Exception {
        expect(200, call("POST", "/api/v1/rooms/" + room + "/join", token, null));
    }

    HttpResponse<String> call(String method, String path, String token, JsonNode body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.http("logic", path).toString()))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }
}
