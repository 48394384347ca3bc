package io.gmq.gateway.websocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gmq.gateway.bus.TopicFilter;
import io.gmq.gateway.module.PublishResult;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/bus/<module>}: authenticated clients (HTTP Basic or a bearer JWT on the upgrade) of a websocket-bridge
 * module. Client frames: {@code {"type":"subscribe","topics":[...]}}, {@code {"type":"publish","id","topic","text"}}.
 * Server frames: {@code message}, {@code ack {id, code, reason}}, {@code error {code, message}}.
 */
@WebSocket(path = "/ws/bus/{module}")
@Authenticated
public class BusWebSocket {

    /** Error codes of error frames and acks (same ranges as the HTTP catalogue). */
    static final int BAD_FRAME = 4000;
    static final int NOT_ALLOWED = 4003;
    static final int NO_SUCH_MODULE = 4404;
    static final int QUEUE_FULL = 5031;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BridgeModules modules;

    public BusWebSocket(BridgeModules modules) {
        this.modules = modules;
    }

    // The connection comes as a parameter (the real one, usable from module threads), not as an injected proxy.
    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        if (module(connection) == null) {
            connection.closeAndAwait(new CloseReason(NO_SUCH_MODULE, "no websocket-bridge module "
                    + connection.pathParam("module")));
        }
    }

    @OnTextMessage
    public String onMessage(String text, WebSocketConnection connection) {
        WebSocketBridgeModule module = module(connection);
        if (module == null) {
            return error(NO_SUCH_MODULE, "the module stopped");
        }
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (Exception e) {
            return error(BAD_FRAME, "not JSON");
        }
        return switch (frame.path("type").asText()) {
            case "subscribe" -> subscribe(module, frame, connection);
            case "publish" -> publish(module, frame);
            default -> error(BAD_FRAME, "unknown frame type '" + frame.path("type").asText() + "'");
        };
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        WebSocketBridgeModule module = module(connection);
        if (module != null) {
            module.disconnect(connection);
        }
    }

    private String subscribe(WebSocketBridgeModule module, JsonNode frame, WebSocketConnection connection) {
        List<TopicFilter> filters = new ArrayList<>();
        try {
            frame.path("topics").forEach(t -> filters.add(new TopicFilter(t.asText())));
        } catch (IllegalArgumentException e) {
            return error(BAD_FRAME, e.getMessage());
        }
        module.subscribe(connection, filters);
        return JSON.createObjectNode().put("type", "subscribed").put("count", filters.size()).toString();
    }

    private String publish(WebSocketBridgeModule module, JsonNode frame) {
        String id = frame.path("id").asText("");
        String topic = frame.path("topic").asText("");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            return ack(id, BAD_FRAME, "topic must be a topic name without wildcards");
        }
        Map<String, String> headers = new HashMap<>();
        frame.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        try {
            PublishResult result = module.publish(topic, frame.path("text").asText("").getBytes(StandardCharsets.UTF_8),
                    headers);
            return result.fullyDelivered() ? ack(id, 0, "") : ack(id, QUEUE_FULL, "queue full for " + result.rejectedBy());
        } catch (IllegalArgumentException e) {
            return ack(id, NOT_ALLOWED, e.getMessage());
        }
    }

    private WebSocketBridgeModule module(WebSocketConnection connection) {
        return modules.get(connection.pathParam("module"));
    }

    private static String ack(String id, int code, String reason) {
        return JSON.createObjectNode().put("type", "ack").put("id", id).put("code", code).put("reason", reason).toString();
    }

    private static String error(int code, String message) {
        return JSON.createObjectNode().put("type", "error").put("code", code).put("message", message).toString();
    }
}
