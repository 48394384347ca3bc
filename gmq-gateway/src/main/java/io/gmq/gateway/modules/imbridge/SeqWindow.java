package io.gmq.gateway.modules.imbridge;

import java.util.TreeSet;

/**
 * Which seqs of one room the bridge has processed: everything up to a watermark, plus the few above it that arrived
 * early. A recovered gap can come after newer live messages (docs/IM.md), so "seq above the last one" is not enough
 * to tell a repeat from a late message. Bounded: past {@code LIMIT} early seqs the watermark moves up and the gap
 * below it is given up. Thread-safe.
 */
final class SeqWindow {

    static final int LIMIT = 4096;

    private long watermark;
    private final TreeSet<Long> above = new TreeSet<>();
    /** The next seq to arrive ends the gap below it (storage no longer holds it). */
    private boolean givingUp;

    /** @param watermark last seq processed, or -1 when unknown (the first message seen becomes the start) */
    SeqWindow(long watermark) {
        this.watermark = watermark;
    }

    /** Whether {@code seq} was processed already (a repeat). */
    synchronized boolean seen(long seq) {
        return watermark >= 0 && (seq <= watermark || above.contains(seq));
    }

    /**
     * Records {@code seq} as processed; returns how many seqs below it were given up (a gap storage no longer holds,
     * or one kept open past the bound).
     */
    synchronized long processed(long seq) {
        if (watermark < 0) {
            watermark = seq;
            return 0;
        }
        if (seq <= watermark) {
            return 0;
        }
        long givenUp = givingUp ? skipBelow(seq) : 0;
        above.add(seq);
        if (above.size() > LIMIT) {
            givenUp += skipBelow(above.first());
        }
        compact();
        return givenUp;
    }

    /**
     * A recovery said storage no longer holds part of the gap: stop waiting for the seqs missing below the first one
     * that arrived after the watermark (now, or when the next one arrives). Returns how many were given up now.
     */
    synchronized long giveUpGap() {
        if (above.isEmpty()) {
            givingUp = watermark >= 0;
            return 0;
        }
        return skipBelow(above.first());
    }

    /** Last seq up to which everything was processed; -1 when unknown. */
    synchronized long watermark() {
        return watermark;
    }

    /** Moves the watermark to just below {@code first}; returns how many seqs under it never arrived. */
    private long skipBelow(long first) {
        givingUp = false;
        if (first - 1 <= watermark) {
            return 0;
        }
        long missing = (first - 1 - watermark) - above.headSet(first, false).size();
        above.headSet(first, false).clear();
        watermark = first - 1;
        compact();
        return missing;
    }

    private void compact() {
        while (!above.isEmpty() && above.first() == watermark + 1) {
            watermark = above.pollFirst();
        }
    }
}
