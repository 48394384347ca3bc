package io.gmq.gateway.modules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.module.Durations;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.gmq.gateway.modules.mqtt.BrokerContacts;
import io.gmq.gateway.modules.mqtt.BrokerSession;
import io.gmq.gateway.modules.mqtt.ClientOptions;
import io.gmq.gateway.modules.mqtt.InboundFlow;
import io.gmq.gateway.modules.mqtt.ModuleHandoff;
import io.gmq.gateway.modules.mqtt.OutboundWindow;
import io.gmq.gateway.modules.mqtt.SessionListener;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * MQTT device bridge for any broker: broker topics matching {@code inbound} filters are published on the bus as
 * {@code bus-prefix + topic}; bus messages the module subscribes to go to the broker as
 * {@code mqtt-prefix + (topic without strip-prefix)}. At QoS1 nothing is lost while the gateway runs: a persistent
 * session, PUBACK to the broker only once the bus took a message, and an outbound window that waits for PUBACKs.
 */
@Dependent
@ModuleImpl("mqtt-bridge")
public class MqttBridgeModule implements GmqModule<MqttBridgeModule.Settings> {

    /**
     * @param host broker (default gmq.gateway.mqtt.host) @param port broker port (default gmq.gateway.mqtt.port)
     * @param inbound broker topic filters to subscribe to @param qos QoS for subscriptions and publishes (0 or 1)
     * @param clientId stable client id of the persistent session (default gmq-&lt;module&gt;-&lt;host&gt;)
     * @param inflight outbound QoS1 messages awaiting PUBACK at once @param inboundBuffer messages from the broker
     *        waiting for the bus before reading pauses
     */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(String host, Integer port, String username, String password, String clientId,
            List<String> inbound, String busPrefix, String stripPrefix, String mqttPrefix, Integer qos,
            AliyunIotSigner.Device aliyun, Boolean cleanSession, Integer inflight, Integer inboundBuffer,
            Integer keepAlive, String reconnectMin, String reconnectMax, String drainTimeout) {
    }

    private final Vertx vertx;
    private final GatewayConfig gateway;
    private final BrokerContacts contacts;
    private Settings settings;
    private ModuleContext context;
    private BrokerSession session;
    private InboundFlow inbound;
    private ModuleHandoff handoff;
    private OutboundWindow outbound;
    private Duration drainTimeout;

    public MqttBridgeModule(Vertx vertx, GatewayConfig gateway, BrokerContacts contacts) {
        this.vertx = vertx;
        this.contacts = contacts;
        this.gateway = gateway;
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) throws Exception {
        this.settings = config;
        this.context = context;
        int qos = config.qos() == null ? 1 : config.qos();
        if (qos != 0 && qos != 1) {
            // vertx-mqtt answers a QoS2 PUBLISH (PUBREC) before the bridge can see it: QoS2 would promise more than
            // the bridge keeps. Subscribing at 1 takes QoS2 publishers' messages at least once.
            throw new IllegalArgumentException("key 'qos': must be 0 or 1 (1 also takes QoS 2 publishers' messages)");
        }
        int inflight = positive(config.inflight(), 100, "inflight");
        int buffer = positive(config.inboundBuffer(), 1000, "inbound-buffer");
        drainTimeout = Durations.parse(config.drainTimeout(), "10s", "drain-timeout");
        String user = config.username() != null ? config.username() : gateway.mqtt().username().orElse(null);
        MqttClientOptions options = ClientOptions.of(
                config.clientId() != null ? config.clientId() : "gmq-" + context.name() + "-" + ClientOptions.hostname(),
                Boolean.TRUE.equals(config.cleanSession()), inflight, config.keepAlive() == null ? 30 : config.keepAlive(),
                user, config.password() != null ? config.password() : gateway.mqtt().password().orElse(""));
        String host = config.host() != null ? config.host() : gateway.mqtt().host();
        if (config.aliyun() != null) {
            // Aliyun IoT device signing replaces client id, user and password, and names the broker.
            AliyunIotSigner.Credentials signed = AliyunIotSigner.sign(config.aliyun(), System.currentTimeMillis());
            options.setClientId(signed.clientId());
            options.setUsername(signed.username());
            options.setPassword(signed.password());
            options.setSsl(Boolean.TRUE.equals(config.aliyun().tls()));
            host = config.host() != null ? config.host() : signed.host();
        }
        int port = config.port() != null ? config.port() : gateway.mqtt().port();
        Map<String, Integer> subscriptions = new LinkedHashMap<>();
        // Checked here: the MQTT client would refuse a bad filter only on the wire, and every filter of the SUBSCRIBE.
        (config.inbound() == null ? List.<String> of() : config.inbound())
                .forEach(f -> subscriptions.put(ClientOptions.filter(f, "inbound"), qos));
        session = new BrokerSession(vertx, options, host, port, subscriptions,
                Durations.parse(config.reconnectMin(), "100ms", "reconnect-min"),
                Durations.parse(config.reconnectMax(), "10s", "reconnect-max"), "module " + context.name(), context.log(),
                listener()).reportsTo(contacts.of(host, port));
        handoff = new ModuleHandoff(context, config.busPrefix() == null ? "mqtt/" : config.busPrefix());
        inbound = new InboundFlow(session, context.name(), handoff, buffer);
        outbound = new OutboundWindow(session, MqttQoS.valueOf(qos), inflight);
        inbound.start();
        try {
            session.start().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            session.stop();
            inbound.stop();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("broker " + session.address() + " unreachable: " + cause.getMessage(), cause);
        }
    }

    @Override
    public void handle(Envelope message) throws Exception {
        String topic = message.topic();
        String strip = settings.stripPrefix() == null ? "" : settings.stripPrefix();
        if (topic.startsWith(strip)) {
            topic = topic.substring(strip.length());
        }
        String target = (settings.mqttPrefix() == null ? "" : settings.mqttPrefix()) + topic;
        if (target.isEmpty() || target.contains("+") || target.contains("#")) {
            // The broker would refuse it on every attempt: fail this message (counted and logged by the runtime).
            throw new IllegalArgumentException("'" + target + "' is not an MQTT topic name");
        }
        outbound.send(target, message.payload());
    }

    /**
     * Lets what is on its way finish: outbound messages get their PUBACKs, reading stops, buffered inbound messages
     * reach the bus and are acknowledged; then DISCONNECT, and the broker keeps the session for the next start.
     */
    @Override
    public void stop() throws Exception {
        if (!outbound.awaitIdle(drainTimeout)) {
            context.log().warnf("GMQ-MQT-008 module %s: %d outbound messages not acknowledged by %s at stop; lost unless"
                    + " the broker got them", context.name(), outbound.unacknowledged(), session.address());
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        session.context().runOnContext(v -> {
            session.stopReading();
            stopped.complete(null);
        });
        stopped.get(5, TimeUnit.SECONDS);
        inbound.awaitEmpty(drainTimeout);
        session.stop().get(5, TimeUnit.SECONDS);
        int left = inbound.stop();
        context.log().infof("GMQ-MQT-010 module %s stopped: %d messages onto the bus, %d bus refusals held, %d pauses,"
                + " %d left unacknowledged with the broker", context.name(), handoff.published(), handoff.refusals(),
                inbound.pauses(), left);
    }

    private SessionListener listener() {
        return new SessionListener() {
            @Override
            public void connected(MqttClient client, long generation) {
                outbound.connected(client);
            }

            @Override
            public void lost() {
                outbound.lost();
            }

            @Override
            public void message(MqttPublishMessage message, long generation) {
                inbound.received(message, generation);
            }
        };
    }

    private static int positive(Integer value, int fallback, String key) {
        int result = value == null ? fallback : value;
        if (result < 1) {
            throw new IllegalArgumentException("key '" + key + "': must be at least 1, was " + result);
        }
        return result;
    }
}
