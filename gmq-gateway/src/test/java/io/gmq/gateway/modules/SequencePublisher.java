package io.gmq.gateway.modules;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.gmq.servers.Endpoint;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

/**
 * Test device: publishes the payloads 0 … count−1 at QoS1 as fast as the broker acknowledges them (100 awaiting
 * PUBACK at a time), reconnects when the broker goes away and sends again what it had not acknowledged. Done when
 * the broker acknowledged every number once.
 */
final class SequencePublisher {

    private static final int WINDOW = 100;

    private final Vertx vertx;
    private final Context context;
    private final Endpoint broker;
    private final String topic;
    private final int count;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    // All below only on the context's event loop.
    private final Map<Integer, Integer> inflight = new LinkedHashMap<>();
    private final Set<Integer> earlyAcks = new HashSet<>();
    private final ArrayDeque<Integer> again = new ArrayDeque<>();
    private MqttClient client;
    private int next;
    private int writing;
    private boolean backingOff;
    private int acknowledged;
    private boolean closed;
    private volatile int reconnects;

    SequencePublisher(Vertx vertx, Endpoint broker, String topic, int count) {
        this.vertx = vertx;
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        this.broker = broker;
        this.topic = topic;
        this.count = count;
    }

    /** Completes when every number has been acknowledged by the broker. */
    CompletableFuture<Void> start() {
        context.runOnContext(v -> connect());
        return done;
    }

    int reconnects() {
        return reconnects;
    }

    void close() {
        context.runOnContext(v -> {
            closed = true;
            if (client != null) {
                client.disconnect();
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        MqttClient next = MqttClient.create(vertx,
                new MqttClientOptions().setClientId("gmq-test-publisher").setMaxInflightQueue(WINDOW)
                        // Netty 4.1.133 decoder bug under bursts: see MqttBridgeModule.
                        .setMaxMessageSize(Integer.MAX_VALUE));
        next.publishCompletionHandler(id -> acknowledged(next, id));
        next.closeHandler(v -> {
            if (client == next) {
                client = null;
                again.addAll(inflight.values());
                inflight.clear();
                earlyAcks.clear();
                reconnects++;
                vertx.setTimer(200, id -> connect());
            }
        });
        next.connect(broker.port(), broker.host()).onComplete(ar -> {
            if (ar.succeeded()) {
                client = next;
                fill();
            } else {
                vertx.setTimer(200, id -> connect());
            }
        });
    }

    private void fill() {
        while (client != null && !backingOff && inflight.size() + writing < WINDOW
                && (!again.isEmpty() || next < count)) {
            int sequence = again.isEmpty() ? next++ : again.poll();
            MqttClient on = client;
            writing++;
            on.publish(topic, Buffer.buffer(Integer.toString(sequence)), MqttQoS.AT_LEAST_ONCE, false, false)
                    .onComplete(ar -> {
                        writing--;
                        if (ar.failed() && !backingOff) {
                            // A client going away fails publishes at once, on this stack: retry after a pause, not
                            // recursively (that overflowed the stack under CPU load).
                            again.add(sequence);
                            backingOff = true;
                            vertx.setTimer(50, id -> {
                                backingOff = false;
                                fill();
                            });
                            return;
                        } else if (ar.failed() || on != client) {
                            again.add(sequence);
                        } else if (earlyAcks.remove(ar.result())) {
                            acknowledgedOne();
                        } else {
                            inflight.put(ar.result(), sequence);
                        }
                        fill();
                    });
        }
    }

    private void acknowledged(MqttClient on, int packetId) {
        if (on != client) {
            return;
        }
        if (inflight.remove(packetId) != null) {
            acknowledgedOne();
            fill();
        } else {
            earlyAcks.add(packetId);
        }
    }

    private void acknowledgedOne() {
        if (++acknowledged == count) {
            done.complete(null);
        }
    }
}
