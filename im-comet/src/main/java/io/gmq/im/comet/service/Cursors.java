package io.gmq.im.comet.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gmq.proto.im.v1.Message;

/**
 * Where one connection stands in each of its conversations: the last seq written, and the live messages held while
 * the conversation is being recovered from storage. Holding is bounded: past the bound a live message is dropped
 * and the recovery fetches it from storage instead, so memory stays bounded and nothing is lost. Not thread-safe:
 * guarded by its {@link Session}.
 */
final class Cursors {

    /** What a live message means for its conversation. */
    enum Position {
        /** The next seq: write it. */
        NEXT,
        /** Kept until the recovery has written the gap. */
        HELD,
        /** Dropped while recovering (the hold is full): the recovery fetches it from storage. */
        DROPPED,
        /** Its seq was already written: a redelivery. */
        DUPLICATE,
        /** Seqs are missing before it: it is held, and the conversation must be recovered. */
        GAP
    }

    private static final class Hold {
        private final List<Message> messages = new ArrayList<>();
        private boolean overflowed;
    }

    private final int holdLimit;
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final Map<String, Hold> held = new HashMap<>();
    private final Set<String> recovering = new HashSet<>();

    Cursors(int holdLimit) {
        this.holdLimit = holdLimit;
    }

    Position offer(Message message) {
        String conversation = message.getConversation();
        Hold hold = held.get(conversation);
        if (hold != null) {
            if (hold.messages.size() >= holdLimit) {
                hold.overflowed = true;
                return Position.DROPPED;
            }
            hold.messages.add(message);
            return Position.HELD;
        }
        Long last = lastSeq.get(conversation);
        if (last != null && message.getSeq() <= last) {
            return Position.DUPLICATE;
        }
        if (last != null && message.getSeq() > last + 1) {
            holdOf(conversation).messages.add(message);
            return Position.GAP;
        }
        return Position.NEXT;
    }

    /**
     * Holds the conversation's live messages from now on without a recovery running yet (the send queue is full);
     * the caller starts one.
     */
    void hold(String conversation) {
        holdOf(conversation);
    }

    /** A recovery of the conversation starts; false when one is already running (it covers everything held). */
    boolean beginRecovery(String conversation) {
        if (!recovering.add(conversation)) {
            return false;
        }
        holdOf(conversation);
        return true;
    }

    /**
     * Ends holding when the held messages fit in {@code room} free slots of the send queue and none were dropped:
     * returns them (to be written now). Otherwise keeps holding afresh and returns null: the recovery goes on from
     * the last written seq, which covers what was held.
     */
    List<Message> release(String conversation, int room) {
        Hold hold = held.get(conversation);
        if (hold != null && (hold.overflowed || hold.messages.size() > room)) {
            held.put(conversation, new Hold());
            return null;
        }
        held.remove(conversation);
        recovering.remove(conversation);
        return hold == null ? List.of() : hold.messages;
    }

    /** A failed recovery: stops holding and forgets what was held (the next live message shows the gap again). */
    void abandon(String conversation) {
        held.remove(conversation);
        recovering.remove(conversation);
    }

    void written(Message message) {
        lastSeq.merge(message.getConversation(), message.getSeq(), Math::max);
    }

    void startsAfter(String conversation, long seq) {
        if (seq > 0) {
            lastSeq.merge(conversation, seq, Math::max);
        }
    }

    long lastSeq(String conversation) {
        return lastSeq.getOrDefault(conversation, 0L);
    }

    private Hold holdOf(String conversation) {
        return held.computeIfAbsent(conversation, c -> new Hold());
    }
}
