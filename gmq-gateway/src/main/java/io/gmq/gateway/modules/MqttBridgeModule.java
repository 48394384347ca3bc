package io.gmq.gateway.modules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * MQTT device bridge for any broker: broker topics matching {@code inbound} filters are published on the bus as
 * {@code bus-prefix + topic}; bus messages the module subscribes to go to the broker as
 * {@code mqtt-prefix + (topic without strip-prefix)}. Reconnects on its own; while disconnected, outbound messages
 * wait in the module's queue.
 */
@Dependent
@ModuleImpl("mqtt-bridge")
public class MqttBridgeModule implements GmqModule<MqttBridgeModule.Settings> {

    /** Inbound messages waiting for the bus; beyond this they are dropped (counted, logged). */
    private static final int INBOUND_BUFFER = 10_000;

    /**
     * @param host broker (default gmq.gateway.mqtt.host) @param port broker port (default gmq.gateway.mqtt.port)
     * @param inbound broker topic filters to subscribe to @param qos QoS for subscriptions and publishes (0–2)
     */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(String host, Integer port, String username, String password, String clientId,
            List<String> inbound, String busPrefix, String stripPrefix, String mqttPrefix, Integer qos,
            AliyunIotSigner.Device aliyun) {
    }

    private final Vertx vertx;
    private final GatewayConfig gateway;
    private final LongAdder inboundDropped = new LongAdder();
    private Settings settings;
    private ModuleContext context;
    private MqttClient client;
    private ThreadPoolExecutor inbound;
    private String aliyunHost;
    private volatile boolean connected;
    private volatile boolean stopping;

    public MqttBridgeModule(Vertx vertx, GatewayConfig gateway) {
        this.vertx = vertx;
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
        if (qos() < 0 || qos() > 2) {
            throw new IllegalArgumentException("key 'qos': must be 0, 1 or 2");
        }
        inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(INBOUND_BUFFER),
                Thread.ofVirtual().name("gmq-mqtt-" + context.name() + "-in").factory(), (task, pool) -> {
                    inboundDropped.increment();
                    context.log().warnf("GMQ-MQT-004 module %s: inbound buffer full, message dropped (%d so far)",
                            context.name(), inboundDropped.sum());
                });
        MqttClientOptions options = new MqttClientOptions();
        options.setClientId(config.clientId() != null ? config.clientId() : "gmq-" + context.name() + "-" + UUID.randomUUID());
        options.setCleanSession(true);
        options.setConnectTimeout(5000);
        String user = config.username() != null ? config.username() : gateway.mqtt().username().orElse(null);
        if (user != null && !user.isBlank()) {
            options.setUsername(user);
            options.setPassword(config.password() != null ? config.password() : gateway.mqtt().password().orElse(""));
        }
        if (config.aliyun() != null) {
            // Aliyun IoT device signing replaces client id, user and password, and names the broker.
            AliyunIotSigner.Credentials signed = AliyunIotSigner.sign(config.aliyun(), System.currentTimeMillis());
            options.setClientId(signed.clientId());
            options.setUsername(signed.username());
            options.setPassword(signed.password());
            options.setSsl(Boolean.TRUE.equals(config.aliyun().tls()));
            aliyunHost = signed.host();
        }
        client = MqttClient.create(vertx, options);
        client.publishHandler(this::fromBroker);
        client.closeHandler(v -> onClosed());
        connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void handle(Envelope message) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!connected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker " + address() + " unreachable for 30 s");
            }
            Thread.sleep(100);
        }
        String topic = message.topic();
        String strip = settings.stripPrefix() == null ? "" : settings.stripPrefix();
        if (topic.startsWith(strip)) {
            topic = topic.substring(strip.length());
        }
        String target = (settings.mqttPrefix() == null ? "" : settings.mqttPrefix()) + topic;
        client.publish(target, Buffer.buffer(message.payload()), MqttQoS.valueOf(qos()), false, false).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        stopping = true;
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
        if (inbound != null) {
            inbound.shutdown();
        }
    }

    private io.vertx.core.Future<Void> connect() {
        return client.connect(port(), host()).compose(ack -> {
            connected = true;
            context.log().infof("GMQ-MQT-001 module %s connected to %s", context.name(), address());
            List<String> filters = settings.inbound() == null ? List.of() : settings.inbound();
            if (filters.isEmpty()) {
                return io.vertx.core.Future.succeededFuture();
            }
            Map<String, Integer> subscriptions = new java.util.LinkedHashMap<>();
            filters.forEach(f -> subscriptions.put(f, qos()));
            return client.subscribe(subscriptions).mapEmpty();
        });
    }

    private void onClosed() {
        connected = false;
        if (stopping) {
            return;
        }
        context.log().warnf("GMQ-MQT-002 module %s lost %s; reconnecting", context.name(), address());
        vertx.setTimer(1000, id -> connect().onFailure(e -> {
            context.log().warnf("GMQ-MQT-003 module %s: reconnect to %s failed: %s", context.name(), address(),
                    e.getMessage());
            onClosed();
        }));
    }

    private void fromBroker(MqttPublishMessage message) {
        byte[] payload = message.payload().getBytes();
        String topic = (settings.busPrefix() == null ? "mqtt/" : settings.busPrefix()) + message.topicName();
        Map<String, String> headers = Map.of("mqtt-topic", message.topicName(), "mqtt-qos",
                String.valueOf(message.qosLevel().value()));
        // The bus may block (a full queue with policy block): never on the event loop, and in arrival order.
        inbound.execute(() -> {
            try {
                context.publish(topic, payload, headers);
            } catch (IllegalArgumentException e) {
                context.log().warnf("GMQ-MQT-005 module %s: %s", context.name(), e.getMessage());
            }
        });
    }

    private String host() {
        if (settings.host() != null) {
            return settings.host();
        }
        return aliyunHost != null ? aliyunHost : gateway.mqtt().host();
    }

    private int port() {
        return settings.port() != null ? settings.port() : gateway.mqtt().port();
    }

    private int qos() {
        return settings.qos() == null ? 1 : settings.qos();
    }

    private String address() {
        return host() + ":" + port();
    }
}
