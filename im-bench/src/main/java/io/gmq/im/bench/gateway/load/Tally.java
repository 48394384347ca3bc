package io.gmq.im.bench.gateway.load;

import java.util.BitSet;

import org.HdrHistogram.Histogram;

/**
 * What the subscriber received, by phase: for the measured phase ({@code m}) each sequence number once (a BitSet),
 * repeats, reordering, first and last arrival and the send → receive latency; for the probe and the warm-up only
 * counts. Written by the subscriber's reader thread, read by the main thread: every method is synchronized.
 */
final class Tally {

    private final BitSet seen = new BitSet();
    private final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    private long distinct;
    private long duplicates;
    private long reordered;
    private long maxSeq = -1;
    private long firstNanos;
    private long lastNanos;
    private long warmup;
    private long probes;
    private long foreign;

    synchronized void record(char phase, long seq, long sentNanos, long now) {
        switch (phase) {
            case 'm' -> measured(seq, sentNanos, now);
            case 'w' -> warmup++;
            case 'p' -> probes++;
            default -> foreign++;
        }
    }

    private void measured(long seq, long sentNanos, long now) {
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            foreign++;
            return;
        }
        if (seen.get((int) seq)) {
            duplicates++;
            return;
        }
        seen.set((int) seq);
        distinct++;
        if (seq < maxSeq) {
            reordered++;
        }
        maxSeq = Math.max(maxSeq, seq);
        if (firstNanos == 0) {
            firstNanos = now;
        }
        lastNanos = now;
        latencyMicros.recordValue(Math.min(Math.max(0, (now - sentNanos) / 1000), 60_000_000L));
    }

    synchronized long distinct() {
        return distinct;
    }

    synchronized long warmup() {
        return warmup;
    }

    synchronized long probes() {
        return probes;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long reordered() {
        return reordered;
    }

    synchronized long foreign() {
        return foreign;
    }

    synchronized long lastNanos() {
        return lastNanos;
    }

    /** Latency percentile in ms (one decimal), of the measured phase's first copies. */
    synchronized double latencyMs(double percentile) {
        return distinct == 0 ? -1 : Math.round(latencyMicros.getValueAtPercentile(percentile) / 100.0) / 10.0;
    }
}
