package io.gmq.im.push.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.gmq.im.push.config.PushConfig;
import io.gmq.proto.im.v1.Message;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The Kafka loop of the push tier, on its own thread: poll a batch, hand it to {@link PushService}, and commit the
 * offsets only after it was stored and handed off (at-least-once, in order per partition, so per conversation). A
 * failed batch is sought back and retried after a pause; shutdown finishes the batch in hand, commits and leaves.
 */
@ApplicationScoped
public class MessageConsumer {

    private static final Logger LOG = Logger.getLogger(MessageConsumer.class);

    private final PushService push;
    private final PushConfig config;
    private final Map<String, Object> kafka;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public MessageConsumer(PushService push, PushConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.push = push;
        this.config = config;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent event) {
        thread = Thread.ofPlatform().name("im-push-consumer").start(this::run);
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "im-push");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.sessionTimeout().toMillis() / 4);
        try (KafkaConsumer<String, byte[]> kafkaConsumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(config.messagesTopic()));
            boolean failing = false;
            while (running) {
                ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    push.handle(decode(records));
                    kafkaConsumer.commitSync();
                    if (failing) {
                        LOG.info("GMQ-PSH-011 batches are stored and delivered again");
                        failing = false;
                    }
                } catch (RuntimeException e) {
                    if (!failing) {
                        LOG.errorf("GMQ-PSH-010 a batch of %d record(s) could not be stored or committed; retrying "
                                + "every %s until it can: %s", records.count(), config.retryBackoff(), e.toString());
                        failing = true;
                    }
                    rewind(kafkaConsumer, records);
                    pause();
                }
            }
        } catch (WakeupException e) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.errorf(e, "GMQ-PSH-012 the consumer stopped");
        }
    }

    private static List<Message> decode(ConsumerRecords<String, byte[]> records) {
        List<Message> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(Message.parseFrom(record.value()));
            } catch (InvalidProtocolBufferException e) {
                // A record no tier can read would block its partition forever: log it once and skip it.
                LOG.errorf("GMQ-PSH-013 skipped unreadable record %s-%d@%d", record.topic(), record.partition(),
                        record.offset());
            }
        }
        return batch;
    }

    private static void rewind(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            // The loop sees 'running' within one poll; the batch in hand is finished and committed first.
            thread.join(10_000);
            if (thread.isAlive() && consumer != null) {
                consumer.wakeup();
                thread.join(2_000);
            }
        }
    }
}
