package io.gmq.im.comet.websocket;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.proto.im.v1.Message;

/**
 * JSON text frames of the client protocol (README "Protocol"): parsing client frames and writing server frames.
 * Field names are those of {@code gmq.im.v1.Message}; kinds are lower case.
 */
public final class FrameCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameCodec() {
    }

    /** A client frame as a JSON object, or BAD_FRAME. */
    public static JsonNode parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ImException(ImCode.BAD_FRAME, "not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ImException(ImCode.BAD_FRAME, "a frame is a JSON object");
        }
        return node;
    }

    public static String message(Message m) {
        ObjectNode frame = frame("message").put("id", m.getId()).put("cid", m.getCid()).put("seq", m.getSeq())
                .put("conversation", m.getConversation()).put("kind", m.getKind().name().toLowerCase(Locale.ROOT))
                .put("from", m.getFrom()).put("body", m.getBody()).put("ts", m.getTs());
        if (!m.getRoom().isEmpty()) {
            frame.put("room", m.getRoom());
        }
        if (!m.getGroup().isEmpty()) {
            frame.put("group", m.getGroup());
        }
        if (m.getToCount() > 0) {
            m.getToList().forEach(frame.putArray("to")::add);
        }
        return frame.toString();
    }

    public static String welcome(String session, String user, String comet, long heartbeatMillis,
            Collection<String> rooms) {
        ObjectNode frame = frame("welcome").put("session", session).put("user", user).put("comet", comet)
                .put("heartbeat", heartbeatMillis);
        rooms.forEach(frame.putArray("rooms")::add);
        return frame.toString();
    }

    public static String heartbeat(Map<String, Integer> online) {
        ObjectNode frame = frame("heartbeat");
        ObjectNode counts = frame.putObject("online");
        online.forEach(counts::put);
        return frame.toString();
    }

    public static String sent(String cid, String id, long ts, boolean duplicate) {
        return frame("ack").put("cid", cid).put("id", id).put("ts", ts).put("duplicate", duplicate).toString();
    }

    public static String room(String type, String room, int members, int online) {
        return frame(type).put("room", room).put("members", members).put("online", online).toString();
    }

    public static String recovered(String conversation, boolean complete, String reason, long fromSeq, int count) {
        return frame("recovered").put("conversation", conversation).put("recovered", complete).put("reason", reason)
                .put("from", fromSeq).put("count", count).toString();
    }

    public static String acked(long seq) {
        return frame("acked").put("seq", seq).toString();
    }

    public static String error(ImCode code, String message, String ref) {
        ObjectNode frame = frame("error").put("code", code.code()).put("error", code.name()).put("message", message);
        if (ref != null && !ref.isEmpty()) {
            frame.put("ref", ref);
        }
        return frame.toString();
    }

    public static String disconnect(ImCode code, String reason) {
        return disconnect(code.code(), reason, code.reconnect());
    }

    /** For the WebSocket layer's own close codes (RFC 6455), which are not in the catalogue. */
    public static String disconnect(int code, String reason, boolean reconnect) {
        return frame("disconnect").put("code", code).put("reason", reason).put("reconnect", reconnect).toString();
    }

    private static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }
}
