package io.gmq.gateway.messaging;

import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.vertx.core.Context;

/**
 * The subscriber of an outgoing channel of ours: hands each message, in order, to a {@link Step} that does what needs
 * no waiting on the calling thread (an event loop included) and may leave a rest that waits (a full queue, a full
 * MQTT window). The rest runs on the calling thread too when that is a worker of ours; on an event loop it goes to one
 * virtual thread of the channel, and so do the messages after it while any wait there, so the order holds. Demand is
 * {@code PREFETCH} messages, renewed one by one as they are done.
 */
final class OrderedSubscriber implements Flow.Subscriber<Message<?>> {

    /** One sink's handling of a message, in two parts. */
    @FunctionalInterface
    interface Step {

        /** Does what needs no waiting; returns what is left to do where waiting is allowed, or null when done. */
        Runnable start(Message<?> message);
    }

    private static final Logger LOG = Logger.getLogger(OrderedSubscriber.class);
    private static final int PREFETCH = 256;

    private final String channel;
    private final Step step;
    private final LinkedBlockingQueue<Runnable> offloaded = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Flow.Subscription subscription;
    private Thread worker;

    OrderedSubscriber(String channel, Step step) {
        this.channel = channel;
        this.step = step;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(PREFETCH);
    }

    @Override
    public void onNext(Message<?> message) {
        if (pending.get() > 0) {
            offload(() -> {
                Runnable rest = start(message);
                if (rest != null) {
                    rest.run();
                }
            });
            return;
        }
        Runnable rest = start(message);
        if (rest == null) {
            subscription.request(1);
        } else if (!Context.isOnEventLoopThread()) {
            rest.run();
            subscription.request(1);
        } else {
            offload(rest);
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.errorf("GMQ-BUS-012 channel %s: its upstream failed: %s", channel, failure.toString());
    }

    @Override
    public void onComplete() {
    }

    private Runnable start(Message<?> message) {
        try {
            Runnable rest = step.start(message);
            return rest == null ? null : () -> {
                try {
                    rest.run();
                } catch (RuntimeException e) {
                    message.nack(e);
                }
            };
        } catch (RuntimeException e) {
            message.nack(e);
            return null;
        }
    }

    private void offload(Runnable work) {
        pending.incrementAndGet();
        offloaded.add(work);
        startWorker();
    }

    private synchronized void startWorker() {
        if (worker != null) {
            return;
        }
        worker = Thread.ofVirtual().name("gmq-channel-" + channel).start(() -> ChannelThreadContext.run(() -> {
            try {
                while (true) {
                    Runnable next = offloaded.take();
                    next.run();
                    pending.decrementAndGet();
                    // Drains what waits upstream on this thread.
                    subscription.request(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }
}
