package io.gmq.gateway.modules.mqtt;

import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * What a bridge does when its {@link BrokerSession} connects, loses the broker or receives a message; always called
 * on the session's event loop. {@code generation} numbers the connections, so a PUBACK goes only to the connection
 * its message came on.
 */
public interface SessionListener {

    void connected(MqttClient client, long generation);

    void lost();

    void message(MqttPublishMessage message, long generation);
}
