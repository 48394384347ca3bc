package io.gmq.gateway.modules.mqtt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.impl.MqttClientImpl;

/**
 * Owns the one-flush-per-batch policy of a broker connection's writes. Vert.x flushes every write it makes outside a
 * read of that same connection, and a PUBLISH that the edge forwards is written while reading another connection (the
 * inbound one): one write system call per message, about a fifth of the gateway's CPU on the QoS0 path, and one
 * wake-up of the broker each. With Netty's {@link FlushConsolidationHandler} in the connection's pipeline, the writes
 * of one event-loop turn share one flush, made at the end of that turn (or after {@value #FLUSH_AFTER} writes).
 * <p>
 * vertx-mqtt does not expose its connection; the pipeline is reached through its private field, and where that
 * fails (another vertx-mqtt) the connection keeps flushing each write, with one warning.
 */
public final class FlushBatching {

    /**
     * Below a bus channel's default window ({@code max-inflight} 128): a QoS0 PUBLISH counts as done when its flush
     * completes, and a window that filled up before the flush would send the rest of the turn's messages the slow way
     * (queue and worker thread).
     */
    static final int FLUSH_AFTER = 64;
    static final String HANDLER = "gmqFlushBatching";
    private static final Logger LOG = Logger.getLogger(FlushBatching.class);
    private static final VarHandle CONNECTION = connectionField();
    private static volatile boolean warned;

    private FlushBatching() {
    }

    /** Adds the batching to the client's current connection; false (once logged) where it cannot. */
    public static boolean install(MqttClient client) {
        ChannelPipeline pipeline = pipeline(client);
        if (pipeline == null) {
            return false;
        }
        if (pipeline.get(HANDLER) == null && pipeline.get("handler") != null) {
            // Between the codec and Vert.x's handler, where Vert.x's own flushes pass on their way to the socket.
            pipeline.addBefore("handler", HANDLER, new FlushConsolidationHandler(FLUSH_AFTER, true));
        }
        return pipeline.get(HANDLER) != null;
    }

    /** The Netty pipeline of the client's connection, or null (logged once) when it cannot be reached. */
    static ChannelPipeline pipeline(MqttClient client) {
        Object connection = CONNECTION == null || !(client instanceof MqttClientImpl) ? null : CONNECTION.get(client);
        if (connection instanceof NetSocketInternal socket) {
            return socket.channelHandlerContext().pipeline();
        }
        if (!warned) {
            warned = true;
            LOG.warnf("GMQ-MQT-015 cannot reach the connection of %s (another vertx-mqtt?): each PUBLISH is flushed"
                    + " on its own", client.getClass().getName());
        }
        return null;
    }

    private static VarHandle connectionField() {
        try {
            return MethodHandles.privateLookupIn(MqttClientImpl.class, MethodHandles.lookup())
                    .findVarHandle(MqttClientImpl.class, "connection", NetSocketInternal.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
