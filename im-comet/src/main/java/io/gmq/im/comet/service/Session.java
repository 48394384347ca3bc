package io.gmq.im.comet.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.gmq.im.comet.websocket.FrameCodec;
import io.gmq.im.common.ImCode;
import io.gmq.proto.im.v1.Message;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * One client connection on this comet: who it is, the rooms its user joined, a bounded count of frames written but
 * not yet taken by the socket, the last seq written per conversation, and the conversations it is recovering (live
 * messages for those are held and released after the recovered ones, so the client sees one ordered stream).
 */
public final class Session {

    private final String id;
    private final String user;
    private final String device;
    private final boolean admin;
    private final WebSocketConnection connection;
    private final int queueLimit;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<String, List<Message>> held = new HashMap<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private volatile long lastSeen = System.currentTimeMillis();
    private long errorWindowStart = System.currentTimeMillis();
    private int errors;

    public Session(String id, String user, String device, boolean admin, WebSocketConnection connection,
            int queueLimit) {
        this.id = id;
        this.user = user;
        this.device = device;
        this.admin = admin;
        this.connection = connection;
        this.queueLimit = queueLimit;
    }

    /**
     * Writes a frame unless the queue is full; a full queue closes the connection with SLOW_CONSUMER and returns
     * false.
     */
    public boolean send(String frame) {
        if (closing.get()) {
            return false;
        }
        if (pending.incrementAndGet() > queueLimit) {
            pending.decrementAndGet();
            close(ImCode.SLOW_CONSUMER, queueLimit + " frames waiting for the socket");
            return false;
        }
        connection.sendText(frame).subscribe().with(ok -> pending.decrementAndGet(), failure -> pending.decrementAndGet());
        return true;
    }

    /** What became of a live message offered to this session. */
    public enum Offer {
        /** Written (queued for the socket). */
        WRITTEN,
        /** Kept until the recovery of its conversation has written the gap. */
        HELD,
        /** Its seq was already written: a redelivery, dropped. */
        DUPLICATE,
        /** Seqs are missing before it: held, and the caller starts a gap recovery. */
        GAP,
        /** The session is closing (slow consumer). */
        REFUSED
    }

    /**
     * A live message: written now; held while its conversation is being recovered; dropped when its seq was already
     * written; or, when seqs are missing before it (a delivery to this comet failed), held while the gap is
     * recovered.
     */
    public synchronized Offer deliver(Message message, String frame) {
        String conversation = message.getConversation();
        List<Message> hold = held.get(conversation);
        if (hold != null) {
            if (hold.size() >= queueLimit) {
                close(ImCode.SLOW_CONSUMER, "too many live messages during recovery");
                return Offer.REFUSED;
            }
            hold.add(message);
            return Offer.HELD;
        }
        Long last = lastSeq.get(conversation);
        if (last != null && message.getSeq() <= last) {
            return Offer.DUPLICATE;
        }
        if (last != null && message.getSeq() > last + 1) {
            held.put(conversation, new ArrayList<>(List.of(message)));
            return Offer.GAP;
        }
        if (!send(frame)) {
            return Offer.REFUSED;
        }
        lastSeq.put(conversation, message.getSeq());
        return Offer.WRITTEN;
    }

    /**
     * Writes a recovered message and waits until the socket took it, so a long recovery is paced by the client
     * instead of filling the send queue; a client that takes nothing for {@code timeout} is a slow consumer.
     */
    public boolean writeRecovered(Message message, Duration timeout) {
        if (closing.get()) {
            return false;
        }
        try {
            connection.sendText(FrameCodec.message(message)).await().atMost(timeout);
        } catch (RuntimeException e) {
            close(ImCode.SLOW_CONSUMER, "a recovered message was not taken within " + timeout);
            return false;
        }
        synchronized (this) {
            lastSeq.merge(message.getConversation(), message.getSeq(), Math::max);
        }
        return true;
    }

    public synchronized void holdLive(String conversation) {
        held.putIfAbsent(conversation, new ArrayList<>());
    }

    /** The highest seq written in a conversation, or 0 when none. */
    public synchronized long lastSeq(String conversation) {
        return lastSeq.getOrDefault(conversation, 0L);
    }

    /** Writes the held live messages newer than what recovery wrote, and stops holding. */
    public synchronized void releaseLive(String conversation) {
        List<Message> hold = held.remove(conversation);
        if (hold == null) {
            return;
        }
        for (Message message : hold) {
            if (message.getSeq() > lastSeq.getOrDefault(conversation, 0L) && send(FrameCodec.message(message))) {
                lastSeq.put(conversation, message.getSeq());
            }
        }
    }

    /** Tells the client why (when the queue has room) and closes with the code. */
    public void close(ImCode code, String reason) {
        if (closing.compareAndSet(false, true)) {
            if (pending.get() < queueLimit) {
                connection.sendText(FrameCodec.disconnect(code, reason)).subscribe().with(ok -> {
                }, failure -> {
                });
            }
            connection.close(new CloseReason(code.code(), code.name())).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    /** Counts a bad frame; true when the per-minute allowance is used up. */
    public synchronized boolean tooManyErrors(int perMinute) {
        long now = System.currentTimeMillis();
        if (now - errorWindowStart > 60_000) {
            errorWindowStart = now;
            errors = 0;
        }
        return ++errors > perMinute;
    }

    public void touch() {
        lastSeen = System.currentTimeMillis();
    }

    public long lastSeen() {
        return lastSeen;
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    public String device() {
        return device;
    }

    public boolean admin() {
        return admin;
    }

    public Set<String> rooms() {
        return rooms;
    }

    public boolean closing() {
        return closing.get();
    }

    public int pending() {
        return pending.get();
    }
}
