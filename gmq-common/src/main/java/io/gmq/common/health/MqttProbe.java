package io.gmq.common.health;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

/**
 * The MQTT broker accepts a clean-session CONNECT (CONNACK accepted); the probe disconnects right after, and also
 * when the CONNACK comes after the monitor stopped waiting.
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
        return Uni.createFrom().emitter(emitter -> {
            MqttClient client = MqttClient.create(vertx,
                    new MqttClientOptions(options).setClientId("gmq-probe-" + UUID.randomUUID()));
            // Also when the monitor gave up waiting: a CONNACK after the timeout (a broker frozen for a while) left
            // the probe's session open for good, one per readiness request (found by an independent test).
            client.connect(port, host).onComplete(ar -> {
                if (ar.succeeded()) {
                    client.disconnect();
                    emitter.complete(null);
                } else {
                    emitter.fail(ar.cause());
                }
            });
            emitter.onTermination(() -> {
                if (!client.isConnected()) {
                    // Given up before the CONNACK: closes what is open so far (the TCP connection, if any).
                    client.disconnect();
                }
            });
        });
    }
}
