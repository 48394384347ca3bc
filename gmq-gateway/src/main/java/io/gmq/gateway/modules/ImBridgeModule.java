package io.gmq.gateway.modules;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.Durations;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.gmq.gateway.modules.imbridge.CommandRelay;
import io.gmq.gateway.modules.imbridge.DeviceRoutes;
import io.gmq.gateway.modules.imbridge.ImBridgeCursors;
import io.gmq.gateway.modules.imbridge.ImConnection;
import io.gmq.gateway.modules.imbridge.RoomSender;
import io.gmq.gateway.modules.imbridge.RouteSettings;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * IM bridge: device messages the module subscribes to appear in IM rooms as messages from a bot user, and room
 * messages such as {@code /cmd d1 on} go to the device's command topic on the bus (where the mqtt-bridge takes them
 * to the broker). The bot is an ordinary IM user: it logs in at im-logic and holds one WebSocket to im-comet, so logic
 * authorizes and de-duplicates its sends like anyone else's.
 */
@Dependent
@ModuleImpl("im-bridge")
public class ImBridgeModule implements GmqModule<ImBridgeModule.Settings> {

    /**
     * @param cometUrl the comet's WebSocket @param logicUrl where the bot logs in @param user the bot user
     * @param password the bot's password (a fresh token per connection) @param token or a fixed token instead
     * @param routes device topic filters → room @param commandTopic bus topic of a command, with {device} and {room};
     *        unset: rooms are not relayed to devices @param commandUsers who may command (empty: any room member)
     */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(String cometUrl, String logicUrl, String user, String password, String token,
            List<RouteSettings> routes, String format, String commandPrefix, String commandTopic,
            List<String> commandUsers, Integer commandBuffer, String timeout, String retryMin, String retryMax,
            String reconnectMin, String reconnectMax, String drainTimeout) {
    }

    private final ImBridgeCursors cursors;
    private ModuleContext context;
    private String user;
    private HttpClient http;
    private CommandRelay relay;
    private ImConnection connection;
    private RoomSender sender;
    private Duration drainTimeout;

    public ImBridgeModule(ImBridgeCursors cursors) {
        this.cursors = cursors;
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) {
        this.context = context;
        this.user = required(config.user(), "user");
        boolean password = config.password() != null && !config.password().isEmpty();
        if (!password && (config.token() == null || config.token().isEmpty())) {
            // No shortcut around the IM's own authentication: the bot proves who it is like any client.
            throw new IllegalArgumentException("key 'password' (or 'token') is required: the bot logs in as '" + user
                    + "' like any IM client");
        }
        URI comet = URI.create(config.cometUrl() == null ? "ws://127.0.0.1:8081/ws" : config.cometUrl());
        if (!"ws".equals(comet.getScheme()) && !"wss".equals(comet.getScheme())) {
            throw new IllegalArgumentException("key 'comet-url': '" + comet + "' is not a ws:// or wss:// URL");
        }
        DeviceRoutes routes = DeviceRoutes.of(config.routes(), config.format());
        String commandTopic = config.commandTopic();
        if (commandTopic != null && !commandTopic.contains("{device}")) {
            throw new IllegalArgumentException("key 'command-topic': '" + commandTopic + "' needs {device}");
        }
        String prefix = config.commandPrefix() == null ? "/cmd" : config.commandPrefix();
        int buffer = config.commandBuffer() == null ? 1000 : config.commandBuffer();
        if (buffer < 1 || prefix.isBlank()) {
            throw new IllegalArgumentException("keys 'command-buffer' (≥ 1) and 'command-prefix' (not blank)");
        }
        Duration timeout = Durations.parse(config.timeout(), "10s", "timeout");
        drainTimeout = Durations.parse(config.drainTimeout(), "5s", "drain-timeout");
        Map<String, Long> positions = new LinkedHashMap<>();
        for (String room : routes.rooms()) {
            long seq = cursors.get(context.name(), user, room);
            if (seq >= 0) {
                positions.put(room, seq);
            }
        }
        relay = new CommandRelay(new CommandRelay.Rules(user, prefix, commandTopic,
                Set.copyOf(config.commandUsers() == null ? List.of() : config.commandUsers()), buffer), context,
                positions);
        http = HttpClient.newBuilder().connectTimeout(timeout).build();
        connection = ImConnection.create(http, comet, config.logicUrl() == null ? "http://127.0.0.1:8082"
                : config.logicUrl(), user, password ? config.password() : null, config.token(), routes.rooms(), relay,
                Durations.parse(config.reconnectMin(), "200ms", "reconnect-min"),
                Durations.parse(config.reconnectMax(), "10s", "reconnect-max"), timeout, context);
        sender = new RoomSender(connection, routes, Durations.parse(config.retryMin(), "200ms", "retry-min"),
                Durations.parse(config.retryMax(), "5s", "retry-max"), context);
        relay.start();
        connection.start();
    }

    @Override
    public void handle(Envelope message) throws Exception {
        sender.deliver(message);
    }

    /** Relays the commands already received (up to drain-timeout) and remembers where each room stands. */
    @Override
    public void stop() throws Exception {
        int left = relay.stop(drainTimeout);
        relay.positions().forEach((room, seq) -> cursors.put(context.name(), user, room, seq));
        connection.stop();
        http.shutdownNow();
        context.log().infof("GMQ-IMB-015 module %s stopped: %s; %s; %d room messages left for the next start to"
                + " recover", context.name(), sender.summary(), relay.summary(), left);
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("key '" + key + "' is required");
        }
        return value;
    }
}
