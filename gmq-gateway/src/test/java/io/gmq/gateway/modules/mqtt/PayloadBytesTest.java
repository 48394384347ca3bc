package io.gmq.gateway.modules.mqtt;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.impl.VertxHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** Which payloads are taken without a copy, and that every other one is copied whole. */
class PayloadBytesTest {

    private static final byte[] TEXT = "a payload of some bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void aPayloadAsVertxMqttHandsItOverIsTakenWithoutACopy() {
        // vertx-mqtt: the decoder's slice of the pooled read buffer, copied by VertxHandler.safeBuffer.
        ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        read.writeBytes(new byte[] { 1, 2, 3 }).writeBytes(TEXT).writeByte(9);
        Buffer payload = Buffer.buffer(VertxHandler.safeBuffer(read.retainedSlice(3, TEXT.length)));
        read.release(); // safeBuffer released the slice

        byte[] bytes = PayloadBytes.received(payload);

        assertThat(bytes).isEqualTo(TEXT).isSameAs(payload.getByteBuf().array());
    }

    @Test
    void aSliceOfALargerArrayIsCopied() {
        byte[] larger = new byte[TEXT.length + 7];
        System.arraycopy(TEXT, 0, larger, 4, TEXT.length);
        Buffer offset = Buffer.buffer(Unpooled.wrappedBuffer(larger, 4, TEXT.length));
        Buffer head = Buffer.buffer(Unpooled.wrappedBuffer(larger)).slice(4, 4 + TEXT.length);
        Buffer shorter = Buffer.buffer(Unpooled.wrappedBuffer(larger, 0, 10));

        assertThat(PayloadBytes.received(offset)).isEqualTo(TEXT).isNotSameAs(larger);
        assertThat(PayloadBytes.received(head)).isEqualTo(TEXT).isNotSameAs(larger);
        assertThat(PayloadBytes.received(shorter)).hasSize(10).isNotSameAs(larger);
    }

    @Test
    void aDirectOrEmptyPayloadIsCopied() {
        ByteBuf direct = Unpooled.directBuffer(TEXT.length).writeBytes(TEXT);
        assertThat(PayloadBytes.received(Buffer.buffer(direct))).isEqualTo(TEXT);
        assertThat(PayloadBytes.received(Buffer.buffer(Unpooled.EMPTY_BUFFER))).isEmpty();
    }

    @Test
    void aPayloadToSendWrapsTheArray() {
        Buffer sent = PayloadBytes.toSend(TEXT);
        assertThat(sent.getBytes()).isEqualTo(TEXT);
        assertThat(sent.getByteBuf().array()).isSameAs(TEXT);
    }
}
