package io.gmq.gateway.websocket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.CollectorModule;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket bridge with a real WebSocket client.
 */
@QuarkusTest
class BusWebSocketTest {

    @TestHTTPResource
    URI uri;

    @Inject
    Vertx vertx;

    @Inject
    MessageBus bus;

    /** A connected client and the frames it received. */
    private record Client(WebSocket socket, List<JsonObject> frames, CompletableFuture<Short> closed) {
        List<String> texts() {
            return frames.stream().filter(f -> f.getString("type").equals("message")).map(f -> f.getString("text")).toList();
        }

        void send(JsonObject frame) {
            socket.writeTextMessage(frame.encode());
        }
    }

    private Client connect(String module, boolean authenticated) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                .setURI("/ws/bus/" + module);
        if (authenticated) {
            options.addHeader("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("publisher:test-publisher-secret".getBytes(StandardCharsets.UTF_8)));
        }
        List<JsonObject> frames = new CopyOnWriteArrayList<>();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        // Handlers are set in the connect callback, on the connection's event loop, before any frame is read:
        // the server may close at once (unknown module).
        WebSocket socket = vertx.createHttpClient().webSocket(options).map(ws -> {
            ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
            return ws;
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Client(socket, frames, closed);
    }

    @Test
    void anUnauthenticatedUpgradeIsRefused() {
        CompletableFuture<Void> attempt = new CompletableFuture<>();
        try {
            connect("ws", false);
            attempt.complete(null);
        } catch (Exception e) {
            attempt.completeExceptionally(e);
        }
        assertThat(attempt).isCompletedExceptionally();
    }

    @Test
    void clientsGetWhatTheirFiltersMatchAndPublishWithinTheModulesList() throws Exception {
        Client client = connect("ws", true);
        client.send(new JsonObject().put("type", "subscribe").put("topics", List.of("ws/out/a/#")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.frames().isEmpty());
        bus.publish(Envelope.text("ws/out/b/1", "test", "not for you"));
        bus.publish(Envelope.text("ws/out/a/1", "test", "hello"));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().contains("hello"));
        assertThat(client.texts()).containsExactly("hello");

        client.send(new JsonObject().put("type", "publish").put("id", "p1").put("topic", "ws/in/x").put("text", "up"));
        client.send(new JsonObject().put("type", "publish").put("id", "p2").put("topic", "other/x").put("text", "no"));
        client.socket().writeTextMessage("not json");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.frames().stream()
                .filter(f -> !f.getString("type").equals("message")).count() == 4);
        assertThat(client.frames()).anySatisfy(f -> assertThat(f.getString("id")).isEqualTo("p1"))
                .anySatisfy(f -> assertThat(f.getInteger("code")).isEqualTo(BusWebSocket.NOT_ALLOWED))
                .anySatisfy(f -> assertThat(f.getInteger("code")).isEqualTo(BusWebSocket.BAD_FRAME));
        await().atMost(Duration.ofSeconds(5)).until(() -> CollectorModule.handled("ws-sink").stream()
                .anyMatch(e -> e.payloadText().equals("up") && e.source().equals("ws")));
        client.socket().close();
    }

    @Test
    void anUnknownModuleClosesTheConnection() throws Exception {
        Client client = connect("nope", true);
        assertThat(client.closed().get(5, TimeUnit.SECONDS)).isEqualTo((short) BusWebSocket.NO_SUCH_MODULE);
    }

    @Test
    void aClientThatStopsReadingIsClosedAndOthersAreUnaffected() throws Exception {
        Client slow = connect("ws", true);
        Client fast = connect("ws", true);
        for (Client c : List.of(slow, fast)) {
            c.send(new JsonObject().put("type", "subscribe").put("topics", List.of("ws/out/load")));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !slow.frames().isEmpty() && !fast.frames().isEmpty());
        slow.socket().pause();
        String big = "x".repeat(16 * 1024);
        for (int i = 0; i < 2000; i++) {
            // At the reading client's pace (at most 100 frames ahead of it, a third of max-pending), however slow
            // a loaded machine makes it: it must never be the one closed; the paused one falls ever further behind.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (i - fast.texts().size() >= 100 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            bus.publish(Envelope.text("ws/out/load", "test", big));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fast.texts().size() == 2000);
        slow.socket().resume();
        assertThat(slow.closed().get(30, TimeUnit.SECONDS)).isEqualTo((short) WebSocketBridgeModule.SLOW_CONSUMER);
        assertThat(slow.texts().size()).isLessThan(2000);
        fast.socket().close();
    }
}
