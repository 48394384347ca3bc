package io.gmq.gateway.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.gmq.gateway.modules.mqtt.BrokerSession;
import io.gmq.gateway.modules.mqtt.PayloadBytes;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Owns the way from the broker to an incoming {@code gmq-mqtt} channel: each PUBLISH is emitted on the event loop it
 * was read on, and a QoS1 one is acknowledged (PUBACK) once the channel acknowledged it (for the edge: once the bus
 * took it). A bus that takes a message without waiting acknowledges it during the emit, so neither the message nor
 * its PUBACK changes thread, and the PUBACKs of one socket read leave in one write; a bus that must wait does so on
 * the sink's own thread (see {@link OrderedSubscriber}). At {@code capacity} unsettled messages, or {@code maxBytes}
 * of their payloads, reading pauses, so the broker keeps the rest.
 */
final class ChannelInbound {

    private static final Logger LOG = Logger.getLogger(ChannelInbound.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final BrokerSession session;
    private final String channel;
    private final int capacity;
    private final long maxBytes;
    /** Received and not yet settled (PUBACK written, or left to the broker). */
    private final AtomicInteger unsettled = new AtomicInteger();
    private final AtomicLong unsettledBytes = new AtomicLong();
    private final LongAdder pauses = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile MultiEmitter<? super Message<byte[]>> emitter;
    private volatile Thread loop;

    ChannelInbound(BrokerSession session, String channel, int capacity, long maxBytes) {
        this.session = session;
        this.channel = channel;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    void attach(MultiEmitter<? super Message<byte[]>> emitter) {
        this.emitter = emitter;
    }

    /** On the session's event loop, for every PUBLISH from the broker. */
    void received(MqttPublishMessage message, long generation) {
        loop = Thread.currentThread();
        byte[] payload = PayloadBytes.received(message.payload());
        // The soft bound: what one socket read already decoded still comes in after the pause.
        int count = unsettled.incrementAndGet();
        long bytes = unsettledBytes.addAndGet(payload.length);
        if ((count >= capacity || bytes >= maxBytes) && !session.paused()) {
            pauses.increment();
            session.pause();
        }
        IncomingMqttMetadata metadata = new IncomingMqttMetadata(message.topicName(), message.qosLevel().value(),
                message.isDup());
        ChannelThreadContext.emit(emitter, Message.of(payload, Metadata.of(metadata), () -> {
            settled(message, payload.length, generation, null);
            return DONE;
        }, failure -> {
            settled(message, payload.length, generation,
                    failure == null ? new IllegalStateException("nacked") : failure);
            return DONE;
        }));
    }

    /** Waits up to {@code timeout} until every message received is settled (at stop, after reading stopped). */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unsettled.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return unsettled.get() == 0;
    }

    int unsettled() {
        return unsettled.get();
    }

    long pauses() {
        return pauses.sum();
    }

    private void settled(MqttPublishMessage message, int size, long generation, Throwable failure) {
        // Refused at stop: no PUBACK, the broker delivers it again to the next start.
        boolean acknowledge = !(failure instanceof BusRefusedException);
        if (failure != null && acknowledge) {
            // It can never be published (no topic, outside the publish list): holding it would stall the broker's
            // window for good.
            dropped.increment();
            LOG.warnf("GMQ-MQT-005 channel %s: a message from %s cannot be published (%s): acknowledged and dropped,"
                    + " %d so far", channel, message.topicName(), failure.getMessage(), dropped.sum());
        }
        if (Thread.currentThread() == loop) {
            settle(message, size, generation, acknowledge);
        } else {
            session.context().runOnContext(v -> settle(message, size, generation, acknowledge));
        }
    }

    /** On the event loop: PUBACK only on the connection the message came on (a later one gets it again anyway). */
    private void settle(MqttPublishMessage message, int size, long generation, boolean acknowledge) {
        MqttClient client = session.client();
        if (acknowledge && message.qosLevel() == MqttQoS.AT_LEAST_ONCE && client != null && client.isConnected()
                && session.generation() == generation) {
            message.ack();
        }
        long bytes = unsettledBytes.addAndGet(-size);
        if (unsettled.decrementAndGet() <= capacity / 2 && bytes <= maxBytes / 2 && session.paused()) {
            session.resume();
        }
    }
}
