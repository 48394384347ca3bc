package io.gmq.im.comet.websocket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.ext.web.Router;

/**
 * Installs the {@link FrameGuard} on each connection that asks for an upgrade at {@code /ws}, before the upgrade:
 * installed later (in {@code @OnOpen}, on a worker thread) it missed frames sent right after the handshake.
 */
@ApplicationScoped
public class FrameGuardRoute {

    private final int maxMessageBytes;

    /** The limit WebSockets Next applies to whole messages; enforced here too, since Vert.x keeps the socket. */
    public FrameGuardRoute(
            @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size", defaultValue = "65536") int max) {
        this.maxMessageBytes = max;
    }

    void route(@Observes Router router) {
        router.route("/ws").order(Integer.MIN_VALUE).handler(context -> {
            // WebSockets are HTTP/1.1 only here; HTTP/2 connections have no frame decoder to guard.
            if (context.request().connection() instanceof Http1xServerConnection connection) {
                FrameGuard.install(connection.channelHandlerContext().pipeline(),
                        String.valueOf(context.request().remoteAddress()), maxMessageBytes);
            }
            context.next();
        });
    }
}
