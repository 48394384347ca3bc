package io.gmq.servers.test;

import io.gmq.servers.ServerKind;

/**
 * The real Mqtt server for a {@code @QuarkusTest}; see {@link ServerTestResource}.
 */
public class MqttTestResource extends ServerTestResource {

    public MqttTestResource() {
        super(ServerKind.MQTT);
    }
}
