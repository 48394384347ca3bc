package io.gmq.gateway.bus;

/**
 * Something on the bus with a queue of its own that receives the messages matching its subscriptions: a module of
 * the registry, or an incoming channel of the {@code gmq-bus} Reactive Messaging connector.
 */
public interface BusSubscriber {

    /** The name publishers see in a {@code rejectedBy} list; a message whose source is this name never comes back. */
    String name();

    /** Whether a message on this topic goes to this subscriber's queue now (false while disabled, for example). */
    boolean takes(String topic);

    ModuleQueue queue();

    /** A message was queued for this subscriber. */
    void countReceived();

    /**
     * Takes the message by handing it on at once on the calling thread, when that thread cannot wait and nothing is
     * queued before it; false: it goes to the queue. Saves waking the subscriber's worker for every message.
     */
    default boolean deliverNow(Envelope message) {
        return false;
    }
}
