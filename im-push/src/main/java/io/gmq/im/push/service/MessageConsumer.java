package io.gmq.im.push.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * Consumes the {@value #CHANNEL} Kafka channel one poll at a time and hands the whole poll to {@link PushService} as
 * one batch (a fixed number of round trips per poll: partitions hold disjoint conversations, and each partition's
 * records keep their order); every partition's last record is acknowledged (and so committed by the throttled
 * strategy) only after the batch was stored and handed off: at-least-once, in order per conversation. A failed batch
 * is tried again after a pause until it works; shutdown finishes the batch in hand, or leaves it unacknowledged.
 */
@ApplicationScoped
public class MessageConsumer {

    /** The incoming channel (mp.messaging.incoming.im-messages in application.yaml). */
    public static final String CHANNEL = "im-messages";

    private static final Logger LOG = Logger.getLogger(MessageConsumer.class);

    private final PushService push;
    private final PushConfig config;
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
        ConsumerRecords<String, byte[]> records = records(batch);
        List<Message> messages = new ArrayList<>(records.count());
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                Message message = parse(record);
                if (message != null) {
                    messages.add(message);
                }
            }
        }
        if (store(records.partitions(), messages)) {
            // Acknowledged here, on the thread the connector called: the throttled strategy commits each partition
            // up to its last acknowledged record (every auto.commit.interval.ms).
            records.partitions().forEach(partition -> batch.getLatestOffsetRecords().get(partition).ack());
        }
        return CompletableFuture.completedFuture(null);
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecords<String, byte[]> records(KafkaRecordBatch<String, byte[]> batch) {
        return batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow().getRecords();
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

    /** Stores and hands off a poll's messages, retrying until it works; false when given up at shutdown. */
    private boolean store(Set<TopicPartition> partitions, List<Message> messages) {
        boolean failed = false;
        while (!messages.isEmpty()) {
            try {
                push.handle(messages);
                if (failed) {
                    LOG.info("GMQ-PSH-011 batches are stored and delivered again");
                }
                return true;
            } catch (RuntimeException e) {
                if (!failed) {
                    failed = true;
                    LOG.errorf("GMQ-PSH-010 a batch of %d record(s) from %s could not be stored or handed off; "
                            + "retrying every %s until it can: %s", messages.size(), partitions, config.retryBackoff(),
                            e.toString());
                }
                if (pausedUntilShutdown()) {
                    return false; // not acknowledged: whoever owns the partitions next reads these records again
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

    /** Before the connector closes: a batch failing now is left unacknowledged instead of retried. */
    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
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
