package io.gmq.gateway.modules.mqtt;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioChannelOption;
import io.vertx.mqtt.MqttClient;
import jdk.net.ExtendedSocketOptions;

/**
 * Owns the short pause after a small read from an inbound broker connection. A broker writes each PUBLISH to its
 * subscriber on its own, so a subscriber that reads as soon as anything arrives takes one message per wake-up: per
 * message one epoll wait, one read and one write on the gateway, and as many wake-ups of the broker, which then spends
 * more on system calls than on routing. After a read turn that brought fewer than {@value #SMALL_TURN} bytes, the
 * event loop sleeps a few tens of microseconds once its pending tasks (the flush of what the turn forwarded) ran, so
 * the next turn takes what arrived meanwhile in one read and forwards it in one flush. A turn that brought more (a
 * backlog, or large messages) is followed by the next read at once.
 * <p>
 * A pause costs more than the wake-ups it saves when it gathers only a few messages (at 15,000 msg/s, ~2 per pause:
 * +40 % CPU per message), so it goes on only while the turns after pauses bring {@value #PAYOFF} bytes or more on
 * average (a moving average over about 8, so that one thin turn of a bursty broker does not end it); otherwise the edge
 * reads at once and tries a pause again {@value #PROBE_MILLIS} ms later.
 * <p>
 * The sleep is on the event loop itself, because its selector waits in whole milliseconds and a timer thread waking
 * it costs more system calls than the pause saves. Other connections on that event loop wait at most as long.
 */
public final class ReadPause extends ChannelInboundHandlerAdapter {

    /** About 16 messages of 100 bytes: below this a turn counts as small. */
    static final int SMALL_TURN = 2048;
    /** About 3 messages of 100 bytes (~20,000 msg/s with the default pause): what the turn after a pause must bring. */
    static final int PAYOFF = 400;
    static final long PROBE_MILLIS = 5;
    static final String HANDLER = "gmqReadPause";
    private static final ChannelOption<Boolean> QUICK_ACK = NioChannelOption.of(ExtendedSocketOptions.TCP_QUICKACK);

    private final Runnable sleep;
    private final LongSupplier clock;
    private final LongAdder pauses;
    private int bytes;
    private boolean afterPause;
    private int gathered = PAYOFF;
    private long nextProbe;

    /**
     * {@code sleep} runs on the event loop after a small turn's pending tasks; {@code clock} gives nanoseconds;
     * {@code pauses} counts them (the session's, across its connections).
     */
    ReadPause(Runnable sleep, LongSupplier clock, LongAdder pauses) {
        this.sleep = sleep;
        this.clock = clock;
        this.pauses = pauses;
        this.nextProbe = clock.getAsLong();
    }

    /** Adds the pause to the client's current connection; false where there is none or its pipeline is unreachable. */
    static boolean install(MqttClient client, long pauseMicros, LongAdder pauses) {
        ChannelPipeline pipeline = pauseMicros <= 0 ? null : FlushBatching.pipeline(client);
        if (pipeline == null) {
            return false;
        }
        if (pipeline.get(HANDLER) == null) {
            long nanos = TimeUnit.MICROSECONDS.toNanos(pauseMicros);
            pipeline.addFirst(HANDLER, new ReadPause(() -> sleep(nanos), System::nanoTime, pauses));
        }
        return true;
    }

    /** The whole pause, even when a park returns early; an interrupted event loop (shutting down) does not wait. */
    private static void sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !Thread.currentThread().isInterrupted(); left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buffer) {
            bytes += buffer.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
        if (bytes > 0) {
            // A broker with Nagle's algorithm on (Mosquitto's default) holds its next small write until we ACK the
            // last one, and the kernel may delay that ACK up to its delayed-ACK timer (40 ms): ACK now, every turn.
            quickAck(ctx);
            if (pausesNow()) {
                pauses.increment();
                ctx.executor().execute(sleep);
            }
        }
        bytes = 0;
    }

    /** A socket closed during the turn (the broker went away) throws here; it needs no ACK, and its close is logged. */
    private static void quickAck(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            try {
                ctx.channel().config().setOption(QUICK_ACK, Boolean.TRUE);
            } catch (ChannelException closing) {
                // the channel's close follows and is reported by the session (GMQ-MQT-002)
            }
        }
    }

    /** After this turn of {@code bytes}: pause if it was small and pauses pay off, or a new try is due. */
    private boolean pausesNow() {
        if (afterPause) {
            gathered += (Math.min(bytes, SMALL_TURN) - gathered) >> 3;
        }
        boolean paidOff = afterPause && gathered >= PAYOFF;
        if (afterPause && !paidOff) {
            nextProbe = clock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
        }
        afterPause = bytes < SMALL_TURN && (paidOff || !afterPause && clock.getAsLong() - nextProbe >= 0);
        return afterPause;
    }
}
