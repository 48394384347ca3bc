package io.gmq.im.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a burst of identical failures (a backend overloaded for a few seconds fails thousands of calls) to one log
 * line per key and interval: the first failure is logged, the ones after it within the interval are counted and
 * the count goes with the next line.
 */
public final class FailureLog {

    private final long intervalNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FailureLog(java.time.Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Whether to log this failure now; {@code -1} means no, otherwise the number of failures of the same key that
     * were not logged since the last line.
     */
    public long admit(String key) {
        Window window = windows.computeIfAbsent(key, k -> new Window());
        long now = System.nanoTime();
        long last = window.lastLogged.get();
        if (last != 0 && now - last < intervalNanos) {
            window.suppressed.incrementAndGet();
            return -1;
        }
        if (!window.lastLogged.compareAndSet(last, now == 0 ? 1 : now)) {
            window.suppressed.incrementAndGet();
            return -1;
        }
        return window.suppressed.getAndSet(0);
    }

    private static final class Window {
        private final AtomicLong lastLogged = new AtomicLong();
        private final AtomicLong suppressed = new AtomicLong();
    }
}
