package io.gmq.gateway.messaging;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.config.ShutdownDeadline;
import io.gmq.gateway.config.ShutdownOrder;
import io.gmq.gateway.module.Durations;
import io.gmq.gateway.modules.mqtt.BrokerContacts;
import io.gmq.gateway.modules.mqtt.BrokerSession;
import io.gmq.gateway.modules.mqtt.ClientOptions;
import io.gmq.gateway.modules.mqtt.OutboundWindow;
import io.gmq.gateway.modules.mqtt.SessionListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * The MQTT edge as a Reactive Messaging connector ({@code gmq-mqtt}) with the bridge's delivery guarantees: a
 * persistent session, PUBACK only once a message is acknowledged downstream, reading paused at the buffer's bound, an
 * outbound window that acknowledges each message at its PUBACK and sends again what a lost connection left
 * unacknowledged. README "MQTT edge" says why this is not the smallrye-mqtt connector.
 */
@ApplicationScoped
@Connector(MqttEdgeConnector.NAME)
public class MqttEdgeConnector implements InboundConnector, OutboundConnector {

    public static final String NAME = "gmq-mqtt";
    private static final Logger LOG = Logger.getLogger(MqttEdgeConnector.class);
    /** README "Read pause": 25, 50, 100 and 200 measured alike at QoS0 saturation (single runs of 1,000,000). */
    static final int DEFAULT_READ_PAUSE_US = 100;
    static final int MAX_READ_PAUSE_US = 5_000;

    private record Inbound(String channel, BrokerSession session, ChannelInbound flow) {
    }

    private record Outbound(String channel, BrokerSession session, OutboundWindow window) {
    }

    private final Vertx vertx;
    private final GatewayConfig gateway;
    private final BrokerContacts contacts;
    private final ShutdownDeadline deadline;
    private final MeterRegistry registry;
    private final List<Inbound> inbound = new CopyOnWriteArrayList<>();
    private final List<Outbound> outbound = new CopyOnWriteArrayList<>();
    private Context edgeContext;

    public MqttEdgeConnector(Vertx vertx, GatewayConfig gateway, ShutdownDeadline deadline, MeterRegistry registry,
            BrokerContacts contacts) {
        this.vertx = vertx;
        this.contacts = contacts;
        this.deadline = deadline;
        this.gateway = gateway;
        this.registry = registry;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        String channel = config.getValue("channel-name", String.class);
        int qos = qos(config, channel);
        Map<String, Integer> subscriptions = new LinkedHashMap<>();
        Arrays.stream(config.getValue("topic", String.class).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .forEach(t -> subscriptions.put(ClientOptions.filter(t, "channel " + channel + " topic"), qos));
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("channel " + channel + ": key 'topic' names no topic filter");
        }
        ChannelInbound[] flow = new ChannelInbound[1];
        BrokerSession session = session(config, channel, subscriptions, new SessionListener() {
            @Override
            public void connected(MqttClient client, long generation) {
            }

            @Override
            public void lost() {
            }

            @Override
            public void message(MqttPublishMessage message, long generation) {
                flow[0].received(message, generation);
            }
        });
        flow[0] = new ChannelInbound(session, channel,
                config.getOptionalValue("inbound-buffer", Integer.class).orElse(1000), gateway.queue().maxMemoryBytes());
        inbound.add(new Inbound(channel, session, flow[0]));
        registerPauses(channel, session, flow[0]);
        return Multi.createFrom().<Message<byte[]>> emitter(emitter -> {
            flow[0].attach(emitter);
            session.startRetrying();
        }, BackPressureStrategy.BUFFER);
    }

    /**
     * {@code gmq_mqtt_edge_pauses_total{channel, cause}}: read pauses (README "Read pause") and backpressure pauses (the
     * inbound buffer full), live, so that an operator or the benchmark sees whether and how often they happen.
     */
    private void registerPauses(String channel, BrokerSession session, ChannelInbound flow) {
        FunctionCounter.builder("gmq.mqtt.edge.pauses", session, BrokerSession::readPauses).tag("channel", channel)
                .tag("cause", "read").description("Pauses of an inbound MQTT channel's reading").register(registry);
        FunctionCounter.builder("gmq.mqtt.edge.pauses", flow, ChannelInbound::pauses).tag("channel", channel)
                .tag("cause", "backpressure").description("Pauses of an inbound MQTT channel's reading")
                .register(registry);
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        String channel = config.getValue("channel-name", String.class);
        MqttQoS qos = MqttQoS.valueOf(qos(config, channel));
        String defaultTopic = config.getOptionalValue("topic", String.class).orElse(null);
        OutboundWindow[] window = new OutboundWindow[1];
        BrokerSession session = session(config, channel, Map.of(), new SessionListener() {
            @Override
            public void connected(MqttClient client, long generation) {
                window[0].connected(client);
            }

            @Override
            public void lost() {
                window[0].lost();
            }

            @Override
            public void message(MqttPublishMessage message, long generation) {
            }
        });
        window[0] = new OutboundWindow(session, qos, config.getOptionalValue("inflight", Integer.class).orElse(100));
        outbound.add(new Outbound(channel, session, window[0]));
        session.startRetrying();
        OutboundWindow sending = window[0];
        // Sent at once when the window has room (on an event loop too); otherwise the rest waits for room, on the
        // caller's thread when it may wait, else on the channel's own thread (OrderedSubscriber).
        return new OrderedSubscriber(channel, message -> handOver(sending, message, defaultTopic));
    }

    /** The message is acknowledged at its PUBACK (or write, at QoS0); returns the rest when it must wait for room. */
    private static Runnable handOver(OutboundWindow window, Message<?> message, String defaultTopic) {
        String topic = message.getMetadata(OutgoingMqttMetadata.class).map(OutgoingMqttMetadata::topic)
                .orElse(defaultTopic);
        if (topic == null || topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            message.nack(new IllegalArgumentException("GMQ-MQT-012 '" + topic + "' is not an MQTT topic name"));
            return null;
        }
        byte[] payload = switch (message.getPayload()) {
            case byte[] raw -> raw;
            case null -> new byte[0];
            case Object other -> other.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        };
        CompletableFuture<Void> sent = window.trySend(topic, payload);
        if (sent != null) {
            settleAtOutcome(sent, message);
            return null;
        }
        return () -> {
            try {
                settleAtOutcome(window.send(topic, payload), message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                message.nack(e);
            }
        };
    }

    private static void settleAtOutcome(CompletableFuture<Void> sent, Message<?> message) {
        sent.whenComplete((ok, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                message.nack(failure);
            }
        });
    }

    /**
     * Graceful shutdown, first step: inbound channels stop reading and settle what they buffered (onto the bus, then
     * PUBACK), before the modules and bus channels drain; the broker keeps (and sends again) what was not taken.
     */
    void stopInbound(@Observes @Priority(ShutdownOrder.MQTT_INBOUND) ShutdownEvent event) throws Exception {
        for (Inbound in : inbound) {
            CompletableFuture<Void> paused = new CompletableFuture<>();
            in.session().context().runOnContext(v -> {
                in.session().stopReading();
                paused.complete(null);
            });
            paused.get(5, TimeUnit.SECONDS);
            in.flow().awaitEmpty(deadline.remaining().plusSeconds(1));
            in.session().stop().get(5, TimeUnit.SECONDS);
            LOG.infof("GMQ-MQT-010 channel %s stopped: %d backpressure pauses, %d read pauses, %d left unacknowledged"
                    + " with the broker", in.channel(), in.flow().pauses(), in.session().readPauses(),
                    in.flow().unsettled());
        }
        inbound.clear();
    }

    /** Last step: outbound channels get what is left of the drain deadline for their PUBACKs, then disconnect. */
    void stopOutbound(@Observes @Priority(ShutdownOrder.MQTT_OUTBOUND) ShutdownEvent event) throws Exception {
        for (Outbound out : outbound) {
            if (!out.window().awaitIdle(deadline.remaining())) {
                LOG.warnf("GMQ-MQT-008 channel %s: %d outbound messages not acknowledged by %s at stop (the bus channel"
                        + " feeding it keeps them, unless it was acknowledged upstream)", out.channel(),
                        out.window().unacknowledged(), out.session().address());
            } else {
                LOG.infof("GMQ-MQT-010 channel %s stopped: every message handed to it acknowledged by %s", out.channel(),
                        out.session().address());
            }
            out.session().stop().get(5, TimeUnit.SECONDS);
        }
        outbound.clear();
    }

    private BrokerSession session(Config config, String channel, Map<String, Integer> subscriptions,
            SessionListener listener) {
        String user = config.getOptionalValue("username", String.class).orElse(gateway.mqtt().username().orElse(null));
        String password = config.getOptionalValue("password", String.class)
                .orElse(gateway.mqtt().password().orElse(""));
        var options = ClientOptions.of(
                config.getOptionalValue("client-id", String.class)
                        .orElse("gmq-" + channel + "-" + ClientOptions.hostname()),
                config.getOptionalValue("clean-session", Boolean.class).orElse(false),
                config.getOptionalValue("inflight", Integer.class).orElse(100),
                config.getOptionalValue("keep-alive", Integer.class).orElse(30), user, password);
        String host = config.getOptionalValue("host", String.class).orElse(gateway.mqtt().host());
        int port = config.getOptionalValue("port", Integer.class).orElse(gateway.mqtt().port());
        return new BrokerSession(vertx, edgeContext(), options, host, port, subscriptions,
                Durations.parse(config.getOptionalValue("reconnect-min", String.class).orElse(null), "100ms",
                        "reconnect-min"),
                Durations.parse(config.getOptionalValue("reconnect-max", String.class).orElse(null), "10s",
                        "reconnect-max"),
                "channel " + channel, LOG, listener)
                .readPause(readPause(config, channel)).reportsTo(contacts.of(host, port));
    }

    /** The event loop sleeps this long: more than a few milliseconds would stall every connection it serves. */
    static int readPause(Config config, String channel) {
        int micros = config.getOptionalValue("read-pause-us", Integer.class).orElse(DEFAULT_READ_PAUSE_US);
        if (micros < 0 || micros > MAX_READ_PAUSE_US) {
            throw new IllegalArgumentException("channel " + channel + ": read-pause-us must be 0.." + MAX_READ_PAUSE_US
                    + " (microseconds; README \"Read pause\"), not " + micros);
        }
        return micros;
    }

    /** One event loop for every edge session: a message read by one goes out on another without changing thread. */
    private synchronized Context edgeContext() {
        if (edgeContext == null) {
            edgeContext = ((VertxInternal) vertx).createEventLoopContext();
        }
        return edgeContext;
    }

    private static int qos(Config config, String channel) {
        int qos = config.getOptionalValue("qos", Integer.class).orElse(1);
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("channel " + channel + ": qos must be 0 or 1 (README \"MQTT edge\")");
        }
        return qos;
    }
}
