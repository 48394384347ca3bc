package io.gmq.im.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The admin calls a run needs before the load starts, over logic's REST API: log in as admin, create the rooms and
 * the users (peer recipients must exist), a few at a time.
 */
final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI logic;
    private final String token;

    AdminApi(URI logic, String adminPassword) throws Exception {
        this.logic = logic;
        String body = JSON.writeValueAsString(java.util.Map.of("user", "admin", "password", adminPassword));
        HttpResponse<String> login = post("/api/v1/login", body, null);
        if (login.statusCode() != 200) {
            throw new IllegalStateException("admin login refused: HTTP " + login.statusCode() + " " + login.body());
        }
        this.token = JSON.readTree(login.body()).path("token").asText();
    }

    void createRooms(List<String> rooms) throws Exception {
        each(rooms, room -> "{\"id\":\"" + room + "\",\"title\":\"" + room + "\"}", "/api/v1/rooms");
    }

    void createUsers(List<String> users, String password) throws Exception {
        each(users, user -> "{\"user\":\"" + user + "\",\"password\":\"" + password + "\",\"admin\":false}",
                "/api/v1/users");
    }

    private void each(List<String> ids, Function<String, String> body, String path) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<HttpResponse<String>>> calls = ids.stream()
                    .map(id -> pool.submit(() -> post(path, body.apply(id), token))).toList();
            for (int i = 0; i < calls.size(); i++) {
                HttpResponse<String> response = calls.get(i).get();
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException(
                            "POST " + path + " " + ids.get(i) + ": HTTP " + response.statusCode() + " " + response.body());
                }
            }
        }
    }

    private HttpResponse<String> post(String path, String body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(logic.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
