package io.gmq.im.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What happened to the messages of one load step (the step number rides in each body): sent, expected and
 * delivered copies, repeats, reordering, refusals and the latency histogram. Written from every event loop.
 */
final class StepStats {

    /** Latency in microseconds, up to 10 minutes, 3 significant digits. */
    private final Histogram latency = new ConcurrentHistogram(600_000_000L, 3);
    final LongAdder sent = new LongAdder();
    final LongAdder expected = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder reordered = new LongAdder();
    final LongAdder acks = new LongAdder();
    final AtomicLong lastDelivery = new AtomicLong();
    private final Map<String, LongAdder> sendErrors = new ConcurrentHashMap<>();

    void deliver(long now, long stamp) {
        latency.recordValue(Math.max(0, Math.min((now - stamp) / 1000, 600_000_000L)));
        delivered.increment();
        lastDelivery.accumulateAndGet(now, Math::max);
    }

    void sendError(long code, int expectedCopies) {
        expected.add(-expectedCopies);
        sendErrors.computeIfAbsent(Long.toString(code), k -> new LongAdder()).increment();
    }

    Map<String, Long> sendErrors() {
        Map<String, Long> copy = new TreeMap<>();
        sendErrors.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }

    Histogram latency() {
        return latency.copy();
    }
}
