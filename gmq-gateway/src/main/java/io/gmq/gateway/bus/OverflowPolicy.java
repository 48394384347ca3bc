package io.gmq.gateway.bus;

/**
 * What a module's queue does with a message that arrives when it is full.
 */
public enum OverflowPolicy {
    /** The publisher waits (up to the queue's block timeout, then the message is rejected). */
    BLOCK,
    /** The oldest queued message is dropped (counted) to make room. */
    DROP_OLDEST,
    /** The arriving message is dropped (counted); the publisher is told it was accepted. */
    DROP_NEWEST,
    /** The arriving message is refused; the publisher gets error code QUEUE_FULL. */
    REJECT,
    /**
     * Every message is written to disk first (the queue survives kill -9 and is replayed, at least once); the disk
     * part is bounded by {@code queue.max-disk-bytes}, beyond which messages are rejected.
     */
    SPILL_TO_DISK;

    /** Parses the configuration spelling: block, drop-oldest, drop-newest, reject. */
    public static OverflowPolicy parse(String value) {
        for (OverflowPolicy policy : values()) {
            if (policy.name().replace('_', '-').equalsIgnoreCase(value.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException(
                "unknown overflow policy '" + value + "' (block, drop-oldest, drop-newest, reject, spill-to-disk)");
    }

    public String spelling() {
        return name().toLowerCase().replace('_', '-');
    }
}
