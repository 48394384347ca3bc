package io.gmq.gateway.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.gmq.gateway.bus.BusSubscriber;
import io.gmq.gateway.bus.DiskQueue;
import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.ModuleQueue;
import io.gmq.gateway.bus.TopicFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One incoming {@code gmq-bus} channel: a bus subscriber with a queue of its own, and the worker that hands its
 * messages to the channel in batches of at most {@code max-inflight}, committing a batch once every message of it is
 * acknowledged. A nacked message is retried with backoff ({@code failure-strategy: retry}) or counted and skipped
 * ({@code ignore}).
 */
final class BusChannelSource implements BusSubscriber {

    private static final Logger LOG = Logger.getLogger(BusChannelSource.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long RETRY_MIN_MS = 50;
    private static final long RETRY_MAX_MS = 5_000;

    private final String name;
    private final List<TopicFilter> subscriptions;
    private final ModuleQueue queue;
    private final int maxInflight;
    private final boolean retry;
    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running = true;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private volatile Thread worker;

    BusChannelSource(String name, List<TopicFilter> subscriptions, ModuleQueue queue, int maxInflight, boolean retry) {
        this.name = name;
        this.subscriptions = List.copyOf(subscriptions);
        this.queue = queue;
        this.maxInflight = maxInflight;
        this.retry = retry;
    }

    Multi<Message<byte[]>> messages() {
        return Multi.createFrom().emitter(emitter -> {
            worker = Thread.ofVirtual().name("gmq-bus-channel-" + name).start(() -> run(emitter));
            emitter.onTermination(() -> running = false);
        }, BackPressureStrategy.BUFFER);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean takes(String topic) {
        for (TopicFilter filter : subscriptions) {
            if (filter.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ModuleQueue queue() {
        return queue;
    }

    @Override
    public void countReceived() {
        received.increment();
    }

    long received() {
        return received.sum();
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long failed() {
        return failed.sum();
    }

    /**
     * Lets the queue empty for up to {@code drain}, then stops the worker after its batch (unacknowledged messages go
     * back to the queue); returns what the queue still holds, to be spilled.
     */
    List<Envelope> stop(Duration drain) throws InterruptedException {
        stopDeadline = System.nanoTime() + drain.toNanos();
        queue.awaitEmpty(drain);
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.join(Duration.ofNanos(Math.max(0, stopDeadline - System.nanoTime())).plusSeconds(1));
        }
        if (queue instanceof DiskQueue) {
            queue.close();
            return List.of();
        }
        return queue.drain();
    }

    private void run(MultiEmitter<? super Message<byte[]>> emitter) {
        try {
            while (running) {
                List<Envelope> batch = nextBatch();
                if (!batch.isEmpty()) {
                    deliver(batch, emitter);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "GMQ-BUS-003 channel %s: delivery stopped: %s", name, e.getMessage());
            emitter.fail(e);
        }
    }

    private List<Envelope> nextBatch() throws InterruptedException {
        Envelope first = queue.poll(POLL);
        if (first == null) {
            return List.of();
        }
        List<Envelope> batch = new ArrayList<>(Math.min(maxInflight, 64));
        batch.add(first);
        Envelope next;
        while (batch.size() < maxInflight && (next = queue.poll(Duration.ZERO)) != null) {
            batch.add(next);
        }
        return batch;
    }

    /** Emits a batch and waits for its outcome; retried messages are emitted again until taken or stopped. */
    private void deliver(List<Envelope> batch, MultiEmitter<? super Message<byte[]>> emitter)
            throws InterruptedException {
        List<Envelope> pending = batch;
        long backoff = RETRY_MIN_MS;
        boolean reported = false;
        while (true) {
            List<CompletableFuture<Throwable>> outcomes = new ArrayList<>(pending.size());
            for (Envelope envelope : pending) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                outcomes.add(outcome);
                emitter.emit(message(envelope, outcome));
            }
            List<Envelope> nacked = new ArrayList<>(0);
            Throwable reason = null;
            for (int i = 0; i < pending.size(); i++) {
                Throwable failure = await(outcomes.get(i));
                if (failure == null) {
                    acknowledged.increment();
                    continue;
                }
                reason = failure;
                if (retry) {
                    nacked.add(pending.get(i));
                } else {
                    failed.increment();
                    LOG.warnf("GMQ-BUS-004 channel %s: message %s on %s failed and is skipped: %s", name,
                            pending.get(i).id(), pending.get(i).topic(), failure.getMessage());
                }
            }
            if (nacked.isEmpty()) {
                if (reported) {
                    LOG.infof("GMQ-BUS-009 channel %s: retried messages acknowledged", name);
                }
                queue.commit();
                return;
            }
            if (!reported) {
                LOG.warnf("GMQ-BUS-008 channel %s: %d messages nacked (%s); retrying from %d ms, doubling to %d ms",
                        name, nacked.size(), reason.getMessage(), RETRY_MIN_MS, RETRY_MAX_MS);
                reported = true;
            }
            if (!running) {
                giveBack(nacked);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(backoff);
            backoff = Math.min(backoff * 2, RETRY_MAX_MS);
            pending = nacked;
        }
    }

    /** The outcome of one message: null when acknowledged; waits past a stop only until the drain deadline. */
    private Throwable await(CompletableFuture<Throwable> outcome) throws InterruptedException {
        while (true) {
            try {
                return outcome.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!running && System.nanoTime() > stopDeadline) {
                    return new IllegalStateException("not acknowledged before the channel stopped");
                }
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
        }
    }

    /** Stopping with messages not taken: a memory queue gets them back (spilled), a disk queue keeps them uncommitted. */
    private void giveBack(List<Envelope> nacked) {
        if (queue instanceof DiskQueue) {
            return;
        }
        for (int i = nacked.size() - 1; i >= 0; i--) {
            queue.returnToHead(nacked.get(i));
        }
    }

    private static Message<byte[]> message(Envelope envelope, CompletableFuture<Throwable> outcome) {
        IncomingBusMetadata metadata = new IncomingBusMetadata(envelope.id(), envelope.topic(), envelope.source(),
                envelope.headers(), envelope.timestamp());
        return Message.of(envelope.payload(), Metadata.of(metadata), () -> {
            outcome.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            outcome.complete(failure == null ? new IllegalStateException("nacked") : failure);
            return CompletableFuture.completedFuture(null);
        });
    }
}
