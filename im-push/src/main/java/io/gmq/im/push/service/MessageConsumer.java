package io.gmq.im.push.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.gmq.im.push.config.PushConfig;
import io.gmq.proto.im.v1.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;

/**
 * Consumes the {@value #CHANNEL} Kafka channel one poll at a time and hands each partition's records to
 * {@link PushService}, partitions side by side; a partition's records are acknowledged (and so committed by the
 * throttled strategy) only after they were stored and handed off: at-least-once, in order per partition and so per
 * conversation. A failed part is tried again after a pause until it works; shutdown finishes the batch in hand, or
 * leaves it unacknowledged.
 */
@ApplicationScoped
public class MessageConsumer {

    /** The incoming channel (mp.messaging.incoming.im-messages in application.yaml). */
    public static final String CHANNEL = "im-messages";

    private static final Logger LOG = Logger.getLogger(MessageConsumer.class);

    private final PushService push;
    private final PushConfig config;
    /** Partitions hold disjoint conversations, so their parts of a batch are stored and handed off side by side. */
    private final ExecutorService parts = Executors
            .newThreadPerTaskExecutor(Thread.ofVirtual().name("im-push-partition-", 0).factory());
    /** Parts of batches failing right now: GMQ-PSH-010 when the first starts failing, GMQ-PSH-011 when none is. */
    private final AtomicInteger failingParts = new AtomicInteger();
    private final CountDownLatch stopping = new CountDownLatch(1);

    public MessageConsumer(PushService push, PushConfig config) {
        this.push = push;
        this.config = config;
    }

    /**
     * One poll's records. Blocking and ordered: the next batch comes only after this one returned, which keeps each
     * partition in order. Never throws: a failure would end the channel's stream.
     */
    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        Map<TopicPartition, List<Message>> byPartition = byPartition(batch);
        Map<TopicPartition, Future<Boolean>> running = new LinkedHashMap<>();
        byPartition.forEach((partition, messages) -> running.put(partition,
                byPartition.size() == 1 ? CompletableFuture.completedFuture(store(partition, messages))
                        : parts.submit(() -> store(partition, messages))));
        // Acknowledged here, on the thread the connector called, once the part is stored: the throttled strategy
        // commits each partition up to its last acknowledged batch (every auto.commit.interval.ms).
        running.forEach((partition, part) -> {
            if (stored(part)) {
                batch.getLatestOffsetRecords().get(partition).ack();
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<TopicPartition, List<Message>> byPartition(KafkaRecordBatch<String, byte[]> batch) {
        ConsumerRecords<String, byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow().getRecords();
        Map<TopicPartition, List<Message>> byPartition = new LinkedHashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<Message> messages = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                Message message = parse(record);
                if (message != null) {
                    messages.add(message);
                }
            }
            byPartition.put(partition, messages);
        }
        return byPartition;
    }

    private static Message parse(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() != null) {
                return Message.parseFrom(record.value());
            }
        } catch (InvalidProtocolBufferException e) {
            // fall through
        }
        // A record no tier can read would block its partition forever: log it once and skip it.
        LOG.errorf("GMQ-PSH-013 skipped unreadable record %s-%d@%d", record.topic(), record.partition(),
                record.offset());
        return null;
    }

    /** Stores and hands off one partition's messages, retrying until it works; false when given up at shutdown. */
    private boolean store(TopicPartition partition, List<Message> messages) {
        boolean failed = false;
        while (!messages.isEmpty()) {
            try {
                push.handle(messages);
                if (failed && failingParts.decrementAndGet() == 0) {
                    LOG.info("GMQ-PSH-011 batches are stored and delivered again");
                }
                return true;
            } catch (RuntimeException e) {
                if (!failed) {
                    failed = true;
                    if (failingParts.getAndIncrement() == 0) {
                        LOG.errorf("GMQ-PSH-010 a batch of %d record(s) from %s could not be stored or handed off; "
                                + "retrying every %s until it can: %s", messages.size(), partition,
                                config.retryBackoff(), e.toString());
                    }
                }
                if (pausedUntilShutdown()) {
                    failingParts.decrementAndGet();
                    return false; // not acknowledged: whoever owns the partition next reads these records again
                }
            }
        }
        return true;
    }

    /** Waits the retry backoff; true when the application stops meanwhile. */
    private boolean pausedUntilShutdown() {
        try {
            return stopping.await(config.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static boolean stored(Future<Boolean> part) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "GMQ-PSH-012 a partition's part of a batch failed unexpectedly");
            return false;
        }
    }

    /** Before the connector closes: a batch failing now is left unacknowledged instead of retried. */
    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    @PreDestroy
    void close() {
        parts.shutdown();
    }

    /**
     * Applies {@link PushConfig}'s batch size and session timeout (a Duration, which application.yaml cannot turn into
     * Kafka's milliseconds) to the channel's consumer.
     */
    @ApplicationScoped
    public static class ConsumerSettings implements ClientCustomizer<Map<String, Object>> {

        private final PushConfig config;

        public ConsumerSettings(PushConfig config) {
            this.config = config;
        }

        @Override
        public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> kafka) {
            if (CHANNEL.equals(channel)) {
                long session = config.sessionTimeout().toMillis();
                // Strings: the connector reads these back as strings.
                kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.batchSize()));
                kafka.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session));
                kafka.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(session / 4));
            }
            return kafka;
        }
    }
}
