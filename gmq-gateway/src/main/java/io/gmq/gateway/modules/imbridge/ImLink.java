package io.gmq.gateway.modules.imbridge;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One WebSocket connection to a comet: reads frames one at a time (the next is requested only after the previous
 * was handed on, so a bridge that cannot keep up slows the socket instead of buffering), writes one frame at a time,
 * and pairs each request frame with its answer by {@code cid}. Knows why it closed.
 */
final class ImLink implements WebSocket.Listener {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The IM is not reachable now, or did not answer in time: worth trying again. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    final CompletableFuture<JsonNode> welcome = new CompletableFuture<>();
    /** Completes with the reason the connection ended. */
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final BiConsumer<ImLink, JsonNode> frames;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile int closeCode;
    private volatile String disconnect = "";

    /** @param frames every frame that is not an answer to a request (on the socket's thread, one at a time) */
    ImLink(BiConsumer<ImLink, JsonNode> frames) {
        this.frames = frames;
    }

    /** Sends {@code frame} with {@code cid} and waits for the frame that answers it (ack, joined, or error). */
    JsonNode call(String cid, ObjectNode frame, Duration timeout) throws Unavailable, InterruptedException {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(cid, answer);
        try {
            if (closed.isDone()) {
                throw new Unavailable("connection lost: " + closed.getNow(""));
            }
            send(frame.put("cid", cid), timeout);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Unavailable(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new Unavailable("no answer from the comet within " + timeout);
        } finally {
            pending.remove(cid, answer);
        }
    }

    /** The JDK socket takes one frame at a time: heartbeats and requests from two threads take turns. */
    synchronized void send(ObjectNode frame, Duration timeout) throws Unavailable, InterruptedException {
        try {
            socket.sendText(frame.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Unavailable("sending to the comet failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new Unavailable("the comet did not take a frame within " + timeout);
        }
    }

    /** Ends the connection: a close frame when {@code graceful}, else at once; pending requests fail. */
    void close(String reason, boolean graceful) {
        WebSocket current = socket;
        if (current != null && graceful && !closed.isDone()) {
            try {
                current.sendClose(WebSocket.NORMAL_CLOSURE, reason).orTimeout(2, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join();
            } catch (RuntimeException e) {
                // A frame still being written: the abort below ends the connection anyway.
            }
        }
        if (current != null) {
            current.abort();
        }
        ended(reason);
    }

    /** The close code the comet sent (0 when the connection broke without one). */
    int closeCode() {
        return closeCode;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                dispatch(JSON.readTree(text));
            } catch (Exception e) {
                close("the comet sent a frame the bridge cannot read: " + e.getMessage(), false);
                return null;
            }
        }
        webSocket.request(1);
        return null;
    }

    private void dispatch(JsonNode frame) {
        String type = frame.path("type").asText("");
        CompletableFuture<JsonNode> answer = switch (type) {
            case "ack" -> pending.remove(frame.path("cid").asText(""));
            case "error" -> pending.remove(frame.path("ref").asText(""));
            case "joined" -> pending.remove(ImConnection.JOIN + frame.path("room").asText(""));
            default -> null;
        };
        if (answer != null) {
            answer.complete(frame);
            return;
        }
        switch (type) {
            case "welcome" -> welcome.complete(frame);
            case "disconnect" -> disconnect = " (" + frame.path("reason").asText("") + ")";
            default -> frames.accept(this, frame);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        ended("closed by the comet with " + statusCode + " " + reason + disconnect);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended("connection failed: " + error);
    }

    private void ended(String reason) {
        closed.complete(reason);
        welcome.completeExceptionally(new IllegalStateException(reason));
        pending.values().forEach(p -> p.completeExceptionally(new IllegalStateException("connection lost: " + reason)));
    }
}
