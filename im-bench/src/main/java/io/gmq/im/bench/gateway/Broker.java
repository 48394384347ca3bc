package io.gmq.im.bench.gateway;

import io.gmq.servers.Endpoint;
import io.gmq.servers.MosquittoServer;
import io.gmq.servers.Ports;

/**
 * The private Mosquitto of one measurement pair, on a free loopback port, fresh each time (no session of an earlier
 * gateway keeps a subscription in it): in memory, {@code max_queued_messages 0} so the broker itself never drops.
 */
final class Broker implements AutoCloseable {

    private final MosquittoServer server;

    /** {@code inflight}: Mosquitto's {@code max_inflight_messages}, its QoS1 window towards each subscriber. */
    Broker(int inflight) {
        this(inflight, "");
    }

    /** {@code extraConfig}: more mosquitto.conf lines (a bridge section). */
    Broker(int inflight, String extraConfig) {
        server = MosquittoServer.unboundedInMemory(new Endpoint("127.0.0.1", Ports.freePort()),
                "max_inflight_messages " + inflight + "\n" + extraConfig);
        server.ensure();
        if (!server.startedHere()) {
            throw new IllegalStateException("a server already listens on " + server.endpoint() + ": not private");
        }
    }

    /**
     * The first broker of a bridged pair: it forwards what is published on {@code topic} to {@code next} over a
     * Mosquitto bridge at {@code qos}, as a broker-to-broker deployment would.
     */
    static Broker bridgingTo(Broker next, int inflight, String topic, int qos) {
        return new Broker(inflight, """
                connection gmq-bench-bridge
                address 127.0.0.1:%d
                topic %s out %d
                cleansession true
                bridge_protocol_version mqttv311
                """.formatted(next.port(), topic, qos));
    }

    int port() {
        return server.endpoint().port();
    }

    long pid() {
        return server.pid();
    }

    @Override
    public void close() {
        server.stop();
    }
}
