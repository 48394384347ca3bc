package io.gmq.gateway.modules.mqtt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.PublishResult;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Hands messages from the broker to the bus as the {@code mqtt-bridge} module: each is published at
 * {@code bus-prefix + topic}; a message the bus refuses (a full queue) is held and offered again, never dropped; one
 * outside the module's publish list is acknowledged, dropped, counted and logged.
 */
public final class ModuleHandoff implements InboundHandoff {

    private final ModuleContext context;
    private final String busPrefix;
    private final LongAdder published = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    private final LongAdder notAllowed = new LongAdder();
    private volatile boolean running = true;

    public ModuleHandoff(ModuleContext context, String busPrefix) {
        this.context = context;
        this.busPrefix = busPrefix;
    }

    @Override
    public boolean handOff(List<MqttPublishMessage> batch) throws InterruptedException {
        for (MqttPublishMessage message : batch) {
            if (!publish(message)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void stop() {
        running = false;
    }

    public long published() {
        return published.sum();
    }

    public long refusals() {
        return refusals.sum();
    }

    /** Offers one message to the bus until it is taken; false only when the bridge stops meanwhile. */
    private boolean publish(MqttPublishMessage message) throws InterruptedException {
        String topic = busPrefix + message.topicName();
        byte[] payload = PayloadBytes.received(message.payload());
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
}
