package io.gmq.im.comet.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gmq.im.comet.client.HistoryClient;
import io.gmq.im.comet.config.CometConfig;
import io.gmq.im.comet.websocket.FrameCodec;
import io.gmq.im.common.Conversations;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.proto.im.push.v1.FetchReply;
import io.gmq.proto.im.v1.Message;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Recovery of a gap: the messages of one conversation after a seq, from push's storage, written in order before any
 * live message of that conversation, then a {@code recovered} frame that says whether the gap was closed
 * completely. Asked for by the client, or started by the comet when it sees a seq missing or the connection's send
 * queue full.
 */
@ApplicationScoped
public class RecoveryService {

    private static final int MAX_PAGES = 20;
    /** Rounds of "fetch, then release the held live messages" before a client that never catches up is closed. */
    private static final int MAX_ROUNDS = 10;

    private static final Logger LOG = Logger.getLogger(RecoveryService.class);

    private final HistoryClient history;
    private final int limit;
    private final Duration writeTimeout;

    public RecoveryService(HistoryClient history, CometConfig config) {
        this.history = history;
        this.limit = config.recoverLimit();
        this.writeTimeout = config.callTimeout();
    }

    /** A client's recover request: the conversation after its last seq. */
    public void recover(Session session, String conversation, long afterSeq) {
        authorize(session, conversation);
        if (!session.beginRecovery(conversation)) {
            throw new ImException(ImCode.UNAVAILABLE, "a recovery of " + conversation + " is already running");
        }
        fill(session, conversation, afterSeq);
    }

    /**
     * A recovery the comet starts itself (a seq is missing after a failed delivery, or the send queue is full), in
     * the background while the live messages are held. Push only sends a conversation to its recipients, so there is
     * nothing to authorize. When storage cannot be read, the client is closed with a reconnect code: it reconnects
     * and recovers with its own last seqs, so nothing is lost.
     */
    public void recoverGap(Session session, String conversation) {
        if (!session.beginRecovery(conversation)) {
            return;
        }
        long after = session.lastSeq(conversation);
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                fill(session, conversation, after);
            } catch (ImException e) {
                LOG.warnf("GMQ-CMT-020 gap after seq %d of %s for %s not recovered: %s", after, conversation,
                        session.user(), e.getMessage());
                session.close(ImCode.RECOVERY_FAILED, "the gap after seq " + after + " of " + conversation
                        + " could not be read from storage");
            }
        });
    }

    private void fill(Session session, String conversation, long afterSeq) {
        boolean caughtUp = false;
        try {
            Progress progress = new Progress(afterSeq);
            for (int round = 0; round < MAX_ROUNDS && !caughtUp; round++) {
                if (!fetchAndWrite(session, conversation, progress)) {
                    return;
                }
                if (round == 0 && afterSeq == 0 && Conversations.isInbox(conversation)) {
                    // Storage answered from the user's acknowledged seq: the connection has everything up to it.
                    session.startsAfter(conversation, progress.fromSeq);
                }
                caughtUp = session.releaseLive(conversation);
            }
            if (!caughtUp) {
                session.close(ImCode.SLOW_CONSUMER, "live messages of " + conversation + " kept outrunning recovery");
                return;
            }
            session.send(FrameCodec.recovered(conversation, progress.complete, progress.reason, progress.fromSeq,
                    progress.count));
        } finally {
            if (!caughtUp) {
                session.abandonRecovery(conversation);
            }
        }
    }

    /** Pages through storage after the last written seq; false when the socket did not take a message in time. */
    private boolean fetchAndWrite(Session session, String conversation, Progress progress) {
        for (int page = 0; page < MAX_PAGES; page++) {
            FetchReply reply = history.fetch(session.user(), conversation, progress.last, limit);
            progress.page(reply);
            for (Message message : reply.getMessagesList()) {
                if (!session.writeRecovered(message, writeTimeout)) {
                    return false;
                }
                progress.wrote(message.getSeq());
            }
            // A full page may have more behind it, whatever else the reply says (a moved window, say).
            if (reply.getComplete() || reply.getMessagesCount() < limit) {
                return true;
            }
        }
        return true;
    }

    /** What a recovery wrote so far, and whether storage still held everything after the first seq asked for. */
    private static final class Progress {
        private long last;
        private long fromSeq = -1;
        private int count;
        private boolean complete = true;
        private String reason = "";

        private Progress(long afterSeq) {
            this.last = afterSeq;
        }

        private void page(FetchReply reply) {
            if (fromSeq < 0) {
                fromSeq = reply.getFromSeq();
            }
            last = Math.max(last, reply.getFromSeq());
            if (!reply.getComplete() && !reply.getReason().startsWith("limit") && complete) {
                complete = false;
                reason = reply.getReason();
            }
        }

        private void wrote(long seq) {
            last = seq;
            count++;
        }
    }

    private static void authorize(Session session, String conversation) {
        if (!Conversations.isValid(conversation)) {
            throw new ImException(ImCode.INVALID, "no conversation '" + conversation + "'");
        }
        if (Conversations.isInbox(conversation) && !Conversations.subject(conversation).equals(session.user())) {
            throw new ImException(ImCode.FORBIDDEN, "only your own inbox can be recovered");
        }
        if (Conversations.isRoom(conversation) && !session.rooms().contains(Conversations.subject(conversation))) {
            throw new ImException(ImCode.NOT_MEMBER, "join the room before recovering it");
        }
    }
}
