package io.gmq.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.bus.TopicFilter;
import io.gmq.gateway.module.PublishResult;
import io.vertx.core.buffer.Buffer;

/**
 * One outgoing {@code gmq-bus} channel: publishes each message on the bus (topic from {@link OutgoingBusMetadata},
 * else the channel's {@code topic}) under the channel's module name and acknowledges it once every subscribed queue
 * took it. A queue that refuses (full) is offered the message again with backoff, the others not, until it takes it
 * or the gateway stops (then nack with {@link BusRefusedException}, as for every message once the gateway stops); a
 * message that can never be published (no topic, outside {@code publish}) is nacked at once.
 */
final class BusChannelSink {

    private static final Logger LOG = Logger.getLogger(BusChannelSink.class);
    private static final long RETRY_MIN_MS = 20;
    private static final long RETRY_MAX_MS = 1_000;

    private final MessageBus bus;
    private final String source;
    private final Optional<String> topic;
    private final List<TopicFilter> allowed;
    private final BooleanSupplier running;
    // One log line per episode of refusals, not one per message.
    private volatile boolean refusing;
    private final java.util.concurrent.atomic.LongAdder heldBack = new java.util.concurrent.atomic.LongAdder();

    BusChannelSink(MessageBus bus, String source, Optional<String> topic, List<TopicFilter> allowed,
            BooleanSupplier running) {
        this.bus = bus;
        this.source = source;
        this.topic = topic;
        this.allowed = List.copyOf(allowed);
        this.running = running;
    }

    /**
     * Publishes one message without waiting (callable on an event loop) and acks or nacks it; if a queue would wait
     * for room or refused, returns the rest: offering it again to those queues, waiting, so the channel's order holds.
     */
    Runnable start(Message<?> message) {
        Optional<OutgoingBusMetadata> metadata = message.getMetadata(OutgoingBusMetadata.class);
        String target = metadata.map(OutgoingBusMetadata::topic).or(() -> topic).orElse(null);
        if (target == null || target.isEmpty() || target.contains("+") || target.contains("#")) {
            message.nack(new IllegalArgumentException(
                    "GMQ-BUS-001 channel of " + source + ": no topic to publish to ('" + target + "')"));
            return null;
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(f -> f.matches(target))) {
            message.nack(new IllegalArgumentException(
                    "GMQ-BUS-002 channel of " + source + ": topic " + target + " is outside its publish list"));
            return null;
        }
        if (!running.getAsBoolean()) {
            // Its channel keeps it (spill, disk queue, or the broker's redelivery): a subscriber that already left
            // the bus would be skipped, and the message acknowledged with nobody having it.
            message.nack(BusRefusedException.stopping(target));
            return null;
        }
        Map<String, String> headers = metadata.map(OutgoingBusMetadata::headers).orElse(Map.of());
        Envelope envelope = Envelope.of(target, source, headers, bytes(message.getPayload()));
        PublishResult result = bus.publishNow(envelope);
        if (result.fullyDelivered()) {
            taken();
            message.ack();
            return null;
        }
        return () -> {
            if (!running.getAsBoolean()) {
                message.nack(BusRefusedException.stopping(target));
                return;
            }
            // First where waiting is allowed (a queue with policy block waits for room up to its block timeout).
            List<String> refused = bus.offerAgain(envelope, result.rejectedBy()).rejectedBy();
            if (!refused.isEmpty()) {
                refused = retry(envelope, refused);
            }
            if (refused.isEmpty()) {
                taken();
                message.ack();
            } else {
                message.nack(new BusRefusedException(target, refused));
            }
        };
    }

    private void taken() {
        if (refusing) {
            refusing = false;
            LOG.infof("GMQ-BUS-007 channel of %s: the bus takes messages again (%d were held back and offered again)",
                    source, heldBack.sumThenReset());
        }
    }

    /** Offers the message again to the queues that refused it; returns those still refusing when the gateway stops. */
    private List<String> retry(Envelope envelope, List<String> refused) {
        heldBack.increment();
        if (!refusing) {
            refusing = true;
            LOG.warnf("GMQ-BUS-006 channel of %s: %s refused message %s on %s (queue full); holding messages back and"
                    + " offering them again (from %d ms, doubling to %d ms)", source, refused, envelope.id(),
                    envelope.topic(), RETRY_MIN_MS, RETRY_MAX_MS);
        }
        long backoff = RETRY_MIN_MS;
        List<String> pending = refused;
        try {
            while (running.getAsBoolean()) {
                TimeUnit.MILLISECONDS.sleep(backoff);
                pending = bus.offerAgain(envelope, pending).rejectedBy();
                if (pending.isEmpty()) {
                    return pending;
                }
                backoff = Math.min(backoff * 2, RETRY_MAX_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pending;
    }

    private static byte[] bytes(Object payload) {
        return switch (payload) {
            case null -> new byte[0];
            case byte[] raw -> raw;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case Buffer buffer -> buffer.getBytes();
            case io.vertx.mutiny.core.buffer.Buffer buffer -> buffer.getBytes();
            default -> payload.toString().getBytes(StandardCharsets.UTF_8);
        };
    }
}
