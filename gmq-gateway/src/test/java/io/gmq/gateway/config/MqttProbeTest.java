package io.gmq.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gmq.common.health.MqttProbe;
import io.gmq.servers.Endpoint;
import io.gmq.servers.MosquittoServer;
import io.gmq.servers.Ports;
import io.vertx.core.Vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Probes of a frozen broker (SIGSTOP) that time out leave no connection behind once it answers again: each such probe
 * used to stay connected for good, one per readiness request (found by an independent test).
 */
class MqttProbeTest {

    private final Vertx vertx = Vertx.vertx();
    private MosquittoServer broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            signal("CONT");
            broker.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void probesThatGaveUpOnAFrozenBrokerCloseTheirConnections() throws Exception {
        Endpoint endpoint = new Endpoint("127.0.0.1", Ports.freePort());
        broker = MosquittoServer.unboundedInMemory(endpoint, "");
        broker.ensure();
        MqttProbe probe = new MqttProbe(vertx, endpoint.host(), endpoint.port(), null, null);
        probe.check().await().atMost(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> connectionsTo(endpoint.port()) == 0);

        signal("STOP");
        // Each gives up after 300 ms with its TCP connection open and its CONNECT unanswered.
        for (int i = 0; i < 5; i++) {
            assertThat(probe.check().map(answered -> "answered").ifNoItem().after(Duration.ofMillis(300)).fail()
                    .onFailure().recoverWithItem(failure -> failure.getClass().getSimpleName()).await().indefinitely())
                    .as("no answer from a frozen broker").isEqualTo("TimeoutException");
        }
        signal("CONT");

        await().atMost(Duration.ofSeconds(10)).until(() -> connectionsTo(endpoint.port()) == 0);
        probe.check().await().atMost(Duration.ofSeconds(5));
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(broker.pid())).inheritIO().start().waitFor();
    }

    /** Established TCP connections to this local port (client side), from /proc/net/tcp and tcp6 (Java's sockets). */
    private static long connectionsTo(int port) throws IOException {
        String remote = String.format(":%04X", port);
        long count = 0;
        for (String table : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
            count += Files.readAllLines(Path.of(table)).stream().skip(1).map(String::trim)
                    .map(line -> line.split("\\s+"))
                    .filter(fields -> fields[2].endsWith(remote) && fields[3].equals("01")).count();
        }
        return count;
    }
}
