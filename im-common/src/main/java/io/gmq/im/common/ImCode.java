package io.gmq.im.common;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one catalogue of IM codes. Ranges: 1000–1999 are errors (error frames, send acknowledgements, HTTP problem
 * bodies; the connection stays open); 4000–4499 close a connection and tell the client to reconnect and recover;
 * 4500–4999 close it for good (reconnecting with the same credentials would fail the same way).
 */
public enum ImCode {
    BAD_FRAME(1001, "the frame is not a JSON object"),
    UNKNOWN_TYPE(1002, "unknown frame type"),
    TOO_LARGE(1003, "frame or body over the size limit"),
    INVALID(1004, "a field is missing or invalid"),
    FORBIDDEN(1005, "not allowed for this user"),
    NOT_MEMBER(1006, "not a member of the room or group"),
    NO_SUCH_ROOM(1007, "no such room"),
    NO_SUCH_GROUP(1008, "no such group"),
    UNAVAILABLE(1009, "a backend is unavailable; retry"),
    INTERNAL(1010, "internal error"),

    // HTTP-only refusals (1100–1199): the request never reached an operation.
    UNAUTHENTICATED(1101, "a valid bearer token is required"),
    NOT_FOUND(1102, "no such path"),
    METHOD_NOT_ALLOWED(1103, "method not allowed on this path"),
    UNSUPPORTED_MEDIA_TYPE(1104, "unsupported Content-Type"),
    NOT_ACCEPTABLE(1105, "no acceptable representation for the Accept header"),

    SHUTDOWN(4000, "server shutting down; reconnect to another node"),
    SLOW_CONSUMER(4001, "send queue full; reconnect and recover"),
    HEARTBEAT_TIMEOUT(4002, "no frame within the heartbeat timeout"),
    BACKEND_LOST(4003, "the session could not be registered; reconnect"),
    RECOVERY_FAILED(4004, "a gap in a conversation could not be recovered; reconnect and recover"),

    KICKED(4500, "kicked by an administrator"),
    TOO_MANY_ERRORS(4501, "too many bad frames"),
    TOKEN_EXPIRED(4502, "the token expired; log in again");

    private static final Map<Integer, ImCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toMap(ImCode::code, Function.identity()));

    private final int code;
    private final String description;

    ImCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Whether this code closes the connection. */
    public boolean closes() {
        return code >= 4000;
    }

    /** Whether a client closed with this code should reconnect (and recover its gap). */
    public boolean reconnect() {
        return code >= 4000 && code < 4500;
    }

    public static ImCode of(int code) {
        ImCode found = BY_CODE.get(code);
        if (found == null) {
            throw new IllegalArgumentException("no IM code " + code);
        }
        return found;
    }
}
