package io.gmq.gateway.modules.mqtt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pause after a small read turn: when it comes (after the turn's pending tasks, only for small turns, on only
 * while each pause gathers enough), and that through a real Mosquitto every message still arrives, in order, with
 * the next read no sooner than the end of the sleep.
 */
class ReadPauseTest extends PrivateBrokerTest {

    @Test
    void aSmallTurnSleepsOnceAfterTheTasksItQueued() {
        List<String> order = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new ReadPause(() -> order.add("sleep"), () -> 0L, new LongAdder()),
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
        EmbeddedChannel channel = new EmbeddedChannel(new ReadPause(() -> order.add("sleep"), () -> 0L, new LongAdder()));
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
    void pausesGoOnOnlyWhileTheyGatherEnoughOnAverageAndAreTriedAgainLater() {
        long[] now = { 1_000_000 };
        List<String> order = new ArrayList<>();
        LongAdder counted = new LongAdder();
        EmbeddedChannel channel = new EmbeddedChannel(new ReadPause(() -> order.add("sleep"), () -> now[0], counted));
        turn(channel, 100);
        assertThat(order).as("a first small turn tries a pause").hasSize(1);
        for (int i = 0; i < 20; i++) {
            turn(channel, 1500);
        }
        assertThat(order).as("pauses that gather 1,500 bytes go on").hasSize(21);
        turn(channel, 10);
        assertThat(order).as("one thin turn among them does not end them").hasSize(22);
        int thin = 0;
        int before;
        do {
            before = order.size();
            turn(channel, 100);
            thin++;
        } while (order.size() > before && thin < 50);
        assertThat(thin).as("turns of 100 bytes after pauses end them, the average falling by 1/8 each").isBetween(5,
                20);
        int pauses = order.size();
        now[0] += TimeUnit.MILLISECONDS.toNanos(ReadPause.PROBE_MILLIS) - 1;
        turn(channel, 100);
        assertThat(order).as("no new try before %d ms", ReadPause.PROBE_MILLIS).hasSize(pauses);
        now[0] += 1;
        turn(channel, 100);
        assertThat(order).as("a new try after %d ms", ReadPause.PROBE_MILLIS).hasSize(pauses + 1);
        assertThat(counted.sum()).as("the count GMQ-MQT-010 reports").isEqualTo(order.size());
        channel.finishAndReleaseAll();
    }

    private static void turn(EmbeddedChannel channel, int bytes) {
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[bytes]));
        channel.pipeline().fireChannelReadComplete();
        channel.runPendingTasks();
    }

    @Test
    void throughMosquittoEveryMessageArrivesInOrderAndAReadAfterASleepWaitedIt() throws Exception {
        int messages = 150;
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(5);
        MqttClient subscriber = connect("sub");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(messages);
        subscriber.publishHandler(m -> {
            received.add(m.payload().toString().substring(0, m.payload().toString().indexOf(' ')));
            all.countDown();
        });
        subscriber.subscribe("pause/t", 0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        long[] sleptUntil = { 0 };
        ChannelPipeline pipeline = FlushBatching.pipeline(subscriber);
        pipeline.addFirst(ReadPause.HANDLER, new ReadPause(() -> {
            LockSupport.parkNanos(pauseNanos);
            sleptUntil[0] = System.nanoTime();
        }, System::nanoTime, new LongAdder()));
        pipeline.addAfter(ReadPause.HANDLER, "gaps", new ChannelInboundHandlerAdapter() {
            private boolean inTurn;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!inTurn && sleptUntil[0] > 0) {
                    // The first read since a sleep: it must not come before the sleep's end.
                    gaps.add(System.nanoTime() - sleptUntil[0]);
                    sleptUntil[0] = 0;
                }
                inTurn = true;
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                inTurn = false;
                ctx.fireChannelReadComplete();
            }
        });
        MqttClient publisher = connect("pub");
        String padding = " " + "x".repeat(200);
        for (int i = 0; i < messages; i++) {
            publisher.publish("pause/t", Buffer.buffer("m" + i + padding), MqttQoS.AT_MOST_ONCE, false, false);
            Thread.sleep(1);
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).as("all %d arrive, missing %d", messages, all.getCount()).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            expected.add("m" + i);
        }
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(gaps).as("reads after a sleep").isNotEmpty();
        assertThat(Collections.min(gaps)).isGreaterThanOrEqualTo(0L);
        publisher.disconnect();
        subscriber.disconnect();
    }

    @Test
    void installPutsItFirstOnARealConnectionUnlessTheKeyIsZero() throws Exception {
        MqttClient on = connect("on");
        MqttClient off = connect("off");
        assertThat(ReadPause.install(on, 100, new LongAdder())).isTrue();
        assertThat(FlushBatching.pipeline(on).names().get(0)).isEqualTo(ReadPause.HANDLER);
        assertThat(ReadPause.install(off, 0, new LongAdder())).isFalse();
        assertThat(FlushBatching.pipeline(off).get(ReadPause.HANDLER)).isNull();
        on.disconnect();
        off.disconnect();
    }
}
