package io.gmq.gateway.modules.mqtt;

import java.util.List;

import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Where {@link InboundFlow} hands messages from the broker: the bus through a module's context
 * ({@link ModuleHandoff}), or a Reactive Messaging channel. Returns once every message of the batch is settled (taken,
 * or dropped for good and counted), so their PUBACKs may leave.
 */
public interface InboundHandoff {

    /** Settles a batch in order; false only when the flow stopped meanwhile (the rest stays unacknowledged). */
    boolean handOff(List<MqttPublishMessage> batch) throws InterruptedException;

    /** Stops waiting (the flow is stopping). */
    void stop();
}
