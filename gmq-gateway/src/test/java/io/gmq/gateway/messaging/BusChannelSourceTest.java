package io.gmq.gateway.messaging;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gmq.gateway.bus.DiskQueue;
import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MemoryQueue;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.bus.OverflowPolicy;
import io.gmq.gateway.bus.TopicFilter;
import io.vertx.core.Vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An incoming gmq-bus channel without Quarkus: the sliding window holds at most max-inflight unacknowledged, each
 * acknowledgement lets one more out, and at a stop what was not acknowledged is kept (a disk queue replays it after a
 * crash, a memory queue hands it back for the spill) while acknowledged messages are never handed out again; a
 * message published on an event loop while the queue is empty skips the queue, and each publisher's order holds.
 */
class BusChannelSourceTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private final List<Message<byte[]>> received = new CopyOnWriteArrayList<>();

    private BusChannelSource source(io.gmq.gateway.bus.ModuleQueue queue, int inflight) {
        BusChannelSource source = new BusChannelSource("test-channel", "test", List.of(new TopicFilter("t/#")), queue, inflight,
                true);
        source.messages().subscribe().with(received::add);
        return source;
    }

    private static List<String> texts(List<Message<byte[]>> messages) {
        return messages.stream().map(m -> new String(m.getPayload())).toList();
    }

    @Test
    void theWindowSlidesOneAcknowledgementAtATime() throws Exception {
        MemoryQueue queue = new MemoryQueue(100, OverflowPolicy.BLOCK, Duration.ofSeconds(1));
        BusChannelSource source = source(queue, 3);
        for (int i = 0; i < 10; i++) {
            queue.offer(Envelope.text("t/x", "p", "m" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        Thread.sleep(200);
        assertThat(texts(received)).containsExactly("m0", "m1", "m2");
        received.get(1).ack().toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 4);
        assertThat(texts(received)).containsExactly("m0", "m1", "m2", "m3");
        List<Envelope> left = source.stop(Duration.ofMillis(300));
        // Not acknowledged (m0, m2, m3) and never handed out (m4..m9) come back in order; m1 does not.
        assertThat(left).extracting(Envelope::payloadText)
                .containsExactly("m0", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    void anEventLoopHandsMessagesOnItselfWhileTheQueueIsEmptyAndTheOrderHolds() throws Exception {
        int each = 5_000;
        MemoryQueue queue = new MemoryQueue(each * 2, OverflowPolicy.BLOCK, Duration.ofSeconds(5));
        java.util.Map<String, String> threadOf = new java.util.concurrent.ConcurrentHashMap<>();
        BusChannelSource source = new BusChannelSource("test-channel", "test", List.of(new TopicFilter("t/#")), queue,
                each * 3, true);
        source.messages().subscribe().with(m -> {
            threadOf.put(new String(m.getPayload()), Thread.currentThread().getName());
            received.add(m);
        });
        MessageBus bus = new MessageBus();
        bus.subscribe(source);
        Vertx vertx = Vertx.vertx();
        try {
            // Alone on an event loop, with the queue empty: each message is emitted on the loop itself.
            vertx.runOnContext(v -> {
                for (int i = 0; i < 100; i++) {
                    bus.publishNow(Envelope.text("t/x", "loop", "a" + i));
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 100);
            assertThat(threadOf.values()).allMatch(t -> t.startsWith("vert.x-eventloop"));

            // One publisher on an event loop, one on a plain thread (always through the queue), at the same time.
            vertx.runOnContext(v -> {
                for (int i = 0; i < each; i++) {
                    bus.publishNow(Envelope.text("t/x", "loop", "e" + i));
                }
            });
            Thread plain = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    bus.publishNow(Envelope.text("t/x", "plain", "p" + i));
                }
            });
            plain.join();
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 100 + 2 * each);
            for (String prefix : List.of("e", "p")) {
                List<Integer> order = texts(received).stream().filter(t -> t.startsWith(prefix))
                        .map(t -> Integer.parseInt(t.substring(1))).toList();
                assertThat(order).hasSize(each).isSorted().doesNotHaveDuplicates();
            }
            assertThat(threadOf.get("p0")).startsWith("gmq-bus-channel-test");
        } finally {
            source.stop(Duration.ofMillis(100));
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void aDiskQueueReplaysOnlyWhatWasNotAcknowledged() throws Exception {
        DiskQueue queue = new DiskQueue(dir, 1000, GIB);
        BusChannelSource source = source(queue, 4);
        for (int i = 0; i < 10; i++) {
            queue.offer(Envelope.text("t/x", "p", "d" + i));
        }
        // Acknowledge everything handed out until 8 were: the window commits whenever all are acknowledged.
        List<Message<byte[]>> acked = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (Message<byte[]> m : received) {
                if (!acked.contains(m) && acked.size() < 8) {
                    m.ack().toCompletableFuture().join();
                    acked.add(m);
                }
            }
            return acked.size() == 8;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 10);
        // d8 and d9 are out and never acknowledged: the process "crashes" (the queue is opened again, not closed).
        DiskQueue reopened = new DiskQueue(dir, 1000, GIB);
        List<String> replayed = new ArrayList<>();
        for (Envelope e = reopened.poll(Duration.ZERO); e != null; e = reopened.poll(Duration.ZERO)) {
            replayed.add(e.payloadText());
        }
        assertThat(replayed).containsExactly("d8", "d9");
        source.stop(Duration.ofMillis(100));
    }
}
