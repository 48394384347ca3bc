package io.gmq.gateway.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryQueueTest {

    private static Envelope msg(String text) {
        return Envelope.text("t", "test", text);
    }

    private static List<String> texts(MemoryQueue queue) {
        return queue.drain().stream().map(Envelope::payloadText).toList();
    }

    @Test
    void dropOldestKeepsTheNewest() throws Exception {
        MemoryQueue queue = new MemoryQueue(2, OverflowPolicy.DROP_OLDEST, Duration.ZERO);
        queue.offer(msg("1"));
        queue.offer(msg("2"));
        assertThat(queue.offer(msg("3"))).isEqualTo(ModuleQueue.Offer.QUEUED_DROPPED_OLDEST);
        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(texts(queue)).containsExactly("2", "3");
    }

    @Test
    void aClosedQueueRefusesOffersAndWakesOneWaitingForRoom() throws Exception {
        // At a stop's spill: nothing may land in the queue after it was drained.
        MemoryQueue queue = new MemoryQueue(1, OverflowPolicy.BLOCK, Duration.ofSeconds(30));
        queue.offer(msg("1"));
        CompletableFuture<ModuleQueue.Offer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.offer(msg("2"));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        queue.close();
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ModuleQueue.Offer.REJECTED);
        assertThat(queue.offerNow(msg("3"))).isEqualTo(ModuleQueue.Offer.REJECTED);
        assertThat(texts(queue)).containsExactly("1");
    }

    @Test
    void dropNewestKeepsTheOldest() throws Exception {
        assertTheThirdIsDropped(new MemoryQueue(2, OverflowPolicy.DROP_NEWEST, Duration.ZERO), "1", "2", "3");
    }

    /** A drop-newest queue with room for the first two of {@code texts} keeps them and drops the third. */
    private static void assertTheThirdIsDropped(MemoryQueue queue, String... texts) throws Exception {
        queue.offer(msg(texts[0]));
        queue.offer(msg(texts[1]));
        assertThat(queue.offer(msg(texts[2]))).isEqualTo(ModuleQueue.Offer.DROPPED_NEWEST);
        assertThat(texts(queue)).containsExactly(texts[0], texts[1]);
    }

    @Test
    void rejectRefusesAndCounts() throws Exception {
        MemoryQueue queue = new MemoryQueue(1, OverflowPolicy.REJECT, Duration.ZERO);
        queue.offer(msg("1"));
        assertThat(queue.offer(msg("2"))).isEqualTo(ModuleQueue.Offer.REJECTED);
        assertThat(queue.rejected()).isEqualTo(1);
        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void blockWaitsForRoomThenRejectsAfterTimeout() throws Exception {
        MemoryQueue queue = new MemoryQueue(1, OverflowPolicy.BLOCK, Duration.ofSeconds(5));
        queue.offer(msg("1"));
        CompletableFuture<ModuleQueue.Offer> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.offer(msg("2"));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(blocked).isNotDone();
        assertThat(queue.poll(Duration.ofSeconds(1)).payloadText()).isEqualTo("1");
        assertThat(blocked.get()).isEqualTo(ModuleQueue.Offer.QUEUED);

        queue.reconfigure(1, OverflowPolicy.BLOCK, Duration.ofMillis(50));
        assertThat(queue.offer(msg("3"))).isEqualTo(ModuleQueue.Offer.REJECTED);
    }

    @Test
    void returnToHeadIsHandledFirst() throws Exception {
        MemoryQueue queue = new MemoryQueue(4, OverflowPolicy.REJECT, Duration.ZERO);
        queue.offer(msg("2"));
        queue.returnToHead(msg("1"));
        assertThat(texts(queue)).containsExactly("1", "2");
    }

    @Test
    void offerNowRefusesAtOnceWhereBlockWouldWait() throws Exception {
        MemoryQueue queue = new MemoryQueue(1, OverflowPolicy.BLOCK, Duration.ofSeconds(30));
        queue.offer(msg("1"));
        long start = System.nanoTime();
        assertThat(queue.offerNow(msg("2"))).isEqualTo(ModuleQueue.Offer.REJECTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // A refusal the publisher turns into a waiting offer is not a rejection to count.
        assertThat(queue.rejected()).isZero();
        assertThat(texts(queue)).containsExactly("1");
    }

    @Test
    void takeWaitsForTheNextMessageAndStopsOnInterrupt() throws Exception {
        MemoryQueue queue = new MemoryQueue(4, OverflowPolicy.BLOCK, Duration.ZERO);
        CompletableFuture<String> taken = new CompletableFuture<>();
        Thread taker = Thread.ofVirtual().start(() -> {
            try {
                taken.complete(queue.take().payloadText());
            } catch (InterruptedException e) {
                taken.completeExceptionally(e);
            }
        });
        Thread.sleep(100);
        assertThat(taken).isNotDone();
        queue.offer(msg("late"));
        assertThat(taken.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("late");
        taker.join();

        CompletableFuture<String> stopped = new CompletableFuture<>();
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                stopped.complete(queue.take().payloadText());
            } catch (InterruptedException e) {
                stopped.complete("interrupted");
            }
        });
        Thread.sleep(100);
        waiting.interrupt();
        assertThat(stopped.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("interrupted");
    }

    @Test
    void theByteBoundAppliesThePolicyBeforeTheCount() throws Exception {
        // 10 bytes at most: "aaaa" + "bbbb" fit, "cccc" would make 12.
        MemoryQueue block = new MemoryQueue(100, OverflowPolicy.BLOCK, Duration.ZERO, 10);
        assertThat(block.offer(msg("aaaa"))).isEqualTo(ModuleQueue.Offer.QUEUED);
        assertThat(block.offer(msg("bbbb"))).isEqualTo(ModuleQueue.Offer.QUEUED);
        assertThat(block.offer(msg("cccc"))).isEqualTo(ModuleQueue.Offer.REJECTED);
        assertThat(block.offerNow(msg("cccc"))).isEqualTo(ModuleQueue.Offer.REJECTED);
        // Taking one frees its bytes.
        assertThat(block.poll(Duration.ZERO).payloadText()).isEqualTo("aaaa");
        assertThat(block.offerNow(msg("cccc"))).isEqualTo(ModuleQueue.Offer.QUEUED);
        assertThat(texts(block)).containsExactly("bbbb", "cccc");

        assertTheThirdIsDropped(new MemoryQueue(100, OverflowPolicy.DROP_NEWEST, Duration.ZERO, 10), "aaaa", "bbbb",
                "cccc");
    }

    @Test
    void dropOldestDropsAsManyAsTheNewMessageNeedsAndALargeOneEntersAnEmptyQueue() throws Exception {
        MemoryQueue queue = new MemoryQueue(100, OverflowPolicy.DROP_OLDEST, Duration.ZERO, 10);
        queue.offer(msg("aaa"));
        queue.offer(msg("bbb"));
        queue.offer(msg("ccc"));
        assertThat(queue.offer(msg("dddddddd"))).isEqualTo(ModuleQueue.Offer.QUEUED_DROPPED_OLDEST);
        assertThat(queue.dropped()).isEqualTo(3);
        assertThat(texts(queue)).containsExactly("dddddddd");

        MemoryQueue reject = new MemoryQueue(100, OverflowPolicy.REJECT, Duration.ZERO, 10);
        assertThat(reject.offer(msg("a message longer than the bound"))).isEqualTo(ModuleQueue.Offer.QUEUED);
        assertThat(reject.offer(msg("x"))).isEqualTo(ModuleQueue.Offer.REJECTED);
        // What was drained, returned or restored counts too.
        assertThat(texts(reject)).hasSize(1);
        assertThat(reject.offer(msg("aaaaaaaa"))).isEqualTo(ModuleQueue.Offer.QUEUED);
        Envelope head = reject.take();
        reject.returnToHead(head);
        assertThat(reject.offer(msg("bbbb"))).isEqualTo(ModuleQueue.Offer.REJECTED);
    }
}
