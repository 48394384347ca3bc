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
 * completely. Asked for by the client, or started by the comet when it sees a seq missing.
 */
@ApplicationScoped
public class RecoveryService {

    private static final int MAX_PAGES = 20;

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
        fill(session, conversation, afterSeq);
    }

    /**
     * A gap the comet saw itself (a live message whose seq is not the next one, after a delivery to this comet
     * failed): fills it in the background, the live messages held meanwhile. Push only sends a conversation to its
     * recipients, so there is nothing to authorize.
     */
    public void recoverGap(Session session, String conversation) {
        long after = session.lastSeq(conversation);
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                fill(session, conversation, after);
            } catch (ImException e) {
                LOG.warnf("GMQ-CMT-020 gap after seq %d of %s for %s not recovered: %s", after, conversation,
                        session.user(), e.getMessage());
            }
        });
    }

    private void fill(Session session, String conversation, long afterSeq) {
        session.holdLive(conversation);
        try {
            long last = afterSeq;
            int count = 0;
            FetchReply reply = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                reply = history.fetch(session.user(), conversation, last, limit);
                last = Math.max(last, reply.getFromSeq());
                for (Message message : reply.getMessagesList()) {
                    if (!session.writeRecovered(message, writeTimeout)) {
                        return;
                    }
                    last = message.getSeq();
                    count++;
                }
                if (reply.getComplete() || reply.getMessagesCount() == 0 || !reply.getReason().startsWith("limit")) {
                    break;
                }
            }
            session.send(FrameCodec.recovered(conversation, reply.getComplete(), reply.getReason(),
                    reply.getFromSeq(), count));
        } finally {
            session.releaseLive(conversation);
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
