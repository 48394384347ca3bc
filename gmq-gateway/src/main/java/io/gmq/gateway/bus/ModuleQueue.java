package io.gmq.gateway.bus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The inbox of one module. It outlives the module's instances, so messages wait here while the module stops or
 * restarts. One consumer (the module's worker) polls, handles, then commits; any number of publishers offer.
 * Implementations: {@link MemoryQueue} (bounded, overflow policies) and {@link DiskQueue} (policy spill-to-disk:
 * survives a crash).
 */
public interface ModuleQueue {

    /** Outcome of an offer, for the publisher. */
    enum Offer {
        QUEUED,
        DROPPED_NEWEST,
        QUEUED_DROPPED_OLDEST,
        REJECTED
    }

    Offer offer(Envelope message) throws InterruptedException;

    /**
     * Like {@link #offer}, but never waits (callable on an event loop): where the policy would wait for room it
     * answers {@code REJECTED} at once, without counting it, and the publisher offers again where it may wait.
     */
    default Offer offerNow(Envelope message) throws InterruptedException {
        return offer(message);
    }

    /** The next message, waiting up to {@code timeout}; null if none arrived. */
    Envelope poll(Duration timeout) throws InterruptedException;

    /**
     * The next message, waiting for one without a timeout (stopped by an interrupt): a virtual thread's timed wait
     * costs a timer task per message on a consumer that keeps up.
     */
    Envelope take() throws InterruptedException;

    /** The message last polled is done with (handled or failed): a durable queue forgets it now. */
    void commit();

    /** The message last polled was not handled (the module stopped): it comes back first. */
    void returnToHead(Envelope message);

    /** Removes and returns everything queued. */
    List<Envelope> drain();

    /** Messages queued and not yet committed. */
    int depth();

    int capacity();

    OverflowPolicy policy();

    long dropped();

    long rejected();

    /** New limits apply to the next offer. */
    void reconfigure(int capacity, OverflowPolicy policy, Duration blockTimeout);

    /** Releases files; the queue is not used afterwards. */
    default void close() {
    }

    /** Waits until the queue is empty or {@code timeout} passes; true if empty. */
    default boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (depth() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }
}
