package io.gmq.im.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bursts that used to exhaust logic's Redis pool: 100 connects and 100 REST calls at once each succeed or get the
 * documented retry code (1009 / HTTP 503), never a 500 or a 4003 close; and room membership changed over HTTP
 * reaches the sessions already connected (the comets keep room → local sessions).
 */
class ImConcurrencyIT extends StackTest {

    private static final int CLIENTS = 100;

    @Test
    void hundredConnectsAndHundredRestCallsAtOnceAllSucceedOrGetTheRetryCode() throws Exception {
        String room = stack.id("burst");
        api.room(room, null);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            tokens.add(Tokens.hs256(ImStack.JWT_SECRET, stack.id("burst-u" + i), Tokens.inSeconds(3600)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS);
        List<Future<WsClient>> connects = new ArrayList<>();
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String token = tokens.get(i);
            String comet = i % 2 == 0 ? "comet1" : "comet2";
            connects.add(pool.submit(() -> WsClient.connect(stack.ws(comet), token)));
            // Half the users join over HTTP, the others list rooms (the call that used to fail with 500).
            Callable<HttpResponse<String>> call = i % 2 == 0
                    ? () -> api.call("POST", "/api/v1/rooms/" + room + "/join", token, null)
                    : () -> api.call("GET", "/api/v1/rooms", token, null);
            calls.add(pool.submit(call));
        }
        List<WsClient> clients = new ArrayList<>();
        try {
            for (Future<WsClient> connect : connects) {
                clients.add(connect.get());
            }
            for (WsClient client : clients) {
                JsonNode first = client.await(f -> f.path("type").asText().matches("welcome|disconnect"),
                        Duration.ofSeconds(30));
                assertThat(first.path("type").asText()).as("first frame %s", first).isEqualTo("welcome");
            }
            List<Integer> httpJoinsToRetry = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                HttpResponse<String> response = calls.get(i).get();
                assertRetryableOrOk(response);
                if (i % 2 == 0 && response.statusCode() == 503) {
                    httpJoinsToRetry.add(i);
                }
            }
            for (int i : httpJoinsToRetry) {
                ImApi.expect(200, api.call("POST", "/api/v1/rooms/" + room + "/join", tokens.get(i), null));
            }
            // The other half joins in-band, all at once.
            List<Future<?>> joins = new ArrayList<>();
            for (int i = 1; i < CLIENTS; i += 2) {
                WsClient client = clients.get(i);
                joins.add(pool.submit(() -> joinInBand(client, room)));
            }
            for (Future<?> join : joins) {
                join.get();
            }

            clients.get(0).send(WsClient.frame("send").put("cid", "burst-1").put("kind", "room").put("room", room)
                    .put("body", "to everyone who joined"));
            for (WsClient client : clients) {
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.messages("r:" + room).size() == 1);
            }
            for (WsClient client : clients) {
                assertThat(client.ofType("disconnect")).as("no client is closed").isEmpty();
            }

            // Leaving over HTTP stops the deliveries to the sessions already connected.
            ImApi.expect(200, api.call("POST", "/api/v1/rooms/" + room + "/leave", tokens.get(2), null));
            clients.get(0).send(WsClient.frame("send").put("cid", "burst-2").put("kind", "room").put("room", room)
                    .put("body", "after one left"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> clients.get(4).messages("r:" + room).size() == 2);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> clients.get(3).messages("r:" + room).size() == 2);
            assertThat(clients.get(2).messages("r:" + room)).hasSize(1);
        } finally {
            clients.forEach(WsClient::close);
            pool.shutdownNow();
        }
    }

    private static void joinInBand(WsClient client, String room) {
        for (int attempt = 0; attempt < 5; attempt++) {
            int before = client.ofType("error").size();
            client.send(WsClient.frame("join").put("room", room));
            JsonNode answer = client.await(f -> f.path("type").asText().equals("joined")
                    || (f.path("type").asText().equals("error") && client.ofType("error").size() > before),
                    Duration.ofSeconds(30));
            if (answer.path("type").asText().equals("joined")) {
                return;
            }
            assertThat(answer.path("code").asInt()).as("join refused with %s", answer).isEqualTo(1009);
        }
        throw new AssertionError("join was refused 5 times with 1009");
    }

    private static void assertRetryableOrOk(HttpResponse<String> response) throws Exception {
        if (response.statusCode() == 200) {
            return;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(WsClient.JSON.readTree(response.body()).path("code").asInt()).isEqualTo(1009);
    }
}
