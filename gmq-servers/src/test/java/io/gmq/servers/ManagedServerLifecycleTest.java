package io.gmq.servers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each server kind, started privately on a free port (the path a fresh machine takes), answers its protocol, is
 * reused rather than restarted by a second manager, survives that manager's stop, and frees its port when stopped.
 */
class ManagedServerLifecycleTest {

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void startsAnswersIsReusedAndStops(ServerKind kind) throws Exception {
        Endpoint endpoint = new Endpoint("127.0.0.1", Ports.freePort());
        ManagedServer server = kind.create(endpoint, k -> null);
        try {
            server.ensure();
            assertThat(server.startedHere()).isTrue();
            assertThat(Ports.isListening(endpoint)).isTrue();
            assertAnswers(kind, endpoint);

            ManagedServer second = kind.create(endpoint, k -> null);
            second.ensure();
            assertThat(second.startedHere()).as("a listening server is reused").isFalse();
            second.stop();
            assertThat(Ports.isListening(endpoint)).as("stopping a reused server leaves it running").isTrue();
        } finally {
            server.stop();
        }
        assertThat(Ports.await(() -> !Ports.isListening(endpoint), Duration.ofSeconds(20))).isTrue();
        assertThat(server.startedHere()).isFalse();
    }

    /** A protocol-level answer through the Debian clients; Kafka and MongoDB round trips run in the services' tests. */
    private static void assertAnswers(ServerKind kind, Endpoint endpoint) throws Exception {
        String port = String.valueOf(endpoint.port());
        switch (kind) {
            case REDIS -> {
                Commands.run("redis-cli", "-p", port, "SET", "gmq:probe", "42");
                assertThat(Commands.run("redis-cli", "-p", port, "GET", "gmq:probe").output().strip()).isEqualTo("42");
            }
            case MQTT -> {
                CompletableFuture<Commands.Result> received = CompletableFuture.supplyAsync(() -> Commands.run(
                        List.of("mosquitto_sub", "-p", port, "-t", "gmq/probe", "-C", "1", "-W", "10"), Map.of(), 15));
                Thread.sleep(500);
                Commands.run("mosquitto_pub", "-p", port, "-t", "gmq/probe", "-m", "hello");
                assertThat(received.get().output().strip()).isEqualTo("hello");
            }
            case POSTGRESQL -> assertThat(Commands.run("psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "gmq",
                    "-tAc", "SELECT current_database()").output().strip()).isEqualTo("gmq");
            case MARIADB -> assertThat(Commands.run("mariadb", "--protocol=TCP", "-h", "127.0.0.1", "-P", port, "-u", "root",
                    "-N", "-e", "SHOW DATABASES LIKE 'gmq'").output().strip()).isEqualTo("gmq");
            case KAFKA, MONGODB -> assertThat(Ports.isListening(endpoint)).isTrue();
        }
    }
}
