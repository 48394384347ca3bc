package io.gmq.servers.test;

import java.util.Map;

import io.gmq.servers.Endpoint;
import io.gmq.servers.ManagedServer;
import io.gmq.servers.MosquittoServer;
import io.gmq.servers.ServerKind;

/**
 * The real Mqtt server for a {@code @QuarkusTest}; see {@link ServerTestResource}. A private one with init arg
 * {@code durable=true} keeps sessions and queued messages across a stop and restart (persistence on, unbounded
 * per-client queue), for tests that restart the broker mid-stream.
 */
public class MqttTestResource extends ServerTestResource {

    public MqttTestResource() {
        super(ServerKind.MQTT);
    }

    @Override
    protected ManagedServer createPrivate(ServerKind kind, Endpoint endpoint, Map<String, String> initArgs) {
        return new MosquittoServer(endpoint, Boolean.parseBoolean(initArgs.getOrDefault("durable", "false")));
    }
}
