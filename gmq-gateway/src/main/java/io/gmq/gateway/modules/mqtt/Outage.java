package io.gmq.gateway.modules.mqtt;

import java.time.Duration;

/**
 * Owns the bookkeeping of a broker outage for one bridge: the reconnect delay (doubling from a minimum to a maximum),
 * when the outage began, how many attempts it took and the last failure, for the single line that ends it.
 */
final class Outage {

    private final long minMillis;
    private final long maxMillis;
    private long delayMillis;
    private long startNanos;
    private int attempts;
    private String lastFailure;

    Outage(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.delayMillis = minMillis;
    }

    void begin() {
        startNanos = System.nanoTime();
        attempts = 0;
        lastFailure = null;
    }

    void attempted() {
        attempts++;
    }

    void failed(Throwable cause) {
        lastFailure = describe(cause);
    }

    /** The delay before the next attempt; each call doubles the following one, up to the maximum. */
    long nextDelayMillis() {
        long delay = delayMillis;
        delayMillis = Math.min(delayMillis * 2, maxMillis);
        return delay;
    }

    long maxMillis() {
        return maxMillis;
    }

    /** For the line that ends the outage; resets the delay for the next one. */
    String end() {
        String summary = (System.nanoTime() - startNanos) / 1_000_000 + " ms and " + attempts + " attempts"
                + (lastFailure == null ? "" : " (last failure: " + lastFailure + ")");
        delayMillis = minMillis;
        attempts = 0;
        lastFailure = null;
        return summary;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
