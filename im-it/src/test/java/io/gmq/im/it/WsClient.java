package io.gmq.im.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A test client of a comet: keeps every frame it receives, and can stop reading to play a slow consumer.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ws-heartbeats");
        thread.setDaemon(true);
        return thread;
    });

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    private WebSocket socket;
    private ScheduledFuture<?> heartbeat;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    static WsClient connect(URI uri, String token) {
        return connect(uri, token, true);
    }

    static WsClient connect(URI uri, String token, boolean reading) {
        WsClient client = new WsClient(reading);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, client).join();
        if (reading) {
            // As a real client does: the comet closes a connection that sends nothing for its heartbeat timeout.
            client.heartbeat = HEARTBEATS.scheduleAtFixedRate(client::heartbeat, 15, 15, TimeUnit.SECONDS);
        }
        return client;
    }

    private void heartbeat() {
        try {
            send(frame("heartbeat"));
        } catch (RuntimeException e) {
            // closed meanwhile
        }
    }

    /** The HTTP status an upgrade with this Authorization header value (null: none) is refused with. */
    static int refusedStatus(URI uri, String authorization) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            builder.buildAsync(uri, new WebSocket.Listener() {
            }).join().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** One frame at a time: the JDK socket refuses a send while another is pending (heartbeats run alongside). */
    synchronized void send(ObjectNode frame) {
        socket.sendText(frame.toString(), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    synchronized void sendRaw(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** Resumes reading (a slow consumer that finally reads). */
    void readAll() {
        socket.request(Long.MAX_VALUE);
    }

    List<JsonNode> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> frames.stream().filter(match).findFirst().orElse(null), f -> f != null);
    }

    JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()), Duration.ofSeconds(15));
    }

    /** Messages of one conversation, in arrival order. */
    List<JsonNode> messages(String conversation) {
        return ofType("message").stream().filter(f -> conversation.equals(f.path("conversation").asText())).toList();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(reading ? Long.MAX_VALUE : 1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("comet sent a frame that is not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
