package io.gmq.im.logic.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.proto.im.v1.Message;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Produces accepted messages on the {@value #CHANNEL} Kafka channel, keyed by conversation so each conversation stays
 * on one partition and in order; a send returns only once Kafka has acknowledged every record (acks=all, idempotent:
 * see application.yaml).
 */
@ApplicationScoped
public class MessagePublisher {

    /** The outgoing channel (mp.messaging.outgoing.im-messages in application.yaml). */
    public static final String CHANNEL = "im-messages";

    /** Records that may wait for Kafka's acknowledgement at once; a send past it is UNAVAILABLE. */
    static final int BUFFER = 4096;

    private static final Logger LOG = Logger.getLogger(MessagePublisher.class);

    private final Emitter<byte[]> emitter;
    private final String topic;
    private final long timeoutMillis;
    /**
     * Admits a send's copies all at once or not at all. The emitter alone would refuse a copy part-way through a send
     * once its buffer is full, and the copies already emitted would reach their recipients although the client was
     * told to retry.
     */
    private final Semaphore room = new Semaphore(BUFFER);

    public MessagePublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER) Emitter<byte[]> emitter,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic, LogicConfig config) {
        this.emitter = emitter;
        this.topic = topic;
        this.timeoutMillis = config.produceTimeout().toMillis();
    }

    /** Produces every copy and waits for all acknowledgements; a failure is UNAVAILABLE (nothing was promised). */
    public void publish(List<Message> copies) {
        if (copies.size() > BUFFER || !room.tryAcquire(copies.size())) {
            throw refused(copies.size(), "the producer buffer is full (" + BUFFER + " records await Kafka)");
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(copies.size());
        try {
            for (Message copy : copies) {
                CompletableFuture<Void> acked = new CompletableFuture<>();
                emitter.send(record(copy, acked));
                acked.whenComplete((ok, failure) -> room.release());
                acks.add(acked);
            }
        } catch (RuntimeException e) {
            // The emitter refused a copy (its buffer is full, or the channel is down): the rest were never handed over.
            room.release(copies.size() - acks.size());
            throw refused(copies.size(), e.toString());
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ImCode.UNAVAILABLE, "interrupted while producing");
        } catch (ExecutionException e) {
            throw refused(copies.size(), e.getCause().toString());
        } catch (TimeoutException e) {
            throw refused(copies.size(), "no acknowledgement within " + timeoutMillis + " ms");
        }
    }

    private static org.eclipse.microprofile.reactive.messaging.Message<byte[]> record(Message copy,
            CompletableFuture<Void> acked) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(copy.getConversation()).build();
        return org.eclipse.microprofile.reactive.messaging.Message.of(copy.toByteArray(), Metadata.of(key), () -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            acked.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
    }

    private ImException refused(int records, String why) {
        LOG.warnf("GMQ-LGC-010 producing %d record(s) to %s failed: %s", records, topic, why);
        return new ImException(ImCode.UNAVAILABLE, "Kafka did not acknowledge the message; retry with the same cid");
    }

    /**
     * Bounds the producer's own waits by {@code gmq.logic.produce-timeout} (a Duration, which application.yaml cannot
     * turn into the milliseconds Kafka wants), so a record the caller gave up on is not written much later.
     */
    @ApplicationScoped
    public static class ProducerTimeouts implements ClientCustomizer<Map<String, Object>> {

        private final long timeoutMillis;

        public ProducerTimeouts(LogicConfig config) {
            this.timeoutMillis = config.produceTimeout().toMillis();
        }

        @Override
        public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
            if (CHANNEL.equals(channel)) {
                long request = Math.min(timeoutMillis, 2000);
                // Strings: the connector reads these back as strings. Kafka wants delivery >= request + linger.
                config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeoutMillis));
                config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
                config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeoutMillis, request + 1000)));
            }
            return config;
        }
    }
}
