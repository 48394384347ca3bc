package io.gmq.common.health;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

/**
 * The MQTT broker accepts a clean-session CONNECT (CONNACK accepted); the probe disconnects right after.
 */
public final class MqttProbe implements DependencyProbe {

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final MqttClientOptions options;

    public MqttProbe(Vertx vertx, String host, int port, String username, String password) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.options = new MqttClientOptions();
        options.setCleanSession(true);
        options.setConnectTimeout(2000);
        if (username != null && !username.isBlank()) {
            options.setUsername(username).setPassword(password);
        }
    }

    @Override
    public String name() {
        return "MQTT broker";
    }

    @Override
    public String address() {
        return host + ":" + port;
    }

    @Override
    public Uni<Void> check() {
        return Uni.createFrom().deferred(() -> {
            MqttClient client = MqttClient.create(vertx,
                    new MqttClientOptions(options).setClientId("gmq-probe-" + UUID.randomUUID()));
            return Uni.createFrom().completionStage(() -> client.connect(port, host).toCompletionStage())
                    .chain(ack -> Uni.createFrom().completionStage(() -> client.disconnect().toCompletionStage()))
                    .onFailure().invoke(ignored -> client.disconnect())
                    .replaceWithVoid();
        });
    }
}
