package io.gmq.im.comet.service;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.gmq.im.comet.websocket.FrameCodec;
import io.gmq.im.comet.websocket.VertxSockets;
import io.gmq.im.common.ImCode;
import io.gmq.proto.im.v1.Message;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.impl.ContextInternal;

/**
 * One client connection on this comet: who it is, the rooms its user joined, a bounded count of frames written but
 * not yet taken by the socket, the last seq written per conversation, and the conversations it is recovering (live
 * messages for those are held and released after the recovered ones, so the client sees one ordered stream).
 */
public final class Session {

    private static final Logger LOG = Logger.getLogger(Session.class);

    private final String id;
    private final String user;
    private final String device;
    private final boolean admin;
    /** The key of the connection's token in {@link AbuseCooldown}. */
    private final String token;
    private final WebSocketConnection connection;
    /** The Vert.x socket under the connection, written directly on the hot path; null: through the connection. */
    private final WebSocketBase socket;
    private final int queueLimit;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Cursors cursors;
    /** The event loop of the connection (null when opened outside a Vert.x context): fan-out writes run there. */
    private final Executor eventLoop;
    private volatile long lastSeen = System.currentTimeMillis();
    /** The Vert.x timer that closes the connection when its token expires; -1: none. */
    private volatile long expiryTimer = -1;
    private long errorWindowStart = System.currentTimeMillis();
    private int errors;

    public Session(String id, String user, String device, boolean admin, String token, WebSocketConnection connection,
            int queueLimit) {
        this.id = id;
        this.user = user;
        this.device = device;
        this.admin = admin;
        this.token = token;
        this.connection = connection;
        this.socket = VertxSockets.of(connection);
        this.queueLimit = queueLimit;
        this.cursors = new Cursors(queueLimit);
        this.eventLoop = Vertx.currentContext() instanceof ContextInternal context ? context.nettyEventLoop() : null;
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
        if (socket != null) {
            socket.writeTextMessage(frame, written -> pending.decrementAndGet());
        } else {
            connection.sendText(frame).subscribe().with(ok -> pending.decrementAndGet(),
                    failure -> pending.decrementAndGet());
        }
        return true;
    }

    /** What became of a live message offered to this session. */
    public enum Offer {
        /** Written (queued for the socket). */
        WRITTEN,
        /** Kept, or left to storage, until the recovery of its conversation has written what comes before it. */
        HELD,
        /** Its seq was already written: a redelivery, dropped. */
        DUPLICATE,
        /** Seqs are missing before it, or the send queue is full: the caller starts a recovery of the conversation. */
        RECOVER,
        /** The session is closing. */
        REFUSED
    }

    /**
     * A live message: written when it is the next seq and the send queue has room; otherwise its conversation is
     * caught up from storage at the socket's pace (a full queue means the client reads slower than messages arrive,
     * and memory must stay bounded), and a repeated seq is dropped.
     */
    public synchronized Offer deliver(Message message, String frame) {
        if (closing.get()) {
            return Offer.REFUSED;
        }
        return switch (cursors.offer(message)) {
            case HELD, DROPPED -> Offer.HELD;
            case DUPLICATE -> Offer.DUPLICATE;
            case GAP -> Offer.RECOVER;
            case NEXT -> writeNext(message, frame);
        };
    }

    private Offer writeNext(Message message, String frame) {
        if (pending.get() >= queueLimit) {
            cursors.hold(message.getConversation());
            return Offer.RECOVER;
        }
        if (!send(frame)) {
            return Offer.REFUSED;
        }
        cursors.written(message);
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
            cursors.written(message);
        }
        return true;
    }

    /** A recovery of the conversation starts; false when one is already running. */
    public synchronized boolean beginRecovery(String conversation) {
        return cursors.beginRecovery(conversation);
    }

    /** The highest seq written in a conversation, or 0 when none. */
    public synchronized long lastSeq(String conversation) {
        return cursors.lastSeq(conversation);
    }

    /**
     * Ends a recovery: writes the held live messages newer than what it wrote and returns true, or, when live
     * messages were left to storage meanwhile or do not fit the send queue, keeps holding and returns false (the
     * recovery goes on from the last written seq).
     */
    public synchronized boolean releaseLive(String conversation) {
        List<Message> ready = cursors.release(conversation, queueLimit - pending.get());
        if (ready == null) {
            return false;
        }
        for (Message message : ready) {
            if (message.getSeq() > cursors.lastSeq(conversation) && send(FrameCodec.message(message))) {
                cursors.written(message);
            }
        }
        return true;
    }

    /**
     * The connection starts in the conversation after {@code seq} (the inbox after its acknowledged seq): what is at
     * or below it is never written to it, and counts as received.
     */
    public synchronized void startsAfter(String conversation, long seq) {
        cursors.startsAfter(conversation, seq);
    }

    /** A recovery failed: stops holding; the next live message shows the gap again. */
    public synchronized void abandonRecovery(String conversation) {
        cursors.abandon(conversation);
    }

    /**
     * Tells the client why and closes with the code. The {@code disconnect} frame goes out even when the send queue
     * is full (a slow consumer): one frame more, and the client that reads on learns why before the close frame.
     */
    public void close(ImCode code, String reason) {
        if (closing.compareAndSet(false, true)) {
            // Kicks and shutdowns are logged by their callers; these closes are the connection's own doing.
            if (code == ImCode.SLOW_CONSUMER || code == ImCode.RECOVERY_FAILED || code == ImCode.TOO_MANY_ERRORS) {
                LOG.infof("GMQ-CMT-030 closing connection %s of %s with %d %s: %s", id, user, code.code(), code.name(),
                        reason);
            }
            connection.sendText(FrameCodec.disconnect(code, reason)).subscribe().with(ok -> {
            }, failure -> {
            });
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

    public void expiryTimer(long timer) {
        expiryTimer = timer;
    }

    public long expiryTimer() {
        return expiryTimer;
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

    public String token() {
        return token;
    }

    /** Where writes to this connection cost no thread hop; null when unknown. */
    public Executor eventLoop() {
        return eventLoop;
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
