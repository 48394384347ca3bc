package io.gmq.im.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Every count of one generator run: per-step message figures, sends still waiting for their ack, connect latency,
 * and closes and error frames by code.
 */
final class Tally {

    private final StepStats[] steps = new StepStats[100];
    /** cid → {step, expected copies} until the comet acks or refuses the send. */
    private final Map<String, int[]> inFlight = new ConcurrentHashMap<>();
    final Histogram connectMicros = new ConcurrentHistogram(600_000_000L, 3);
    final LongAdder messageFrames = new LongAdder();
    final LongAdder foreignMessages = new LongAdder();
    final LongAdder unjoinedDeliveries = new LongAdder();
    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    Tally() {
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new StepStats();
        }
    }

    StepStats step(int step) {
        return steps[step];
    }

    void sending(String cid, int step, int expectedCopies) {
        inFlight.put(cid, new int[] { step, expectedCopies });
        steps[step].sent.increment();
        steps[step].expected.add(expectedCopies);
    }

    void acked(String cid) {
        int[] sent = cid == null ? null : inFlight.remove(cid);
        if (sent != null) {
            steps[sent[0]].acks.increment();
        }
    }

    /** An error frame; with the {@code ref} of a send, that send is refused and its copies are not expected. */
    void error(long code, String ref) {
        int[] sent = ref == null ? null : inFlight.remove(ref);
        if (sent != null) {
            steps[sent[0]].sendError(code, sent[1]);
        } else {
            errors.computeIfAbsent(Long.toString(code), k -> new LongAdder()).increment();
        }
    }

    /** A connection that had been welcomed was closed (by the comet, with this code, or lost: -1). */
    void closed(int code) {
        closes.computeIfAbsent(Integer.toString(code), k -> new LongAdder()).increment();
    }

    /** Forgets the connect latencies and closes so far (those of a warm-up). */
    void resetConnects() {
        connectMicros.reset();
        closes.clear();
    }

    Map<String, Long> closes() {
        return snapshot(closes);
    }

    Map<String, Long> errors() {
        return snapshot(errors);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }
}
