package io.gmq.gateway.modules.mqtt;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUBLISHes written in one event-loop turn, outside a read of their connection (as the edge forwards them): with the
 * batching, a few flushes reach the socket instead of one per message, and every message still arrives.
 */
class FlushBatchingTest extends PrivateBrokerTest {

    private static final int MESSAGES = 500;

    @Test
    void aTurnsPublishesShareAFlush() throws Exception {
        // One per FLUSH_AFTER writes, and one at the end of the turn for the rest.
        assertThat(flushesFor(true)).isBetween(1, MESSAGES / FlushBatching.FLUSH_AFTER + 2);
    }

    @Test
    void withoutItEachPublishIsFlushed() throws Exception {
        // The control: shows that the counting sees Vert.x's per-write flushes.
        assertThat(flushesFor(false)).isGreaterThanOrEqualTo(MESSAGES);
    }

    private int flushesFor(boolean batching) throws Exception {
        String topic = "flush/" + batching;
        MqttClient subscriber = connect("sub-" + batching);
        CountDownLatch received = new CountDownLatch(MESSAGES);
        subscriber.publishHandler(m -> received.countDown());
        subscriber.subscribe(topic, 0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        MqttClient publisher = connect("pub-" + batching);
        if (batching) {
            assertThat(FlushBatching.install(publisher)).isTrue();
        }
        AtomicInteger flushes = new AtomicInteger();
        FlushBatching.pipeline(publisher).addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        CountDownLatch written = new CountDownLatch(1);
        // One task on the publisher's event loop, as the edge's forwarding runs while reading the inbound connection.
        FlushBatching.pipeline(publisher).channel().eventLoop().execute(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                publisher.publish(topic, Buffer.buffer("m" + i), MqttQoS.AT_MOST_ONCE, false, false);
            }
            written.countDown();
        });
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(received.await(10, TimeUnit.SECONDS)).as("all %d messages arrive, missing %d", MESSAGES, received.getCount())
                .isTrue();
        publisher.disconnect();
        subscriber.disconnect();
        return flushes.get();
    }
}
