package io.gmq.im.push.service;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gmq.im.push.config.PushConfig;
import io.gmq.proto.im.v1.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's contract over a polled batch: the whole poll reaches {@link PushService} as one batch with each
 * partition's records in order, each partition's last record is acknowledged only after the batch was handled, a
 * failing batch is retried (not skipped) until it works or the application stops, and unreadable records are skipped.
 */
class MessageConsumerTest {

    private static final TopicPartition P0 = new TopicPartition("im-messages", 0);
    private static final TopicPartition P1 = new TopicPartition("im-messages", 1);

    private final List<String> acked = new CopyOnWriteArrayList<>();
    private final List<List<String>> handled = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private volatile Consumer<List<Message>> store = batch -> {
    };
    private MessageConsumer consumer;

    @BeforeEach
    void start() {
        Logger.getLogger(MessageConsumer.class.getName()).addHandler(capture);
        PushService push = new PushService(null, null, null, null, null) {
            @Override
            public void handle(List<Message> batch) {
                handled.add(batch.stream().map(Message::getId).toList());
                store.accept(batch);
            }
        };
        consumer = new MessageConsumer(push, config(Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        Logger.getLogger(MessageConsumer.class.getName()).removeHandler(capture);
    }

    @Test
    void aPollIsHandledAsOneBatchInPartitionOrderAndAcknowledgedAfterwards() {
        List<String> ackedBeforeHandOff = new CopyOnWriteArrayList<>();
        store = batch -> ackedBeforeHandOff.addAll(acked);

        consumer.consume(batch(Map.of(P0, List.of("a1", "a2", "a3"), P1, List.of("b1", "b2"))));

        assertThat(handled).singleElement().satisfies(batch -> {
            assertThat(batch).containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2");
            assertThat(batch).containsSubsequence("a1", "a2", "a3").containsSubsequence("b1", "b2");
        });
        assertThat(acked).containsExactlyInAnyOrder("im-messages-0@2", "im-messages-1@1");
        assertThat(ackedBeforeHandOff).isEmpty();
    }

    @Test
    void aFailingBatchIsRetriedUntilStoredAndOnlyThenAcknowledged() {
        AtomicInteger failures = new AtomicInteger();
        store = batch -> {
            if (failures.getAndIncrement() < 3) {
                throw new IllegalStateException("MongoDB is down");
            }
        };

        consumer.consume(batch(Map.of(P0, List.of("a1", "a2"), P1, List.of("b1"))));

        assertThat(handled).hasSize(4).allSatisfy(batch -> assertThat(batch).containsExactlyInAnyOrder("a1", "a2", "b1"));
        assertThat(acked).containsExactlyInAnyOrder("im-messages-0@1", "im-messages-1@0");
        assertThat(log.stream().filter(l -> l.contains("GMQ-PSH-010"))).singleElement().asString()
                .contains("MongoDB is down");
        assertThat(log.stream().filter(l -> l.contains("GMQ-PSH-011"))).hasSize(1);
    }

    @Test
    void shutdownDuringAnOutageLeavesTheBatchUnacknowledged() {
        store = batch -> {
            throw new IllegalStateException("Redis is down");
        };
        CompletableFuture<Void> consuming = CompletableFuture
                .runAsync(() -> consumer.consume(batch(Map.of(P0, List.of("a1")))));
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() >= 2);

        consumer.stop(new ShutdownEvent());

        await().atMost(Duration.ofSeconds(5)).until(consuming::isDone);
        assertThat(acked).isEmpty();
    }

    @Test
    void anUnreadableRecordIsLoggedAndSkipped() {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new LinkedHashMap<>();
        records.put(P0, List.of(record(P0, 0, "a1"), new ConsumerRecord<>("im-messages", 0, 1, "u:x",
                new byte[] { 1, 2, 3 }), record(P0, 2, "a3")));
        records.put(P1, List.of(new ConsumerRecord<>("im-messages", 1, 0, "u:y", (byte[]) null)));

        consumer.consume(new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(records, Map.of()), "im-messages", -1,
                commits(), failures(), false, false));

        assertThat(handled).containsExactly(List.of("a1", "a3"));
        assertThat(acked).containsExactlyInAnyOrder("im-messages-0@2", "im-messages-1@0");
        assertThat(log).filteredOn(l -> l.contains("GMQ-PSH-013")).containsExactly(
                "GMQ-PSH-013 skipped unreadable record im-messages-0@1",
                "GMQ-PSH-013 skipped unreadable record im-messages-1@0");
    }

    private IncomingKafkaRecordBatch<String, byte[]> batch(Map<TopicPartition, List<String>> ids) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new LinkedHashMap<>();
        ids.forEach((partition, list) -> {
            List<ConsumerRecord<String, byte[]>> part = new ArrayList<>();
            for (int offset = 0; offset < list.size(); offset++) {
                part.add(record(partition, offset, list.get(offset)));
            }
            records.put(partition, part);
        });
        return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(records, Map.of()), "im-messages", -1, commits(),
                failures(), false, false);
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, String id) {
        String conversation = "u:" + partition.partition();
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, conversation,
                Message.newBuilder().setId(id).setConversation(conversation).build().toByteArray());
    }

    /** Records which offsets the consumer acknowledged, as the throttled commit strategy would receive them. */
    private KafkaCommitHandler commits() {
        return new KafkaCommitHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                acked.add(record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset());
                return Uni.createFrom().voidItem();
            }
        };
    }

    private static PushConfig config(Duration retryBackoff) {
        return (PushConfig) Proxy.newProxyInstance(PushConfig.class.getClassLoader(), new Class<?>[] { PushConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("retryBackoff")) {
                        return retryBackoff;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static KafkaFailureHandler failures() {
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                throw new AssertionError("the consumer must never nack");
            }
        };
    }
}
