package io.gmq.gateway.modules.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.PublishResult;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Owns the way from the broker to the bus: messages wait in a buffer bounded by {@code capacity} (at the bound the
 * socket is paused, so the broker keeps the rest), one virtual thread publishes them on the bus in arrival order, and
 * a QoS1 message is acknowledged (PUBACK) only after every subscribed module queue has taken it. A message the bus
 * refuses (a full queue) is held and offered again, never dropped. Only the buffer methods run off the event loop.
 */
public final class InboundFlow {

    private record Received(MqttPublishMessage message, long generation) {
    }

    private static final int BATCH = 256;

    private final BrokerSession session;
    private final ModuleContext context;
    private final String busPrefix;
    private final int capacity;
    private final LinkedBlockingQueue<Received> buffer = new LinkedBlockingQueue<>();
    private final LongAdder published = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private final LongAdder notAllowed = new LongAdder();
    private final LongAdder pauses = new LongAdder();
    private volatile boolean running = true;
    /** Received, and not yet on the bus with its PUBACK handed to the event loop. */
    private final AtomicInteger unsettled = new AtomicInteger();
    private Thread worker;

    public InboundFlow(BrokerSession session, ModuleContext context, String busPrefix, int capacity) {
        this.session = session;
        this.context = context;
        this.busPrefix = busPrefix;
        this.capacity = capacity;
    }

    public void start() {
        worker = Thread.ofVirtual().name("gmq-mqtt-" + context.name() + "-in").start(this::run);
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
     * Waits up to {@code timeout} until every buffered message is on the bus and its PUBACK queued on the event loop
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
        if (worker != null) {
            worker.interrupt();
            worker.join(Duration.ofSeconds(5));
        }
        return unsettled.get();
    }

    public long published() {
        return published.sum();
    }

    public long refusals() {
        return refusals.sum();
    }

    public long notAllowed() {
        return notAllowed.sum();
    }

    public long pauses() {
        return pauses.sum();
    }

    private void run() {
        List<Received> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Received first = buffer.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, BATCH - 1);
                List<Received> toAck = new ArrayList<>(batch.size());
                for (Received received : batch) {
                    if (!publish(received.message())) {
                        return;
                    }
                    if (received.message().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                        toAck.add(received);
                    }
                }
                int settled = batch.size();
                batch.clear();
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

    /** Offers one message to the bus until it is taken; false only when the bridge stops meanwhile. */
    private boolean publish(MqttPublishMessage message) throws InterruptedException {
        String topic = busPrefix + message.topicName();
        byte[] payload = message.payload().getBytes();
        Map<String, String> headers = Map.of("mqtt-topic", message.topicName(), "mqtt-qos",
                String.valueOf(message.qosLevel().value()));
        long wait = 20;
        long refusedSince = 0;
        while (running) {
            String refusal;
            try {
                PublishResult result = context.publish(topic, payload, headers);
                if (result.fullyDelivered()) {
                    published.increment();
                    if (refusedSince != 0) {
                        context.log().infof("GMQ-MQT-009 module %s: the bus took the held message after %d ms",
                                context.name(), (System.nanoTime() - refusedSince) / 1_000_000);
                    }
                    return true;
                }
                refusal = "queue full at " + result.rejectedBy();
            } catch (IllegalArgumentException e) {
                // Not allowed by the module's publish list: no retry can succeed, and holding it would stall the
                // broker's window for good. Acknowledged, counted and logged.
                notAllowed.increment();
                context.log().warnf("GMQ-MQT-005 module %s: %s (message acknowledged and dropped, %d so far)",
                        context.name(), e.getMessage(), notAllowed.sum());
                return true;
            } catch (RuntimeException e) {
                refusal = e.toString();
            }
            refusals.increment();
            if (refusedSince == 0) {
                refusedSince = System.nanoTime();
                context.log().warnf("GMQ-MQT-006 module %s: the bus refused a message from %s (%s); holding it, and the"
                        + " broker the rest, until the bus takes it (modules that took it may see it twice)",
                        context.name(), message.topicName(), refusal);
            }
            TimeUnit.MILLISECONDS.sleep(wait);
            wait = Math.min(wait * 2, 1000);
        }
        return false;
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
