package io.gmq.im.comet.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.gmq.im.comet.client.HistoryClient;
import io.gmq.im.comet.client.LogicClient;
import io.gmq.im.comet.config.CometConfig;
import io.gmq.im.comet.websocket.FrameCodec;
import io.gmq.im.common.Conversations;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.proto.im.logic.v1.RoomReply;
import io.gmq.proto.im.logic.v1.SendReply;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.gmq.proto.im.v1.Kind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What each client frame does: heartbeat, send, join, leave, change, ack, recover. A bad frame (a binary one too)
 * gets an error frame; too many of them close the connection for good and put its token in the cooldown.
 */
@ApplicationScoped
public class FrameHandler {

    private final LogicClient logic;
    private final HistoryClient history;
    private final RecoveryService recovery;
    private final SessionService sessions;
    private final Bucket bucket;
    private final AbuseCooldown cooldown;
    private final CometConfig config;

    public FrameHandler(LogicClient logic, HistoryClient history, RecoveryService recovery, SessionService sessions,
            Bucket bucket, AbuseCooldown cooldown, CometConfig config) {
        this.logic = logic;
        this.history = history;
        this.recovery = recovery;
        this.sessions = sessions;
        this.bucket = bucket;
        this.cooldown = cooldown;
        this.config = config;
    }

    /**
     * Handles a frame on the connection's event loop: a heartbeat (most of an idle connection's traffic) and a bad
     * frame are answered at once, everything that calls another tier runs on a worker thread. The returned Uni ends
     * when the frame is done, and the endpoint takes a connection's next frame only then, so frames keep their order.
     */
    public Uni<Void> handle(Session session, String text) {
        session.touch();
        JsonNode frame;
        try {
            if (text.length() > config.maxFrameBytes()
                    || text.getBytes(StandardCharsets.UTF_8).length > config.maxFrameBytes()) {
                throw new ImException(ImCode.TOO_LARGE, "frames are limited to " + config.maxFrameBytes() + " bytes");
            }
            frame = FrameCodec.parse(text);
        } catch (ImException e) {
            refuse(session, e, null);
            return Uni.createFrom().voidItem();
        }
        if ("heartbeat".equals(frame.path("type").asText(""))) {
            session.send(FrameCodec.heartbeat(sessions.online(session.rooms())));
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void> item(() -> {
            try {
                dispatch(session, frame);
            } catch (ImException e) {
                refuse(session, e, frame.path("cid").asText(""));
            }
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** A binary frame: the protocol is JSON text, so it is a bad frame (1001), counted like any other. */
    public void binary(Session session) {
        session.touch();
        refuse(session, new ImException(ImCode.BAD_FRAME, "binary frames are not accepted; send JSON text frames"),
                null);
    }

    private void refuse(Session session, ImException e, String ref) {
        session.send(FrameCodec.error(e.code(), e.getMessage(), ref));
        if (e.code() != ImCode.UNAVAILABLE && session.tooManyErrors(config.maxErrorsPerMinute())) {
            cooldown.start(session.token());
            session.close(ImCode.TOO_MANY_ERRORS, "more than " + config.maxErrorsPerMinute()
                    + " bad frames a minute; this token is refused for " + config.abuseCooldown().toSeconds() + " s");
        }
    }

    private void dispatch(Session session, JsonNode frame) {
        switch (frame.path("type").asText("")) {
            case "send" -> send(session, frame);
            case "join" -> join(session, text(frame, "room"));
            case "leave" -> leave(session, text(frame, "room"));
            case "change" -> {
                String room = text(frame, "room");
                for (String old : List.copyOf(session.rooms())) {
                    if (!old.equals(room)) {
                        leave(session, old);
                    }
                }
                join(session, room);
            }
            case "ack" -> ack(session, number(frame, "seq"));
            case "recover" -> recover(session, frame);
            default -> throw new ImException(ImCode.UNKNOWN_TYPE, "unknown frame type '" + frame.path("type").asText() + "'");
        }
    }

    private void send(Session session, JsonNode frame) {
        SendRequest.Builder request = SendRequest.newBuilder().setFrom(session.user()).setAdmin(session.admin())
                .setCid(frame.path("cid").asText("")).setKind(kind(frame.path("kind").asText("")))
                .setRoom(frame.path("room").asText("")).setGroup(frame.path("group").asText(""))
                .setBody(frame.path("body").asText(""));
        frame.path("to").forEach(to -> request.addTo(to.asText()));
        SendReply reply = logic.send(request.build());
        session.send(FrameCodec.sent(request.getCid(), reply.getId(), reply.getTs(), reply.getDuplicate()));
    }

    private void join(Session session, String room) {
        RoomReply reply = logic.join(session.user(), room);
        bucket.join(session, room);
        session.send(FrameCodec.room("joined", room, reply.getMembers(), reply.getOnline()));
    }

    private void leave(Session session, String room) {
        RoomReply reply = logic.leave(session.user(), room);
        bucket.leave(session, room);
        session.send(FrameCodec.room("left", room, reply.getMembers(), reply.getOnline()));
    }

    /**
     * An inbox ack moves the user's cursor, which hides everything at or below it from every later connect: one
     * above what this connection received would lose the messages in between, so it is refused.
     */
    private void ack(Session session, long seq) {
        long received = session.lastSeq(Conversations.inbox(session.user()));
        if (seq > received) {
            throw new ImException(ImCode.INVALID,
                    "seq " + seq + " is above the highest inbox seq this connection received (" + received + ")");
        }
        session.send(FrameCodec.acked(history.ack(session.user(), seq)));
    }

    private void recover(Session session, JsonNode frame) {
        JsonNode last = frame.path("last");
        if (!last.isObject()) {
            throw new ImException(ImCode.INVALID, "recover needs 'last': {conversation: seq}");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        last.properties().forEach(entries::add);
        for (Map.Entry<String, JsonNode> entry : entries) {
            recovery.recover(session, entry.getKey(), entry.getValue().asLong(0));
        }
    }

    private static Kind kind(String kind) {
        try {
            Kind parsed = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
            if (parsed != Kind.KIND_UNSPECIFIED && parsed != Kind.UNRECOGNIZED) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new ImException(ImCode.INVALID, "kind must be room, peer, group, broadcast or multicast");
    }

    private static String text(JsonNode frame, String field) {
        String value = frame.path(field).asText("");
        if (value.isEmpty()) {
            throw new ImException(ImCode.INVALID, "'" + field + "' is required");
        }
        return value;
    }

    private static long number(JsonNode frame, String field) {
        JsonNode value = frame.path(field);
        if (!value.canConvertToLong()) {
            throw new ImException(ImCode.INVALID, "'" + field + "' must be a number");
        }
        return value.asLong();
    }
}
