package io.gmq.gateway.modules;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import io.gmq.servers.Endpoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

/**
 * Test application on the broker's side: a persistent session (clean session off) subscribed at QoS1 that counts the
 * sequence numbers it receives, reconnecting when the broker goes away, so the broker keeps its messages meanwhile.
 */
final class SequenceSubscriber {

    private final Vertx vertx;
    private final Context context;
    private final Endpoint broker;
    private final String filter;
    private final AtomicIntegerArray seen;
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private MqttClient client;
    private boolean closed;

    SequenceSubscriber(Vertx vertx, Endpoint broker, String filter, int count) {
        this.vertx = vertx;
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        this.broker = broker;
        this.filter = filter;
        this.seen = new AtomicIntegerArray(count);
    }

    /** Completes once the first subscription is acknowledged. */
    CompletableFuture<Void> start() {
        context.runOnContext(v -> connect());
        return subscribed;
    }

    long distinct() {
        return distinct.get();
    }

    long duplicates() {
        return total.get() - distinct.get();
    }

    /** The numbers below {@code count} not received, at most 10, for the failure message. */
    String missing() {
        StringBuilder out = new StringBuilder();
        for (int i = 0, found = 0; i < seen.length() && found < 10; i++) {
            if (seen.get(i) == 0) {
                out.append(i).append(' ');
                found++;
            }
        }
        return out.toString().strip();
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
                new MqttClientOptions().setClientId("gmq-test-subscriber").setCleanSession(false)
                        // Netty 4.1.133 decoder bug under bursts: see MqttBridgeModule.
                        .setMaxMessageSize(Integer.MAX_VALUE));
        next.exceptionHandler(e -> System.out.println("test subscriber: " + e));
        next.publishHandler(message -> {
            total.incrementAndGet();
            if (seen.getAndIncrement(Integer.parseInt(message.payload().toString().strip())) == 0) {
                distinct.incrementAndGet();
            }
        });
        next.subscribeCompletionHandler(ack -> subscribed.complete(null));
        next.closeHandler(v -> {
            if (client == next) {
                client = null;
                vertx.setTimer(200, id -> connect());
            }
        });
        next.connect(broker.port(), broker.host()).onComplete(ar -> {
            if (ar.failed()) {
                vertx.setTimer(200, id -> connect());
                return;
            }
            client = next;
            if (!ar.result().isSessionPresent()) {
                next.subscribe(filter, 1);
            }
        });
    }
}
