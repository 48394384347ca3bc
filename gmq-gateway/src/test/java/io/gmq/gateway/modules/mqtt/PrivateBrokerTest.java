package io.gmq.gateway.modules.mqtt;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.gmq.servers.Endpoint;
import io.gmq.servers.MosquittoServer;
import io.gmq.servers.Ports;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;

/** The base of tests against a real Mosquitto of their own (in memory, on a free port) with vertx-mqtt clients. */
abstract class PrivateBrokerTest {

    static final Vertx VERTX = Vertx.vertx();
    private static MosquittoServer broker;
    private static Endpoint endpoint;

    @BeforeAll
    static void startBroker() {
        endpoint = new Endpoint("127.0.0.1", Ports.freePort());
        broker = MosquittoServer.unboundedInMemory(endpoint, "");
        broker.ensure();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.stop();
    }

    /** A clean-session client connected to the broker (options as the edge's, so no frame-size surprise). */
    static MqttClient connect(String id) throws Exception {
        MqttClient client = MqttClient.create(VERTX, ClientOptions.of(id + "-" + System.nanoTime(), true, 10, 30, null, ""));
        client.connect(endpoint.port(), endpoint.host()).toCompletionStage().toCompletableFuture().get(5,
                TimeUnit.SECONDS);
        return client;
    }
}
