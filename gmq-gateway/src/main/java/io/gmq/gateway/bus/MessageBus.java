package io.gmq.gateway.bus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.gateway.module.ModuleRuntime;
import io.gmq.gateway.module.PublishResult;

/**
 * Routes each published envelope into the queue of every subscriber whose subscriptions match its topic (never back
 * to the one that published it): the modules of the registry and the incoming {@code gmq-bus} channels. Modules that
 * are stopped or restarting still receive: their queues hold the work; DISABLED and FAILED ones receive nothing (a
 * FAILED one would never handle it), so the publisher's count shows it.
 */
@ApplicationScoped
public class MessageBus {

    private final Map<String, ModuleRuntime> modules = new ConcurrentHashMap<>();
    private final Map<String, BusSubscriber> channels = new ConcurrentHashMap<>();

    public void register(ModuleRuntime runtime) {
        modules.put(runtime.name(), runtime);
    }

    public void unregister(String name) {
        modules.remove(name);
    }

    /** An incoming channel of the {@code gmq-bus} connector; its name must not be a module's. */
    public void subscribe(BusSubscriber channel) {
        if (channels.putIfAbsent(channel.name(), channel) != null) {
            throw new IllegalStateException("a bus channel named '" + channel.name() + "' is already subscribed");
        }
    }

    public void unsubscribe(String name) {
        channels.remove(name);
    }

    public Collection<ModuleRuntime> modules() {
        return modules.values();
    }

    public ModuleRuntime module(String name) {
        return modules.get(name);
    }

    public PublishResult publish(Envelope envelope) {
        return publish(envelope, true);
    }

    /**
     * Publishes without waiting (callable on an event loop): a queue that would wait for room refuses instead, and
     * the publisher offers it again with {@link #offerAgain} where it may wait.
     */
    public PublishResult publishNow(Envelope envelope) {
        return publish(envelope, false);
    }

    private PublishResult publish(Envelope envelope, boolean mayWait) {
        Delivery delivery = new Delivery(mayWait);
        for (ModuleRuntime module : modules.values()) {
            if (module.takes(envelope.topic())) {
                offer(module, envelope, delivery);
            }
        }
        if (!channels.isEmpty()) {
            for (BusSubscriber channel : channels.values()) {
                if (channel.takes(envelope.topic())) {
                    offer(channel, envelope, delivery);
                }
            }
        }
        return new PublishResult(envelope.id(), delivery.delivered, delivery.rejectedBy);
    }

    /**
     * Offers a message again to the named subscribers only (those that refused it before), so the others do not get
     * it twice; a name no longer subscribed is skipped.
     */
    public PublishResult offerAgain(Envelope envelope, List<String> names) {
        Delivery delivery = new Delivery(true);
        for (String name : names) {
            BusSubscriber subscriber = modules.containsKey(name) ? modules.get(name) : channels.get(name);
            if (subscriber != null && subscriber.takes(envelope.topic())) {
                offer(subscriber, envelope, delivery);
            }
        }
        return new PublishResult(envelope.id(), delivery.delivered, delivery.rejectedBy);
    }

    private static void offer(BusSubscriber subscriber, Envelope envelope, Delivery delivery) {
        if (subscriber.name().equals(envelope.source())) {
            return;
        }
        ModuleQueue.Offer offer;
        try {
            if (delivery.mayWait) {
                offer = subscriber.queue().offer(envelope);
            } else if (subscriber.deliverNow(envelope)) {
                offer = ModuleQueue.Offer.QUEUED;
            } else {
                offer = subscriber.queue().offerNow(envelope);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            offer = ModuleQueue.Offer.REJECTED;
        }
        switch (offer) {
            case QUEUED, QUEUED_DROPPED_OLDEST -> {
                subscriber.countReceived();
                delivery.delivered++;
            }
            case DROPPED_NEWEST -> {
            }
            case REJECTED -> delivery.rejectedBy.add(subscriber.name());
        }
    }

    private static final class Delivery {
        private final boolean mayWait;
        private int delivered;
        private final List<String> rejectedBy = new ArrayList<>(0);

        private Delivery(boolean mayWait) {
            this.mayWait = mayWait;
        }
    }
}
