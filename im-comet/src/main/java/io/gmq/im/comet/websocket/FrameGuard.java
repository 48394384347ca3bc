package io.gmq.im.comet.websocket;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.VertxHandler;

/**
 * Protocol violations below the endpoint (a frame or a fragmented message over the size limit, a text frame that is
 * not UTF-8): each closes the connection with its RFC 6455 code (1009, 1007), preceded by a {@code disconnect} frame.
 * Vert.x configures its frame decoder not to answer violations and then drops the TCP connection without a close
 * frame (the client sees 1006), only reports a fragmented message over its limit and keeps the socket, and does not
 * check UTF-8 at all (a bad text frame reached the endpoint with replacement characters).
 */
public final class FrameGuard extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(FrameGuard.class);
    /**
     * How long the socket stays open after the close frame: the decoder discards what the client still sends (the
     * rest of an oversized frame), and closing with unread bytes would reset the connection, losing the close frame.
     */
    private static final long LINGER_MILLIS = 1000;

    private static final String NAME = "gmq-frame-guard";

    private final String connection;
    private final int maxMessageBytes;
    /** Bytes of the fragmented message being received; 0 between messages. */
    private long fragmented;
    private boolean closing;

    private FrameGuard(String connection, int maxMessageBytes) {
        this.connection = connection;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Puts the guard in front of the connection's Vert.x handler, which the WebSocket frame decoder (and any
     * inflater) will precede after the upgrade; HTTP messages pass through it untouched. Once per connection.
     */
    static void install(ChannelPipeline pipeline, String connection, int maxMessageBytes) {
        ChannelHandlerContext vertx = pipeline.context(VertxHandler.class);
        if (vertx == null || pipeline.get(NAME) != null) {
            return;
        }
        pipeline.addBefore(vertx.name(), "gmq-utf8", new Utf8FrameValidator(false));
        pipeline.addBefore(vertx.name(), NAME, new FrameGuard(connection, maxMessageBytes));
    }

    /** After a violation nothing more reaches the endpoint; the client's close answer ends the linger. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!closing) {
            if (msg instanceof WebSocketFrame frame && tooBig(frame)) {
                frame.release();
                refuse(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message above " + maxMessageBytes + " bytes");
                return;
            }
            super.channelRead(ctx, msg);
            return;
        }
        boolean answered = msg instanceof CloseWebSocketFrame;
        ReferenceCountUtil.release(msg);
        if (answered) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!(cause instanceof CorruptedWebSocketFrameException violation)) {
            super.exceptionCaught(ctx, cause);
            return;
        }
        // Not passed on: Vert.x would close the TCP connection at once, before the close frame is written.
        refuse(ctx, violation.closeStatus(), violation.getMessage());
    }

    /** Counts the data frames of a message; true once it outgrew the limit (a single frame is the decoder's). */
    private boolean tooBig(WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame)) {
            return false;
        }
        long size = (frame instanceof ContinuationWebSocketFrame ? fragmented : 0) + frame.content().readableBytes();
        fragmented = frame.isFinalFragment() ? 0 : size;
        return size > maxMessageBytes;
    }

    private void refuse(ChannelHandlerContext ctx, WebSocketCloseStatus status, String detail) {
        if (closing) {
            return;
        }
        closing = true;
        int code = status.code();
        String reason = status.reasonText();
        LOG.infof("GMQ-CMT-031 closing the WebSocket of %s with %d: %s", connection, code, detail);
        ctx.write(new TextWebSocketFrame(FrameCodec.disconnect(code, reason, true)));
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(written -> ctx.executor()
                .schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
    }
}
