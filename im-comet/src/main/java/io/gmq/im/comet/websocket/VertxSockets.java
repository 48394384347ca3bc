package io.gmq.im.comet.websocket;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;

/**
 * The Vert.x socket under a WebSockets Next connection, for the fan-out's hot path: writing to it directly skips the
 * Uni and context-propagation wrapping that {@code sendText} adds to every frame (a room message is written to
 * thousands of sockets). WebSockets Next does not expose it, so it is looked up once; where the runtime refuses (a
 * native image without the reflection entry, a changed Quarkus), {@link #of} returns null and callers use
 * {@code sendText}.
 */
public final class VertxSockets {

    private static final Logger LOG = Logger.getLogger(VertxSockets.class);
    private static final MethodHandle WEB_SOCKET = find();

    private VertxSockets() {
    }

    /** The connection's Vert.x socket, or null when it cannot be reached. */
    public static WebSocketBase of(WebSocketConnection connection) {
        if (WEB_SOCKET == null) {
            return null;
        }
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (Throwable e) {
            return null;
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase", false,
                    VertxSockets.class.getClassLoader());
            return MethodHandles.privateLookupIn(base, MethodHandles.lookup())
                    .findVirtual(base, "webSocket", MethodType.methodType(WebSocketBase.class))
                    .asType(MethodType.methodType(WebSocketBase.class, WebSocketConnection.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("GMQ-CMT-006 direct socket writes unavailable, frames go through sendText: %s", e.toString());
            return null;
        }
    }
}
