package io.gmq.gateway.modules.mqtt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gmq.servers.Endpoint;
import io.gmq.servers.MosquittoServer;
import io.gmq.servers.Ports;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pause after a small read turn: when it comes (after the turn's pending tasks, only for small turns), and that
 * through a real Mosquitto every message still arrives, in order, with the next read no sooner than the pause.
 */
class ReadPauseTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static MosquittoServer broker;
    private static Endpoint endpoint;

    @BeforeAll
    static void startBroker() {
        endpoint = new Endpoint("127.0.0.1", Ports.freePort());
        broker = MosquittoServer.unboundedInMemory(endpoint, "");
        broker.ensure();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.stop();
        VERTX.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSmallTurnSleepsOnceAfterTheTasksItQueued() {
        List<String> order = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new ReadPause(() -> order.add("sleep")),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        // What forwarding does: a flush of another connection, queued on the event loop.
                        ctx.executor().execute(() -> order.add("flush"));
                    }
                });
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[120]));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[120]));
        channel.pipeline().fireChannelReadComplete();
        channel.runPendingTasks();
        assertThat(order).containsExactly("flush", "flush", "sleep");
    }

    @Test
    void aTurnOfTwoKilobytesOrMoreReadsOnAtOnce() {
        List<String> order = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new ReadPause(() -> order.add("sleep")));
        // Two reads of one turn add up; the next, small turn counts from zero.
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[1024]));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[ReadPause.SMALL_TURN - 1024]));
        channel.pipeline().fireChannelReadComplete();
        channel.runPendingTasks();
        assertThat(order).isEmpty();
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[100]));
        channel.pipeline().fireChannelReadComplete();
        channel.runPendingTasks();
        assertThat(order).containsExactly("sleep");
        channel.finishAndReleaseAll();
    }

    @Test
    void throughMosquittoEveryMessageArrivesInOrderAndReadsWaitThePause() throws Exception {
        int messages = 150;
        long pauseMicros = 5_000;
        MqttClient subscriber = connect("sub");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(messages);
        subscriber.publishHandler(m -> {
            received.add(m.payload().toString());
            all.countDown();
        });
        subscriber.subscribe("pause/t", 0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ReadPause.install(subscriber, pauseMicros)).isTrue();
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        FlushBatching.pipeline(subscriber).addAfter(ReadPause.HANDLER, "gaps", new ChannelInboundHandlerAdapter() {
            private long smallTurnEnded;
            private int bytes;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (bytes == 0 && smallTurnEnded > 0) {
                    gaps.add(System.nanoTime() - smallTurnEnded);
                }
                bytes += ((ByteBuf) msg).readableBytes();
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                smallTurnEnded = bytes < ReadPause.SMALL_TURN ? System.nanoTime() : 0;
                bytes = 0;
                ctx.fireChannelReadComplete();
            }
        });
        MqttClient publisher = connect("pub");
        for (int i = 0; i < messages; i++) {
            publisher.publish("pause/t", Buffer.buffer("m" + i), MqttQoS.AT_MOST_ONCE, false, false);
            Thread.sleep(1);
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).as("all %d arrive, missing %d", messages, all.getCount()).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            expected.add("m" + i);
        }
        assertThat(received).containsExactlyElementsOf(expected);
        // A read after a small turn (here nearly all: a few 10-byte messages each) waited at least the pause.
        assertThat(gaps).isNotEmpty();
        assertThat(Collections.min(gaps)).isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toNanos(pauseMicros));
        publisher.disconnect();
        subscriber.disconnect();
    }

    private static MqttClient connect(String id) throws Exception {
        MqttClient client = MqttClient.create(VERTX, ClientOptions.of(id + "-" + System.nanoTime(), true, 10, 30, null, ""));
        client.connect(endpoint.port(), endpoint.host()).toCompletionStage().toCompletableFuture().get(5,
                TimeUnit.SECONDS);
        return client;
    }
}
