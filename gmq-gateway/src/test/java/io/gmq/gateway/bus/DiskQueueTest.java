package io.gmq.gateway.bus;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue opened again without having been closed stands for the process after kill -9.
 */
class DiskQueueTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private static List<String> pollAll(DiskQueue queue, boolean commit) throws Exception {
        List<String> out = new ArrayList<>();
        for (Envelope e = queue.poll(Duration.ZERO); e != null; e = queue.poll(Duration.ZERO)) {
            out.add(e.payloadText());
            if (commit) {
                queue.commit();
            }
        }
        return out;
    }

    @Test
    void survivesACrashWithEverythingNotCommitted() throws Exception {
        DiskQueue queue = new DiskQueue(dir, 10, GIB);
        for (int i = 0; i < 100; i++) {
            queue.offer(Envelope.of("t", "s", java.util.Map.of("k", "v" + i), ("m" + i).getBytes()));
        }
        for (int i = 0; i < 30; i++) {
            queue.poll(Duration.ZERO);
            queue.commit();
        }
        queue.poll(Duration.ZERO); // m30 in hand, not committed: the crash comes before the module finished it

        DiskQueue reopened = new DiskQueue(dir, 10, GIB);
        assertThat(reopened.depth()).isEqualTo(70);
        Envelope first = reopened.poll(Duration.ZERO);
        assertThat(first.payloadText()).isEqualTo("m30");
        assertThat(first.headers()).containsEntry("k", "v30");
        reopened.commit();
        assertThat(pollAll(reopened, true)).hasSize(69).endsWith("m99");
        assertThat(new DiskQueue(dir, 10, GIB).depth()).isZero();
    }

    @Test
    void theScheduledSyncAfterCloseDoesNothing() throws Exception {
        // At shutdown the once-a-second sync can run after a module closed its queue: no ERROR line for that.
        DiskQueue queue = new DiskQueue(dir, 10, GIB);
        queue.offer(Envelope.text("t", "s", "kept"));
        queue.close();
        queue.sync();
        assertThat(new DiskQueue(dir, 10, GIB).depth()).isEqualTo(1);
    }

    @Test
    void aTornRecordAtTheTailIsCutOff() throws Exception {
        DiskQueue queue = new DiskQueue(dir, 10, GIB);
        queue.offer(Envelope.text("t", "s", "whole"));
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(7).putInt(1000).put(new byte[] { 1, 2, 3 }).flip());
        }
        DiskQueue reopened = new DiskQueue(dir, 10, GIB);
        assertThat(reopened.depth()).isEqualTo(1);
        reopened.offer(Envelope.text("t", "s", "after"));
        assertThat(pollAll(reopened, true)).containsExactly("whole", "after");
    }

    @Test
    void returnToHeadRereadsTheMessageInHand() throws Exception {
        DiskQueue queue = new DiskQueue(dir, 10, GIB);
        queue.offer(Envelope.text("t", "s", "a"));
        queue.offer(Envelope.text("t", "s", "b"));
        Envelope inHand = queue.poll(Duration.ZERO);
        queue.returnToHead(inHand);
        assertThat(pollAll(queue, true)).containsExactly("a", "b");
    }

    @Test
    void rollsSegmentsAndDeletesThoseFullyHandled() throws Exception {
        DiskQueue queue = new DiskQueue(dir, 10, GIB);
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < 40; i++) {
            queue.offer(Envelope.of("t", "s", java.util.Map.of(), big));
        }
        assertThat(segments()).isGreaterThanOrEqualTo(3);
        pollAll(queue, true);
        assertThat(segments()).isEqualTo(1);
        assertThat(queue.depth()).isZero();
    }

    @Test
    void rejectsBeyondItsDiskBound() throws Exception {
        DiskQueue queue = new DiskQueue(dir, 10, 4096);
        byte[] kib = new byte[1024];
        List<ModuleQueue.Offer> offers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            offers.add(queue.offer(Envelope.of("t", "s", java.util.Map.of(), kib)));
        }
        assertThat(offers).startsWith(ModuleQueue.Offer.QUEUED).endsWith(ModuleQueue.Offer.REJECTED);
        assertThat(queue.rejected()).isPositive();
        pollAll(queue, true);
        assertThat(queue.offer(Envelope.of("t", "s", java.util.Map.of(), kib))).isEqualTo(ModuleQueue.Offer.QUEUED);
    }

    private long segments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).count();
        }
    }

    @Test
    void takeWaitsForTheNextRecord() throws Exception {
        DiskQueue queue = new DiskQueue(dir, 10, GIB);
        java.util.concurrent.CompletableFuture<String> taken = new java.util.concurrent.CompletableFuture<>();
        Thread taker = Thread.ofVirtual().start(() -> {
            try {
                taken.complete(queue.take().payloadText());
            } catch (InterruptedException e) {
                taken.completeExceptionally(e);
            }
        });
        Thread.sleep(100);
        assertThat(taken).isNotDone();
        queue.offer(Envelope.text("t", "test", "late"));
        assertThat(taken.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("late");
        taker.join();
        queue.close();
    }
}
