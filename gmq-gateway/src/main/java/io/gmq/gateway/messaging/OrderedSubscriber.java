package io.gmq.gateway.messaging;

import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.vertx.core.Context;

/**
 * The subscriber of an outgoing channel of ours: hands each message, in order, to a handler that may block (a full
 * queue, a full MQTT window). It runs the handler on the calling thread, which is a worker of ours for the gateway's
 * own sources, without a per-message hop; a message arriving on an event loop (a Kafka source) goes to one virtual
 * thread of the channel instead, and so do the ones after it while any wait there, so the order holds. Demand is
 * {@code PREFETCH} messages, renewed one by one as they are handled.
 */
final class OrderedSubscriber implements Flow.Subscriber<Message<?>> {

    private static final Logger LOG = Logger.getLogger(OrderedSubscriber.class);
    private static final int PREFETCH = 256;

    private final String channel;
    private final Consumer<Message<?>> handler;
    private final LinkedBlockingQueue<Message<?>> offloaded = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Flow.Subscription subscription;
    private Thread worker;

    OrderedSubscriber(String channel, Consumer<Message<?>> handler) {
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(PREFETCH);
    }

    @Override
    public void onNext(Message<?> message) {
        if (pending.get() == 0 && !Context.isOnEventLoopThread()) {
            handle(message);
            return;
        }
        pending.incrementAndGet();
        offloaded.add(message);
        startWorker();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.errorf("GMQ-BUS-012 channel %s: its upstream failed: %s", channel, failure.toString());
    }

    @Override
    public void onComplete() {
    }

    private void handle(Message<?> message) {
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            message.nack(e);
        }
        subscription.request(1);
    }

    private synchronized void startWorker() {
        if (worker != null) {
            return;
        }
        worker = Thread.ofVirtual().name("gmq-channel-" + channel).start(() -> {
            try {
                while (true) {
                    Message<?> next = offloaded.take();
                    handle(next);
                    pending.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
