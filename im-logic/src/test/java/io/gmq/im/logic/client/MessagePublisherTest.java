package io.gmq.im.logic.client;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.proto.im.v1.Message;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher's contract over the emitter: keyed by conversation, returns only after every acknowledgement, and
 * every way Kafka can fail to take a send (nack, no answer, a full buffer) is UNAVAILABLE with one GMQ-LGC-010 line.
 */
class MessagePublisherTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters());
            warnings.add(message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ScheduledExecutorService kafka = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void captureLog() {
        Logger.getLogger(MessagePublisher.class.getName()).addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger(MessagePublisher.class.getName()).removeHandler(capture);
        kafka.shutdownNow();
    }

    @Test
    void everyCopyIsKeyedByItsConversationAndTheSendReturnsOnlyOnceAllAreAcknowledged() {
        FakeEmitter emitter = new FakeEmitter();
        emitter.answer = m -> kafka.schedule(() -> m.ack(), 100, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();

        publisher(emitter, Duration.ofSeconds(5)).publish(copies("u:ann", "u:bob", "u:cid"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(emitter.sent).extracting(m -> m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey())
                .containsExactly("u:ann", "u:bob", "u:cid");
        assertThat(emitter.sent).extracting(m -> Message.parseFrom(m.getPayload()).getConversation())
                .containsExactly("u:ann", "u:bob", "u:cid");
        assertThat(emitter.acked).hasSize(3);
    }

    @Test
    void aNackIsUnavailable() {
        FakeEmitter emitter = new FakeEmitter();
        emitter.answer = m -> m.nack(new IllegalStateException("broker gone"));

        assertUnavailable(() -> publisher(emitter, Duration.ofSeconds(5)).publish(copies("r:lobby")));
        assertThat(warnings).singleElement().asString().startsWith("GMQ-LGC-010 producing 1 record(s) to im-test")
                .contains("broker gone");
    }

    @Test
    void noAcknowledgementWithinTheProduceTimeoutIsUnavailable() {
        FakeEmitter emitter = new FakeEmitter();

        assertUnavailable(() -> publisher(emitter, Duration.ofMillis(200)).publish(copies("r:lobby", "r:lobby")));
        assertThat(warnings).singleElement().asString().contains("no acknowledgement within 200 ms");
    }

    @Test
    void anEmitterThatRefusesIsUnavailableNotAnError() {
        FakeEmitter emitter = new FakeEmitter();
        emitter.refuseAfter = 1; // like the emitter's own buffer overflowing (SRMSG00034)

        assertUnavailable(() -> publisher(emitter, Duration.ofSeconds(5)).publish(copies("u:a", "u:b")));
        assertThat(warnings).singleElement().asString().contains("IllegalStateException");
    }

    @Test
    void aSendThatDoesNotFitTheBufferIsRefusedWholeUntilKafkaCatchesUp() {
        FakeEmitter emitter = new FakeEmitter();
        MessagePublisher publisher = publisher(emitter, Duration.ofMillis(100));
        String[] many = IntStream.range(0, MessagePublisher.BUFFER - 1).mapToObj(i -> "u:" + i).toArray(String[]::new);
        assertUnavailable(() -> publisher.publish(copies(many))); // still unacknowledged: the buffer is almost full
        int emitted = emitter.sent.size();

        assertUnavailable(() -> publisher.publish(copies("u:x", "u:y")));
        assertThat(emitter.sent).hasSize(emitted); // not one copy of the refused send went out
        assertThat(warnings).last().asString().contains("buffer is full");

        emitter.sent.forEach(m -> m.ack()); // Kafka caught up
        emitter.answer = m -> m.ack();
        publisher.publish(copies("u:x", "u:y"));
        assertThat(emitter.sent).hasSize(emitted + 2);
    }

    private static void assertUnavailable(Runnable send) {
        assertThatThrownBy(send::run).isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(ImCode.UNAVAILABLE));
    }

    private static MessagePublisher publisher(FakeEmitter emitter, Duration produceTimeout) {
        LogicConfig config = (LogicConfig) Proxy.newProxyInstance(LogicConfig.class.getClassLoader(),
                new Class<?>[] { LogicConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("produceTimeout")) {
                        return produceTimeout;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new MessagePublisher(emitter, "im-test", config);
    }

    private static List<Message> copies(String... conversations) {
        return java.util.Arrays.stream(conversations).map(c -> Message.newBuilder().setId("m1").setConversation(c)
                .setFrom("ann").setBody("hi").build()).toList();
    }

    /** An emitter whose Kafka answers as the test says (by default: never). */
    private static final class FakeEmitter implements Emitter<byte[]> {

        final List<org.eclipse.microprofile.reactive.messaging.Message<byte[]>> sent = new CopyOnWriteArrayList<>();
        final List<Object> acked = new CopyOnWriteArrayList<>();
        volatile java.util.function.Consumer<org.eclipse.microprofile.reactive.messaging.Message<byte[]>> answer = m -> {
        };
        volatile int refuseAfter = Integer.MAX_VALUE;

        @Override
        public <M extends org.eclipse.microprofile.reactive.messaging.Message<? extends byte[]>> void send(M msg) {
            if (sent.size() >= refuseAfter) {
                throw new IllegalStateException("SRMSG00034: Insufficient downstream requests to emit item");
            }
            @SuppressWarnings("unchecked")
            org.eclipse.microprofile.reactive.messaging.Message<byte[]> message = (org.eclipse.microprofile.reactive.messaging.Message<byte[]>) msg;
            sent.add(message);
            org.eclipse.microprofile.reactive.messaging.Message<byte[]> tracked = message.withAck(() -> {
                acked.add(message);
                return message.ack();
            });
            answer.accept(tracked);
        }

        @Override
        public CompletionStage<Void> send(byte[] msg) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
