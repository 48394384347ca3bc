package io.gmq.gateway.bus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A module queue in memory, bounded by its capacity in messages and by the bytes of the payloads it holds, applying the
 * module's {@link OverflowPolicy} when either bound is reached. The byte bound keeps a queue of large messages inside
 * the heap: 10,000 messages of 64 KiB are 640 MiB, more than the gateway's heap, which then stalls in garbage
 * collection and fails. A message larger than the bound still enters an empty queue.
 */
public final class MemoryQueue implements ModuleQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Envelope> items = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    /** Guarded by {@code lock}. */
    private boolean closed;
    private volatile int capacity;
    private volatile OverflowPolicy policy;
    private volatile Duration blockTimeout;
    private final long maxBytes;
    /** Payload bytes queued; guarded by {@code lock}. */
    private long bytes;

    /** A queue bounded by its capacity only (tests, and where payloads are small by construction). */
    public MemoryQueue(int capacity, OverflowPolicy policy, Duration blockTimeout) {
        this(capacity, policy, blockTimeout, Long.MAX_VALUE);
    }

    public MemoryQueue(int capacity, OverflowPolicy policy, Duration blockTimeout, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("queue max-memory-bytes must be at least 1, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        reconfigure(capacity, policy, blockTimeout);
    }

    /** New limits apply to the next offer; messages already queued stay, even above a smaller capacity. */
    @Override
    public void reconfigure(int newCapacity, OverflowPolicy newPolicy, Duration newBlockTimeout) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, was " + newCapacity);
        }
        lock.lock();
        try {
            capacity = newCapacity;
            policy = newPolicy;
            blockTimeout = newBlockTimeout;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Offer offer(Envelope message) throws InterruptedException {
        lock.lock();
        try {
            if (closed) {
                rejected.increment();
                return Offer.REJECTED;
            }
            if (!full(message)) {
                return enqueue(message);
            }
            switch (policy) {
                case DROP_OLDEST -> {
                    while (full(message) && !items.isEmpty()) {
                        bytes -= size(items.pollFirst());
                        dropped.increment();
                    }
                    enqueue(message);
                    return Offer.QUEUED_DROPPED_OLDEST;
                }
                case DROP_NEWEST -> {
                    dropped.increment();
                    return Offer.DROPPED_NEWEST;
                }
                case BLOCK -> {
                    long nanos = blockTimeout.toNanos();
                    while (full(message) || closed) {
                        if (nanos <= 0 || closed) {
                            rejected.increment();
                            return Offer.REJECTED;
                        }
                        nanos = notFull.awaitNanos(nanos);
                    }
                    return enqueue(message);
                }
                default -> {
                    rejected.increment();
                    return Offer.REJECTED;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Offer offerNow(Envelope message) throws InterruptedException {
        if (policy != OverflowPolicy.BLOCK) {
            return offer(message);
        }
        lock.lock();
        try {
            return !full(message) && !closed ? enqueue(message) : Offer.REJECTED;
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by {@code lock}: no room for {@code next} by count, or by bytes unless the queue is empty. */
    private boolean full(Envelope next) {
        return items.size() >= capacity || !items.isEmpty() && bytes + size(next) > maxBytes;
    }

    private static long size(Envelope message) {
        return message.payload() == null ? 0 : message.payload().length;
    }

    private Envelope removeFirst() {
        Envelope next = items.pollFirst();
        bytes -= size(next);
        notFull.signal();
        return next;
    }

    private Offer enqueue(Envelope message) {
        items.addLast(message);
        bytes += size(message);
        notEmpty.signal();
        return Offer.QUEUED;
    }

    /** The next message, waiting up to {@code timeout}; null if none arrived. */
    @Override
    public Envelope poll(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Envelope take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                notEmpty.await();
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (stopped by an interrupt) until a message is queued, without taking it. */
    public void awaitNotEmpty() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                notEmpty.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Puts a message back at the head (a handler was interrupted by a stop before it finished). */
    @Override
    public void returnToHead(Envelope message) {
        lock.lock();
        try {
            items.addFirst(message);
            bytes += size(message);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Nothing to forget: a message left memory when it was polled. */
    @Override
    public void commit() {
    }

    /** Adds messages restored from a shutdown spill, ahead of nothing and regardless of capacity. */
    public void restore(List<Envelope> messages) {
        lock.lock();
        try {
            items.addAll(messages);
            messages.forEach(m -> bytes += size(m));
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no offer any more, and one waiting for room gives up (refused): at a stop, so that nothing lands in the
     * queue after its spill. What is queued stays for {@link #drain}.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns everything queued (admin "clear", or spilling on shutdown). */
    @Override
    public List<Envelope> drain() {
        lock.lock();
        try {
            List<Envelope> all = new ArrayList<>(items);
            items.clear();
            bytes = 0;
            notFull.signalAll();
            return all;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int depth() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public OverflowPolicy policy() {
        return policy;
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long rejected() {
        return rejected.sum();
    }
}
