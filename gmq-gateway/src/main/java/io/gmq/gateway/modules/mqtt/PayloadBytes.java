package io.gmq.gateway.modules.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * Owns the copies between MQTT payloads and the bus's byte arrays. A received message is held twice until it is
 * settled (vertx-mqtt's buffer, kept by the message for its PUBACK, and the bus's array), so the array is taken from
 * that buffer instead of copied: half the memory of an inbound buffer of large messages.
 */
public final class PayloadBytes {

    private PayloadBytes() {
    }

    /**
     * The bytes of a received PUBLISH. vertx-mqtt copies every payload out of the pooled read buffer into an unpooled
     * heap buffer of exactly its size that nothing else holds or writes: that array is taken as it is. Anything else
     * (a slice of a larger buffer, a direct buffer) is copied.
     */
    public static byte[] received(Buffer payload) {
        ByteBuf view = payload.getByteBuf();
        if (view.hasArray() && view.unwrap() instanceof UnpooledHeapByteBuf
                && view.array().length == view.readableBytes()) {
            return view.array();
        }
        return payload.getBytes();
    }

    /** The payload of a PUBLISH to send, around the array without copying it (vertx-mqtt copies it into the packet). */
    public static Buffer toSend(byte[] payload) {
        return Buffer.buffer(Unpooled.wrappedBuffer(payload));
    }
}
