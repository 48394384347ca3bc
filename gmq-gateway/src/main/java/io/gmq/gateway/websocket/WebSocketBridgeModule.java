package io.gmq.gateway.websocket;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.Dependent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.TopicFilter;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.gmq.gateway.module.PublishResult;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * WebSocket bridge: the messages this module subscribes to go to the clients connected at
 * {@code /ws/bus/<module>} whose own filters match; clients publish as this module (within its publish list). A
 * client that falls {@code max-pending} frames behind is closed with code 4008 (reconnect).
 */
@Dependent
@ModuleImpl("websocket-bridge")
public class WebSocketBridgeModule implements GmqModule<WebSocketBridgeModule.Settings> {

    /** Close code for a client too slow to keep up: reconnect (and catch up from elsewhere). */
    public static final int SLOW_CONSUMER = 4008;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param maxPending frames a client may have unsent before it is closed (default 1000) */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(Integer maxPending) {
    }

    /** One connected client: its filters and how many frames are on their way to it. */
    private record Client(WebSocketConnection connection, List<TopicFilter> filters, AtomicInteger pending) {
    }

    private final BridgeModules registry;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private ModuleContext context;
    private int maxPending;

    public WebSocketBridgeModule(BridgeModules registry) {
        this.registry = registry;
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) {
        this.context = context;
        this.maxPending = config.maxPending() == null ? 1000 : config.maxPending();
        registry.register(context.name(), this);
    }

    @Override
    public void handle(Envelope message) throws Exception {
        String frame = null;
        for (Client client : clients.values()) {
            if (client.filters().stream().noneMatch(f -> f.matches(message.topic()))) {
                continue;
            }
            if (client.pending().incrementAndGet() > maxPending) {
                clients.remove(client.connection().id());
                client.connection().close(new CloseReason(SLOW_CONSUMER, "slow consumer: reconnect")).subscribe()
                        .with(ok -> {
                        }, failure -> {
                        });
                context.log().warnf("GMQ-WSB-001 module %s: client %s fell %d frames behind; closed (4008)",
                        context.name(), client.connection().id(), maxPending);
                continue;
            }
            frame = frame != null ? frame : frame(message);
            client.connection().sendText(frame).subscribe().with(ok -> client.pending().decrementAndGet(),
                    failure -> client.pending().decrementAndGet());
        }
    }

    @Override
    public void stop() {
        registry.unregister(context.name(), this);
        clients.values().forEach(c -> c.connection().close(new CloseReason(1012, "module restarting")).subscribe()
                .with(ok -> {
                }, failure -> {
                }));
        clients.clear();
    }

    void subscribe(WebSocketConnection connection, List<TopicFilter> filters) {
        clients.put(connection.id(), new Client(connection, List.copyOf(filters), new AtomicInteger()));
    }

    void disconnect(WebSocketConnection connection) {
        clients.remove(connection.id());
    }

    PublishResult publish(String topic, byte[] payload, Map<String, String> headers) {
        return context.publish(topic, payload, headers);
    }

    private static String frame(Envelope message) {
        ObjectNode frame = JSON.createObjectNode().put("type", "message").put("id", message.id())
                .put("topic", message.topic()).put("source", message.source()).put("timestamp", message.timestamp());
        frame.set("headers", JSON.valueToTree(message.headers()));
        String text = message.payloadTextOrNull();
        if (text != null) {
            frame.put("text", text);
        } else {
            frame.put("payload", Base64.getEncoder().encodeToString(message.payload()));
        }
        return frame.toString();
    }
}
