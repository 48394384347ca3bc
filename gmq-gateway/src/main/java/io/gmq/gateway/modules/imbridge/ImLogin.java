package io.gmq.gateway.modules.imbridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bot's credential towards the IM: with a password, a token from im-logic's {@code POST /api/v1/login} fetched
 * afresh for every connection (so the token's expiry never strands the bridge); otherwise the fixed token from
 * configuration.
 */
final class ImLogin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI login;
    private final String user;
    private final String password;
    private final String token;

    ImLogin(HttpClient http, String logicUrl, String user, String password, String token) {
        this.http = http;
        this.login = logicUrl == null ? null : URI.create(logicUrl.replaceAll("/+$", "") + "/api/v1/login");
        this.user = user;
        this.password = password;
        this.token = token;
    }

    /** A token for the bot user; throws with the reason when logic refuses or cannot be reached. */
    String token() throws IOException, InterruptedException {
        if (password == null || password.isEmpty()) {
            return token;
        }
        String body = JSON.createObjectNode().put("user", user).put("password", password).toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            // The body is logic's {"code","error","message"}: never the password.
            throw new IOException("login as " + user + " at " + login + " refused: HTTP " + response.statusCode() + " "
                    + response.body());
        }
        JsonNode answer = JSON.readTree(response.body());
        String issued = answer.path("token").asText("");
        if (issued.isEmpty()) {
            throw new IOException("login at " + login + " answered without a token");
        }
        return issued;
    }
}
