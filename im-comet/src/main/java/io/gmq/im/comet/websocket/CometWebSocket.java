package io.gmq.im.comet.websocket;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.gmq.im.comet.service.AbuseCooldown;
import io.gmq.im.comet.service.Bucket;
import io.gmq.im.comet.service.FrameHandler;
import io.gmq.im.comet.service.Session;
import io.gmq.im.comet.service.SessionService;
import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;

/**
 * {@code /ws}: the client endpoint. The upgrade needs a valid bearer JWT (header, or the
 * {@code quarkus-http-upgrade#Authorization#Bearer <token>} sub-protocol for browsers), else HTTP 401; the
 * token's subject is the user for the whole connection. {@code ?device=} names the device. A token in its 4501
 * cooldown is accepted and closed with 4501 at once.
 */
@WebSocket(path = "/ws")
@Authenticated
public class CometWebSocket {

    private static final Logger LOG = Logger.getLogger(CometWebSocket.class);

    private final SessionService sessions;
    private final FrameHandler frames;
    private final Bucket bucket;
    private final AbuseCooldown cooldown;
    private final SecurityIdentity identity;

    public CometWebSocket(SessionService sessions, FrameHandler frames, Bucket bucket, AbuseCooldown cooldown,
            SecurityIdentity identity) {
        this.sessions = sessions;
        this.frames = frames;
        this.bucket = bucket;
        this.cooldown = cooldown;
        this.identity = identity;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String key = AbuseCooldown.key(token.getRawToken());
        long cooling = cooldown.remaining(key);
        if (cooling > 0) {
            // Accepted and closed rather than refused at the upgrade: a browser sees no HTTP status, only the close.
            String reason = "this token was closed with 4501 and is refused for " + (cooling + 999) / 1000
                    + " s more; do not reconnect with it";
            connection.sendTextAndAwait(FrameCodec.disconnect(ImCode.TOO_MANY_ERRORS, reason));
            connection.closeAndAwait(new CloseReason(ImCode.TOO_MANY_ERRORS.code(), ImCode.TOO_MANY_ERRORS.name()));
            return;
        }
        String device = connection.handshakeRequest().query() == null ? "" : device(connection);
        try {
            sessions.open(connection, token.getSubject(), identity.hasRole("admin"), device, key,
                    token.getExpirationTime());
        } catch (ImException e) {
            LOG.warnf("GMQ-CMT-010 session of %s could not be registered: %s", token.getSubject(), e.getMessage());
            connection.sendTextAndAwait(FrameCodec.disconnect(ImCode.BACKEND_LOST, e.getMessage()));
            connection.closeAndAwait(new CloseReason(ImCode.BACKEND_LOST.code(), ImCode.BACKEND_LOST.name()));
        }
    }

    /** On the event loop; a connection's next frame comes once the returned Uni ended (serial per connection). */
    @OnTextMessage
    public Uni<Void> onMessage(String text, WebSocketConnection connection) {
        Session session = bucket.get(connection.id());
        if (session == null || session.closing()) {
            return Uni.createFrom().voidItem();
        }
        return frames.handle(session, text);
    }

    /** Binary frames are not part of the protocol: an error frame each, counted toward 4501. */
    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer data, WebSocketConnection connection) {
        Session session = bucket.get(connection.id());
        if (session != null && !session.closing()) {
            frames.binary(session);
        }
        return Uni.createFrom().voidItem();
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection.id());
    }

    @OnError
    public void onError(WebSocketConnection connection, Throwable failure) {
        if (failure instanceof HttpClosedException) {
            // The client went away mid-write: ordinary for a WebSocket, the close callback cleans up.
            LOG.debugf("connection %s closed during a write", connection.id());
            return;
        }
        LOG.warnf("GMQ-CMT-011 connection %s of %s failed: %s", connection.id(), bucket.get(connection.id()) == null
                ? "?"
                : bucket.get(connection.id()).user(), failure.toString());
    }

    private static String device(WebSocketConnection connection) {
        for (String pair : connection.handshakeRequest().query().split("&")) {
            if (pair.startsWith("device=")) {
                return pair.substring("device=".length());
            }
        }
        return "";
    }
}
