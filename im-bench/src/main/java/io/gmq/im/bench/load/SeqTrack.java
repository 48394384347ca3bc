package io.gmq.im.bench.load;

import java.util.BitSet;

/**
 * The seqs one client has seen in one conversation: tells a repeat (same seq again) from a message that came after a
 * higher seq (reordered). Conversations are fresh per run, so seqs are small and index a bit set directly. Used on one
 * event loop only.
 */
final class SeqTrack {

    enum Verdict {
        FIRST,
        REORDERED,
        DUPLICATE
    }

    private static final long MAX_TRACKED = 1L << 26;
    private final BitSet seen = new BitSet();
    private long max;

    Verdict add(long seq) {
        if (seq < 0 || seq >= MAX_TRACKED) {
            return Verdict.FIRST;
        }
        int index = (int) seq;
        if (seen.get(index)) {
            return Verdict.DUPLICATE;
        }
        seen.set(index);
        if (seq < max) {
            return Verdict.REORDERED;
        }
        max = seq;
        return Verdict.FIRST;
    }

    long max() {
        return max;
    }

    /** Seqs below the highest seen that never came (seqs start at 1). */
    long holes() {
        return max - seen.cardinality();
    }
}
