package io.gmq.gateway.modules.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Owns the way from the broker to the bus: messages wait in a buffer bounded by {@code capacity} (at the bound the
 * socket is paused, so the broker keeps the rest), one virtual thread hands them over in arrival order through an
 * {@link InboundHandoff}, and a QoS1 message is acknowledged (PUBACK) only once the handoff settled it. Only the
 * buffer methods run off the event loop.
 */
public final class InboundFlow {

    private record Received(MqttPublishMessage message, long generation) {
    }

    private static final int BATCH = 256;

    private final BrokerSession session;
    private final String name;
    private final InboundHandoff handoff;
    private final int capacity;
    private final LinkedBlockingQueue<Received> buffer = new LinkedBlockingQueue<>();
    private final LongAdder pauses = new LongAdder();
    private volatile boolean running = true;
    /** Received, and not yet settled with its PUBACK handed to the event loop. */
    private final AtomicInteger unsettled = new AtomicInteger();
    private Thread worker;

    public InboundFlow(BrokerSession session, String name, InboundHandoff handoff, int capacity) {
        this.session = session;
        this.name = name;
        this.handoff = handoff;
        this.capacity = capacity;
    }

    public void start() {
        worker = Thread.ofVirtual().name("gmq-mqtt-" + name + "-in").start(this::run);
    }

    /** On the event loop, for every PUBLISH from the broker. */
    public void received(MqttPublishMessage message, long generation) {
        unsettled.incrementAndGet();
        buffer.add(new Received(message, generation));
        // The soft bound: what one socket read already decoded still comes in after the pause (at most one read).
        if (buffer.size() >= capacity && !session.paused()) {
            pauses.increment();
            session.pause();
        }
    }

    /**
     * Waits up to {@code timeout} until every buffered message is settled and its PUBACK queued on the event loop
     * (at stop, after reading was paused); true if so.
     */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unsettled.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return unsettled.get() == 0;
    }

    /** Ends the worker; messages not settled are not acknowledged, so the broker delivers QoS1 ones again. */
    public int stop() throws InterruptedException {
        running = false;
        handoff.stop();
        if (worker != null) {
            worker.interrupt();
            worker.join(Duration.ofSeconds(5));
        }
        return unsettled.get();
    }

    public long pauses() {
        return pauses.sum();
    }

    private void run() {
        List<Received> batch = new ArrayList<>(BATCH);
        List<MqttPublishMessage> messages = new ArrayList<>(BATCH);
        while (running) {
            try {
                Received first = buffer.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, BATCH - 1);
                batch.forEach(r -> messages.add(r.message()));
                if (!handoff.handOff(messages)) {
                    return;
                }
                List<Received> toAck = new ArrayList<>(batch.size());
                for (Received received : batch) {
                    if (received.message().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                        toAck.add(received);
                    }
                }
                int settled = batch.size();
                batch.clear();
                messages.clear();
                boolean resume = session.paused() && buffer.size() <= capacity / 2;
                if (!toAck.isEmpty() || resume) {
                    // One task per batch: PUBACKs leave in the order the messages came.
                    session.context().runOnContext(v -> acknowledge(toAck, resume));
                }
                unsettled.addAndGet(-settled);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** On the event loop: PUBACK for messages of the connection they came on (a later one gets them again anyway). */
    private void acknowledge(List<Received> messages, boolean resume) {
        MqttClient client = session.client();
        if (client != null && client.isConnected()) {
            long generation = session.generation();
            for (Received received : messages) {
                if (received.generation() == generation) {
                    received.message().ack();
                }
            }
        }
        if (resume) {
            session.resume();
        }
    }
}
