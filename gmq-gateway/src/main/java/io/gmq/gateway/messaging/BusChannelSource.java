package io.gmq.gateway.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.gmq.gateway.bus.BusSubscriber;
import io.gmq.gateway.bus.DiskQueue;
import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MemoryQueue;
import io.gmq.gateway.bus.ModuleQueue;
import io.gmq.gateway.bus.TopicFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;

/**
 * One incoming {@code gmq-bus} channel: a bus subscriber with a queue of its own, and the worker that hands its
 * messages to the channel with at most {@code max-inflight} unacknowledged at once (a sliding window: each
 * acknowledgement lets the next one go). A disk queue is committed whenever everything taken from it is acknowledged,
 * and at the latest every {@code max-inflight} messages. A nacked message is emitted again with backoff
 * ({@code failure-strategy: retry}) or counted and skipped ({@code ignore}). With a memory queue, a message published
 * on an event loop while the queue is empty is emitted right there ({@link #deliverNow}) instead of waking the worker:
 * whoever emits holds {@code emitting}, and the worker takes from the queue only while holding it, so the order holds.
 */
final class BusChannelSource implements BusSubscriber {

    private static final Logger LOG = Logger.getLogger(BusChannelSource.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long RETRY_MIN_MS = 50;
    private static final long RETRY_MAX_MS = 5_000;

    private final String channel;
    private final String name;
    private final List<TopicFilter> subscriptions;
    private final ModuleQueue queue;
    private final boolean durable;
    /** The queue when it is a memory queue (messages may skip it), else null. */
    private final MemoryQueue memory;
    /** Held by the one thread emitting from this channel: the worker, or a publisher in {@link #deliverNow}. */
    private final AtomicBoolean emitting = new AtomicBoolean();
    private final int maxInflight;
    private final boolean retry;
    private final Semaphore window;
    /** Emitted and not yet acknowledged (nor skipped): given back to a memory queue at stop. */
    private final Set<Envelope> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retrying = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running = true;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private volatile Thread worker;
    private volatile MultiEmitter<? super Message<byte[]>> emitter;

    BusChannelSource(String channel, String name, List<TopicFilter> subscriptions, ModuleQueue queue, int maxInflight,
            boolean retry) {
        this.channel = channel;
        this.name = name;
        this.subscriptions = List.copyOf(subscriptions);
        this.queue = queue;
        this.durable = queue instanceof DiskQueue;
        this.memory = queue instanceof MemoryQueue inMemory ? inMemory : null;
        this.maxInflight = maxInflight;
        this.retry = retry;
        this.window = new Semaphore(maxInflight);
    }

    Multi<Message<byte[]>> messages() {
        return Multi.createFrom().emitter(e -> {
            emitter = e;
            worker = Thread.ofVirtual().name("gmq-bus-channel-" + name).start(() -> ChannelThreadContext.run(this::run));
            e.onTermination(() -> running = false);
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

    /**
     * On an event loop only: what runs there must not block, so emitting on it holds up no other subscriber of the
     * publisher (a sink that would wait hands that part to a thread of its own).
     */
    @Override
    public boolean deliverNow(Envelope envelope) {
        if (memory == null || !running || !Context.isOnEventLoopThread() || !emitting.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (memory.depth() > 0 || !window.tryAcquire()) {
                return false;
            }
            emit(envelope, RETRY_MIN_MS);
            return true;
        } finally {
            emitting.set(false);
        }
    }

    @Override
    public void countReceived() {
        received.increment();
    }

    /** Nothing queued and everything emitted acknowledged (or given up). */
    boolean idle() {
        return queue.depth() == 0 && outstanding.isEmpty();
    }

    String channel() {
        return channel;
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
     * Lets the queue empty for up to {@code drain}, stops taking, waits (within the same deadline) for what is out;
     * what is still unacknowledged goes back to a memory queue, or stays uncommitted in a disk queue. Returns what a
     * memory queue still holds, to be spilled.
     */
    List<Envelope> stop(Duration drain) throws InterruptedException {
        stopDeadline = System.nanoTime() + drain.toNanos();
        if (running) {
            queue.awaitEmpty(drain);
        }
        halt();
        settle();
        if (durable) {
            if (outstanding.isEmpty()) {
                queue.commit();
            }
            queue.close();
            return List.of();
        }
        queue.close();
        List<Envelope> left = new ArrayList<>(outstanding);
        // Ids grow with time: the spill keeps the channel's order.
        left.sort(java.util.Comparator.comparing(Envelope::id));
        outstanding.clear();
        left.addAll(queue.drain());
        return left;
    }

    /** Emits nothing more: the worker ends, and what is queued stays queued (for the spill, or a disk queue). */
    void halt() throws InterruptedException {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            // It waits for the next message without a timeout.
            thread.interrupt();
            thread.join(Duration.ofSeconds(1));
        }
    }

    /** At stop, after {@link #halt}: a memory queue refuses offers from now on (see {@link MemoryQueue#close}). */
    void refuseOffers() {
        if (memory != null) {
            memory.close();
        }
    }

    /** After {@link #halt}: waits up to {@code timeout} until every message emitted is settled; true if all are. */
    boolean awaitSettled(Duration timeout) throws InterruptedException {
        stopDeadline = System.nanoTime() + timeout.toNanos();
        return settle();
    }

    private void run() {
        int sinceCommit = 0;
        try {
            if (memory != null) {
                runFromMemory();
                return;
            }
            while (running) {
                if (durable && sinceCommit >= maxInflight) {
                    // A disk queue commits everything taken so far: wait until all of it is acknowledged.
                    if (settle()) {
                        queue.commit();
                        sinceCommit = 0;
                    }
                    continue;
                }
                Envelope next = queue.poll(Duration.ZERO);
                if (next == null) {
                    if (durable && sinceCommit > 0) {
                        // Idle: what was taken is committed once acknowledged (at most one poll interval later).
                        next = queue.poll(POLL);
                        if (next == null) {
                            if (outstanding.isEmpty()) {
                                queue.commit();
                                sinceCommit = 0;
                            }
                            continue;
                        }
                    } else {
                        // Untimed: a stop interrupts it.
                        next = queue.take();
                    }
                }
                if (!window.tryAcquire() && !awaitRoom()) {
                    queue.returnToHead(next);
                    return;
                }
                sinceCommit++;
                emit(next, RETRY_MIN_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "GMQ-BUS-003 channel %s: delivery stopped: %s", channel, e.getMessage());
            emitter.fail(e);
        }
    }

    /** The worker of a memory queue: takes the next message only while it holds {@code emitting}. */
    private void runFromMemory() throws InterruptedException {
        while (running) {
            memory.awaitNotEmpty();
            while (!emitting.compareAndSet(false, true)) {
                // A publisher is emitting one message on its event loop: a short wait.
                Thread.yield();
            }
            try {
                Envelope next = memory.poll(Duration.ZERO);
                if (next == null) {
                    continue;
                }
                if (!window.tryAcquire() && !awaitRoom()) {
                    memory.returnToHead(next);
                    return;
                }
                emit(next, RETRY_MIN_MS);
            } finally {
                emitting.set(false);
            }
        }
    }

    /** Waits for room in the window; false if the channel stops first. */
    private boolean awaitRoom() {
        try {
            while (!window.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every emitted message is settled, or the stop deadline passes; true if all settled. */
    private boolean settle() throws InterruptedException {
        while (window.availablePermits() < maxInflight) {
            if (!running && System.nanoTime() > stopDeadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return true;
    }

    private void emit(Envelope envelope, long backoff) {
        outstanding.add(envelope);
        IncomingBusMetadata metadata = new IncomingBusMetadata(envelope.id(), envelope.topic(), envelope.source(),
                envelope.headers(), envelope.timestamp());
        ChannelThreadContext.emit(emitter, Message.of(envelope.payload(), Metadata.of(metadata), () -> {
            settled(envelope, null, backoff);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            settled(envelope, failure == null ? new IllegalStateException("nacked") : failure, backoff);
            return CompletableFuture.completedFuture(null);
        }));
    }

    private void settled(Envelope envelope, Throwable failure, long backoff) {
        if (failure instanceof BusRefusedException && !running) {
            // Refused because the gateway stops: kept (outstanding) for the spill, whatever the failure strategy.
            window.release();
            return;
        }
        boolean wasRetry = backoff > RETRY_MIN_MS;
        // A message that can never be delivered (no or a bad topic, not allowed) is not retried: it would come back
        // forever, across restarts too.
        boolean permanent = failure instanceof IllegalArgumentException;
        if (failure == null || !retry || permanent) {
            if (failure == null) {
                acknowledged.increment();
            } else {
                failed.increment();
                LOG.warnf("GMQ-BUS-004 channel %s: message %s on %s failed and is skipped: %s", channel, envelope.id(),
                        envelope.topic(), failure.getMessage());
            }
            if (wasRetry && retrying.decrementAndGet() == 0) {
                LOG.infof("GMQ-BUS-009 channel %s: retried messages acknowledged", channel);
            }
            outstanding.remove(envelope);
            window.release();
            return;
        }
        if (!wasRetry && retrying.getAndIncrement() == 0) {
            LOG.warnf("GMQ-BUS-008 channel %s: message %s nacked (%s); retrying from %d ms, doubling to %d ms", channel,
                    envelope.id(), failure.getMessage(), RETRY_MIN_MS, RETRY_MAX_MS);
        }
        // Still outstanding (and holding its place in the window) until taken or the channel stops.
        Thread.ofVirtual().name("gmq-bus-retry-" + name).start(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                emit(envelope, Math.min(Math.max(backoff, RETRY_MIN_MS) * 2, RETRY_MAX_MS));
            } else {
                // Kept (outstanding) for the spill; its place in the window is no longer needed.
                window.release();
            }
        });
    }
}
