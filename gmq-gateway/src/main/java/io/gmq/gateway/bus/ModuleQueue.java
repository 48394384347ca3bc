package io.gmq.gateway.bus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded inbox of one module. It outlives the module's instances, so messages wait here while the module
 * restarts; when full it applies the module's {@link OverflowPolicy}.
 */
public final class ModuleQueue {

    /** Outcome of an offer, for the publisher. */
    public enum Offer {
        QUEUED,
        DROPPED_NEWEST,
        QUEUED_DROPPED_OLDEST,
        REJECTED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Envelope> items = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile int capacity;
    private volatile OverflowPolicy policy;
    private volatile Duration blockTimeout;

    public ModuleQueue(int capacity, OverflowPolicy policy, Duration blockTimeout) {
        reconfigure(capacity, policy, blockTimeout);
    }

    /** New limits apply to the next offer; messages already queued stay, even above a smaller capacity. */
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

    public Offer offer(Envelope message) throws InterruptedException {
        lock.lock();
        try {
            if (items.size() < capacity) {
                return enqueue(message);
            }
            switch (policy) {
                case DROP_OLDEST -> {
                    items.pollFirst();
                    dropped.increment();
                    enqueue(message);
                    return Offer.QUEUED_DROPPED_OLDEST;
                }
                case DROP_NEWEST -> {
                    dropped.increment();
                    return Offer.DROPPED_NEWEST;
                }
                case BLOCK -> {
                    long nanos = blockTimeout.toNanos();
                    while (items.size() >= capacity) {
                        if (nanos <= 0) {
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

    private Offer enqueue(Envelope message) {
        items.addLast(message);
        notEmpty.signal();
        return Offer.QUEUED;
    }

    /** The next message, waiting up to {@code timeout}; null if none arrived. */
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
            Envelope next = items.pollFirst();
            notFull.signal();
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Puts a message back at the head (a handler was interrupted by a stop before it finished). */
    public void returnToHead(Envelope message) {
        lock.lock();
        try {
            items.addFirst(message);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns everything queued (admin "clear", or spilling on shutdown). */
    public List<Envelope> drain() {
        lock.lock();
        try {
            List<Envelope> all = new ArrayList<>(items);
            items.clear();
            notFull.signalAll();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the queue is empty or {@code timeout} passes; true if empty. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (depth() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    public int depth() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public OverflowPolicy policy() {
        return policy;
    }

    public long dropped() {
        return dropped.sum();
    }

    public long rejected() {
        return rejected.sum();
    }
}
